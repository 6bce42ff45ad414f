/** The region's places as open data: GeoJSON (RFC 7946, [lon, lat]) and CSV (RFC 4180). */
import { toCsv } from '../region/open-data.ts';
import { addressOf } from './place.presenter.ts';
import type { PlaceKind } from './place.schema.ts';

interface OpenPlaceRow {
	slug: string;
	name: string;
	kind: PlaceKind;
	shop_kind: string | null;
	street: string;
	postcode: string;
	municipality_name: string;
	lat: number;
	lon: number;
}

export function placesGeoJson(regionSlug: string, origin: string, rows: OpenPlaceRow[]) {
	return {
		type: 'FeatureCollection',
		name: `${regionSlug}-places`,
		features: rows.map((p) => ({
			type: 'Feature',
			id: p.slug,
			// GeoJSON order is [longitude, latitude]
			geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
			properties: {
				name: p.name,
				kind: p.kind,
				shopKind: p.shop_kind,
				address: addressOf(p),
				municipality: p.municipality_name,
				url: `${origin}/orte/${p.slug}`
			}
		}))
	};
}

/** Text a spreadsheet would take for a formula gets a leading apostrophe (CSV injection). */
function cell(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function placesCsv(origin: string, rows: OpenPlaceRow[]): string {
	return toCsv(
		[
			'slug',
			'name',
			'kind',
			'shop_kind',
			'street',
			'postcode',
			'municipality',
			'latitude',
			'longitude',
			'url'
		],
		rows.map((p) => [
			p.slug,
			cell(p.name),
			p.kind,
			p.shop_kind ?? '',
			cell(p.street),
			p.postcode,
			cell(p.municipality_name),
			p.lat,
			p.lon,
			`${origin}/orte/${p.slug}`
		])
	);
}
