/**
 * Place rows → what pages, search and open data show. Opening hours become a weekly table
 * (Monday … Sunday, with seasons noted) and "open now, until …" / "next open …".
 */
import type { Localised } from '../db/schema.ts';
import { t } from '../../i18n/index.ts';
import { openAt, upcoming, type Schedule } from '../schedule/schedule.ts';
import { instantToZoned } from '../schedule/zoned-time.ts';
import { WEEKDAYS, type PlaceKind } from './place.schema.ts';
import type { NearbyPlace } from './place.repository.ts';

export interface PlaceListItem {
	slug: string;
	name: string;
	kind: PlaceKind;
	address: string;
	municipality: string;
	lat: number;
	lon: number;
	/** km, one decimal; only when searched by distance */
	distanceKm: number | null;
	openNow: boolean | null;
}

type ListRow = Omit<NearbyPlace, 'distance_km'> & { distance_km?: number };

export function addressOf(row: { street: string; postcode: string; municipality_name: string }) {
	const town = [row.postcode, row.municipality_name].filter(Boolean).join(' ');
	return [row.street, town].filter(Boolean).join(', ');
}

export function toListItem(row: ListRow, now: Date): PlaceListItem {
	return {
		slug: row.slug,
		name: row.name,
		kind: row.kind,
		address: addressOf(row),
		municipality: row.municipality_name,
		lat: row.lat,
		lon: row.lon,
		distanceKm: row.distance_km === undefined ? null : Math.round(row.distance_km * 10) / 10,
		openNow: row.opening_hours ? openNowOf(row.opening_hours, now) : null
	};
}

function openNowOf(value: unknown, now: Date): boolean | null {
	try {
		return openAt(value as Schedule, now).open;
	} catch {
		return null;
	}
}

export interface OpeningHoursView {
	/**
	 * Monday first: ISO weekday and its time ranges ("09:00–12:30", with season and weeks of the
	 * month if any: weeks 1–5, -1 for the last)
	 */
	days: {
		weekday: number;
		ranges: { start: string; end: string; season?: string; weeks?: number[] }[];
	}[];
	closedOnHolidays: boolean;
	open: boolean;
	/** HH:MM local, when open */
	until?: string;
	/** the next opening when closed: ISO weekday, local date and time */
	next?: { weekday: number; date: string; time: string };
}

export function openingHoursView(schedule: Schedule, now: Date): OpeningHoursView {
	const zone = schedule.timeZone;
	const state = openAt(schedule, now);
	const view: OpeningHoursView = {
		days: WEEKDAYS.map((weekday) => ({
			weekday,
			ranges: schedule.rules
				.filter((rule) => rule.weekdays.includes(weekday))
				.map((rule) => ({
					start: rule.start,
					end: rule.end,
					...(rule.season ? { season: `${rule.season.from}–${rule.season.until}` } : {}),
					...(rule.weeksOfMonth ? { weeks: [...rule.weeksOfMonth] } : {})
				}))
				.sort((a, b) => a.start.localeCompare(b.start))
		})),
		closedOnHolidays: schedule.skipHolidaysIn !== undefined,
		open: state.open
	};
	if (state.open && state.until) {
		view.until = instantToZoned(state.until, zone).time;
	} else {
		const [next] = upcoming(schedule, now, 1, 60);
		if (next) {
			const local = instantToZoned(next.startsAt, zone);
			view.next = { weekday: local.weekday, date: local.date, time: local.time };
		}
	}
	return view;
}

/** The place's search entry in both languages. */
export function searchDocumentOf(place: {
	name: string;
	kind: PlaceKind;
	street: string;
	municipality: string;
	description: string;
}): { title: Localised; body: Localised } {
	const body = (lang: 'de' | 'en') =>
		[t(lang, `place.kind.${place.kind}`), place.street, place.municipality, place.description]
			.filter(Boolean)
			.join(' · ')
			.slice(0, 2000);
	return { title: { de: place.name, en: place.name }, body: { de: body('de'), en: body('en') } };
}

const SCHEMA_DAYS = [
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday',
	'Sunday'
] as const;

/** schema.org data for a place's page: a Store, a LocalBusiness (farm) or a Place. */
export function placeJsonLd(
	place: {
		name: string;
		kind: PlaceKind;
		description: string;
		street: string;
		postcode: string;
		municipality: { name: string };
		lat: number;
		lon: number;
	},
	schedule: Schedule | null,
	pageUrl: string
): Record<string, unknown> {
	const type = place.kind === 'shop' ? 'Store' : place.kind === 'farm' ? 'LocalBusiness' : 'Place';
	return {
		'@context': 'https://schema.org',
		'@type': type,
		'@id': pageUrl,
		url: pageUrl,
		name: place.name,
		...(place.description ? { description: place.description.slice(0, 500) } : {}),
		address: {
			'@type': 'PostalAddress',
			...(place.street ? { streetAddress: place.street } : {}),
			...(place.postcode ? { postalCode: place.postcode } : {}),
			addressLocality: place.municipality.name,
			addressCountry: 'DE'
		},
		geo: { '@type': 'GeoCoordinates', latitude: place.lat, longitude: place.lon },
		// schema.org cannot say "first Saturday of the month": such rules are left out, not
		// passed off as every Saturday
		...(schedule && schedule.rules.some((rule) => !rule.weeksOfMonth)
			? {
					openingHoursSpecification: schedule.rules
						.filter((rule) => !rule.weeksOfMonth)
						.map((rule) => ({
							'@type': 'OpeningHoursSpecification',
							dayOfWeek: rule.weekdays.map((day) => `https://schema.org/${SCHEMA_DAYS[day - 1]}`),
							opens: rule.start,
							closes: rule.end
						}))
				}
			: {})
	};
}
