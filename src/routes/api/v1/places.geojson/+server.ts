import { openDataQuerySchema } from '#lib/server/place/place.schema.ts';
import { listPlacesForOpenData } from '#lib/server/place/place.service.ts';
import { placesGeoJson } from '#lib/server/place/place.open-data.ts';
import { placeContext } from '#lib/server/place/place.http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { art } = openDataQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const rows = await listPlacesForOpenData(await placeContext(event), art);
	const body = placesGeoJson(event.locals.region.slug, event.url.origin, rows);
	return new Response(JSON.stringify(body), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
