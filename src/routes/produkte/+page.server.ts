import { searchProductsPage } from '#lib/server/product/product.service.ts';
import { searchQuerySchema } from '#lib/server/product/product.schema.ts';
import { canAddProducts } from '#lib/server/product/product.policy.ts';
import { productContext, throwHttpError } from '#lib/server/product/product.http.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = searchQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		const result = await searchProductsPage(await productContext(event), query);
		return { ...result, query, canAdd: canAddProducts(actorOf(event)) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
