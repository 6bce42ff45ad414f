/** Public region data in standard formats: JSON, GeoJSON (RFC 7946) and CSV (RFC 4180). */
import type { RegionContext } from './region.service.ts';

interface MunicipalityRow {
	slug: string;
	name: string;
	lat: number;
	lon: number;
	uncertain: boolean;
	district_key: string;
	district_name: string;
}

export function municipalitiesGeoJson(region: RegionContext, rows: MunicipalityRow[]) {
	return {
		type: 'FeatureCollection',
		name: `${region.slug}-municipalities`,
		features: rows.map((m) => ({
			type: 'Feature',
			id: m.slug,
			// GeoJSON order is [longitude, latitude]
			geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
			properties: {
				name: m.name,
				district: m.district_name,
				districtKey: m.district_key,
				approximate: m.uncertain
			}
		}))
	};
}

function csvField(value: string | number | boolean): string {
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | boolean)[][]): string {
	return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function municipalitiesCsv(rows: MunicipalityRow[]): string {
	return toCsv(
		['slug', 'name', 'district', 'latitude', 'longitude', 'approximate'],
		rows.map((m) => [m.slug, m.name, m.district_name, m.lat, m.lon, m.uncertain])
	);
}

export function regionJson(region: RegionContext) {
	return {
		slug: region.slug,
		name: region.name,
		state: region.state,
		defaultLanguage: region.defaultLanguage,
		tagline: region.tagline,
		topicFields: region.topicFields.map((f) => ({
			key: f.key,
			name: f.name,
			summary: f.summary,
			goal: f.goal,
			colour: f.colour
		})),
		contributionCategories: region.categories,
		targetGroups: region.targetGroups,
		municipalityCount: region.municipalityCount
	};
}
