import { app } from '#lib/server/app-context.ts';
import { listMunicipalities } from '#lib/server/region/region.repository.ts';
import type { PageServerLoad } from './$types';

/** The region's towns and municipalities: a map and a list by district (from the region file). */
export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	const municipalities = await listMunicipalities(db, locals.region.id);
	return {
		municipalities: municipalities.map((m) => ({
			id: m.slug,
			name: m.name,
			lat: m.lat,
			lon: m.lon,
			uncertain: m.uncertain,
			group: m.district_name
		})),
		districts: [...new Set(municipalities.map((m) => m.district_name))].sort()
	};
};
