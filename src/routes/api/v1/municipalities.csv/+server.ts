import { app } from '#lib/server/app-context.ts';
import { listMunicipalities } from '#lib/server/region/region.repository.ts';
import { municipalitiesCsv } from '#lib/server/region/open-data.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const rows = await listMunicipalities(db, locals.region.id);
	return new Response(municipalitiesCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="${locals.region.slug}-municipalities.csv"`,
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
