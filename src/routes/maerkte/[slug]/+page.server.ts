import { marketPage } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		return {
			page: await marketPage(await marketContext(event), event.params.slug),
			saved: event.url.searchParams.has('gespeichert'),
			origin: event.url.origin
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
