import { producersGeoJson } from '#lib/server/product/product.service.ts';
import { productContext } from '#lib/server/product/product.http.ts';
import type { RequestHandler } from './$types';

/** Producer organisations with products as GeoJSON points (RFC 7946). */
export const GET: RequestHandler = async (event) => {
	const body = await producersGeoJson(
		await productContext(event),
		event.locals.region.slug,
		event.url.origin
	);
	return new Response(JSON.stringify(body), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
