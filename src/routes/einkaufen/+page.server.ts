import { findShopping } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { PRODUCT_CATEGORIES, shoppingQuerySchema } from '#lib/server/market/market.schema.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const query = shoppingQuerySchema.parse(Object.fromEntries(params));
	return {
		query: {
			kategorie: query.kategorie ?? '',
			suche: query.suche ?? '',
			ort: query.ort ?? '',
			umkreis: query.umkreis,
			zeitraum: query.zeitraum
		},
		categories: PRODUCT_CATEGORIES,
		submitted: params.has('ort'),
		result: await findShopping(await marketContext(event), query)
	};
};
