/**
 * The place capability's glue to SvelteKit: the service context from a request, how service
 * errors become responses, and the map settings pages hand to PlaceMap.
 */
import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { readConfig } from '../config.ts';
import { failFromError, type FormFailure } from '../http/form.ts';
import { actorOf, clientAddress, throwHttpError } from '../http/context.ts';
import { AppError } from '../security/app-error.ts';
import type { PlaceContext } from './place.service.ts';

export async function placeContext(event: RequestEvent): Promise<PlaceContext> {
	const { db } = await app();
	return {
		db,
		// the snapshot's region object itself: region-lists.ts keeps the region's lists by it
		region: event.locals.region,
		actor: actorOf(event),
		meta: { lang: event.locals.lang, ip: clientAddress(event) }
	};
}

export { throwHttpError };

const FORM_PROBLEMS = new Set(['invalid', 'conflict', 'rate_limited']);

export function actionError(
	event: RequestEvent,
	caught: unknown,
	data: FormData
): ActionFailure<FormFailure> {
	if (caught instanceof AppError && FORM_PROBLEMS.has(caught.code)) {
		return failFromError(caught, data, event.setHeaders);
	}
	throwHttpError(event, caught);
}

export interface MapTiles {
	url: string;
	attribution: string;
}

let tiles: MapTiles | null | undefined;

/** The tile server for the enhanced map, or null: then the map stays the server-drawn SVG. */
export function mapTiles(): MapTiles | null {
	if (tiles === undefined) {
		const config = readConfig();
		tiles = config.MAP_TILE_URL
			? { url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION }
			: null;
	}
	return tiles;
}
