import { producerView } from '#lib/server/order/order.service.ts';
import { pickListCsv } from '#lib/server/order/order.csv.ts';
import { csvResponse, orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	try {
		const view = await producerView(await orderContext(event), event.params.slug, event.params.org);
		return csvResponse(
			pickListCsv(view.pickList),
			`liste-${event.params.slug}-${event.params.org}.csv`
		);
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
