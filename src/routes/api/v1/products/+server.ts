import { json } from '@sveltejs/kit';
import { exportProducts } from '#lib/server/product/product.service.ts';
import { apiPageSchema } from '#lib/server/product/product.schema.ts';
import { productContext } from '#lib/server/product/product.http.ts';
import type { RequestHandler } from './$types';

/** All products of the region, 500 a page (?page=2 …), with producer, labels and season. */
export const GET: RequestHandler = async (event) => {
	const { page } = apiPageSchema.parse(Object.fromEntries(event.url.searchParams));
	const result = await exportProducts(await productContext(event), page, event.url.origin);
	const headers: Record<string, string> = {
		'access-control-allow-origin': '*',
		'cache-control': 'public, max-age=60'
	};
	if (page < result.pages) {
		headers.link = `<${event.url.origin}/api/v1/products?page=${page + 1}>; rel="next"`;
	}
	return json(result, { headers });
};
