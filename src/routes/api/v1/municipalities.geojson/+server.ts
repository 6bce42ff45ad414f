import { app } from '#lib/server/app-context.ts';
import { listMunicipalities } from '#lib/server/region/region.repository.ts';
import { municipalitiesGeoJson } from '#lib/server/region/open-data.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const rows = await listMunicipalities(db, locals.region.id);
	return new Response(JSON.stringify(municipalitiesGeoJson(locals.region, rows)), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
