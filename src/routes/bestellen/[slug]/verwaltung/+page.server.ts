import { coordinatorView } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { view: await coordinatorView(await orderContext(event), event.params.slug) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
