import { openDataQuerySchema } from '#lib/server/place/place.schema.ts';
import { listPlacesForOpenData } from '#lib/server/place/place.service.ts';
import { placesCsv } from '#lib/server/place/place.open-data.ts';
import { placeContext } from '#lib/server/place/place.http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { art } = openDataQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const rows = await listPlacesForOpenData(await placeContext(event), art);
	return new Response(placesCsv(event.url.origin, rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="${event.locals.region.slug}-places.csv"`,
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
