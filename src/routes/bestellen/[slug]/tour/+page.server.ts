import { cycleTour } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { mapTiles } from '#lib/server/place/place.http.ts';
import type { PageServerLoad } from './$types';

/** Client-side code only for the tile map, when an operator configured a tile server. */
export const csr = mapTiles() !== null;

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return {
			tour: await cycleTour(await orderContext(event), event.params.slug),
			tiles: mapTiles()
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
