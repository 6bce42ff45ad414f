import { app } from '#lib/server/app-context.ts';
import { listMunicipalities } from '#lib/server/region/region.repository.ts';
import { PLACE_KINDS, RADII, listQuerySchema } from '#lib/server/place/place.schema.ts';
import { listPlaces } from '#lib/server/place/place.service.ts';
import { mapTiles, placeContext, throwHttpError } from '#lib/server/place/place.http.ts';
import type { PageServerLoad } from './$types';

// the page enhances its map only when a tile server is configured (docs/decisions/0001)
export const csr = mapTiles() !== null;

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	const { db } = await app();
	const query = listQuerySchema.parse(Object.fromEntries(url.searchParams));
	let result;
	try {
		result = await listPlaces(await placeContext(event), query);
	} catch (caught) {
		throwHttpError(event, caught);
	}
	const municipalities = await listMunicipalities(db, locals.region.id);
	return {
		places: result,
		filter: {
			art: query.art ?? '',
			ort: query.nahe ? '' : (result.centre?.slug ?? ''),
			nahe: query.nahe ?? '',
			umkreis: query.umkreis
		},
		kinds: PLACE_KINDS,
		radii: RADII,
		tiles: mapTiles(),
		// the filter names each municipality once; their map and list are on /orte/gemeinden
		municipalities: municipalities.map((m) => ({ id: m.slug, name: m.name }))
	};
};
