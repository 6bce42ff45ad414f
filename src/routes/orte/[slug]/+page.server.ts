import { getPlace } from '#lib/server/place/place.service.ts';
import { placeJsonLd } from '#lib/server/place/place.presenter.ts';
import { mapTiles, placeContext, throwHttpError } from '#lib/server/place/place.http.ts';
import type { PageServerLoad } from './$types';

// the page enhances its map only when a tile server is configured (docs/decisions/0001)
export const csr = mapTiles() !== null;

export const load: PageServerLoad = async (event) => {
	try {
		const { place, hours, schedule, producers, permissions } = await getPlace(
			await placeContext(event),
			event.params.slug
		);
		const notice = (['angelegt', 'gespeichert', 'erzeuger'] as const).find((key) =>
			event.url.searchParams.has(key)
		);
		return {
			place,
			hours,
			producers,
			permissions,
			tiles: mapTiles(),
			jsonLd: placeJsonLd(place, schedule, `${event.url.origin}/orte/${place.slug}`),
			notice: notice ?? null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
