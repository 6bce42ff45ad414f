import { marketsGeoJson } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const geojson = await marketsGeoJson(await marketContext(event));
	return new Response(JSON.stringify(geojson), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
