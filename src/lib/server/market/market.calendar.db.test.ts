/** The markets' iCalendar files, read by a standard client library (ical.js); GeoJSON and CSV. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import ICAL from 'ical.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { exceptionFormSchema, marketSchema } from './market.schema.ts';
import {
	addException,
	createMarket,
	marketDatesRows,
	marketIcs,
	marketsFeed,
	marketsGeoJson,
	type MarketContext
} from './market.service.ts';
import type { SessionPerson } from '../account/session.ts';

let t: TestDatabase;
let demo: RegionContext;
let moderator: SessionPerson;
const YEAR = new Date().getUTCFullYear() + 1;
// the calendars are computed from 1 January next year
const NOW = new Date(`${YEAR}-01-01T06:00:00Z`);

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	moderator = await createPerson(t.db, demo, { role: 'moderator' });
});
afterAll(async () => {
	await t?.destroy();
});

const ctx = (): MarketContext => ({
	db: t.db,
	region: demo,
	actor: { regionId: demo.id, person: moderator },
	meta: { ip: '', origin: 'https://bergstrasse.example', lang: 'de' }
});

function events(text: string) {
	return new ICAL.Component(ICAL.parse(text))
		.getAllSubcomponents('vevent')
		.map((v) => new ICAL.Event(v));
}

const days = (row: number) =>
	Object.fromEntries([1, 2, 3, 4, 5, 6].map((d) => [`r${row}_d${d}`, 'on']));

test('a seasonal market: summer 07:30 is 05:30Z, winter 08:00 is 07:00Z; cancelled and holidays', async () => {
	const slug = await createMarket(
		ctx(),
		marketSchema.parse({
			name: 'Wochenmarkt Bensheim; Test, mit Komma',
			kind: 'weekly',
			placeName: 'Marktplatz',
			street: 'Hauptstraße',
			municipality: 'bensheim',
			skipHolidays: 'on',
			...days(0),
			r0_start: '07:30',
			r0_end: '13:00',
			r0_from: '04-01',
			r0_until: '09-30',
			...days(1),
			r1_start: '08:00',
			r1_end: '13:00',
			r1_from: '10-01',
			r1_until: '03-31'
		})
	);
	await addException(
		ctx(),
		slug,
		exceptionFormSchema.parse({ date: `${YEAR}-06-16`, kind: 'cancelled', note: 'Stadtfest' })
	);
	const text = await marketIcs(ctx(), slug, NOW);
	const all = events(text);
	// about six dates a week for a year
	expect(all.length).toBeGreaterThan(280);
	const on = (date: string) => all.filter((e) => e.uid.includes(`-${date}`));
	// 16 June (Wednesday): summer time, +2 h, cancelled
	const june = on(`${YEAR}-06-16`)[0]!;
	expect(june.startDate.toJSDate().toISOString()).toBe(`${YEAR}-06-16T05:30:00.000Z`);
	expect(june.component.getFirstPropertyValue('status')).toBe('CANCELLED');
	expect(june.summary).toBe('Wochenmarkt Bensheim; Test, mit Komma');
	expect(june.location).toBe('Marktplatz, Hauptstraße, Bensheim');
	// a Tuesday in November: winter time, +1 h
	let november = `${YEAR}-11-02`;
	while (new Date(`${november}T12:00:00Z`).getUTCDay() !== 2) {
		november = `${YEAR}-11-0${Number(november.slice(-1)) + 1}`;
	}
	const winter = on(november)[0]!;
	expect(winter.startDate.toJSDate().toISOString()).toBe(`${november}T07:00:00.000Z`);
	expect(winter.endDate.toJSDate().toISOString()).toBe(`${november}T12:00:00.000Z`);
	expect(winter.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
	// 3 October (German Unity Day) is a public holiday in Hessen: marked cancelled if a weekday
	const unity = on(`${YEAR}-10-03`);
	for (const e of unity) expect(e.component.getFirstPropertyValue('status')).toBe('CANCELLED');
	// UIDs are stable: the same file again gives the same UIDs, and they are unique
	const again = events(await marketIcs(ctx(), slug, NOW));
	expect(again.map((e) => e.uid)).toEqual(all.map((e) => e.uid));
	expect(new Set(all.map((e) => e.uid)).size).toBe(all.length);
	expect(all[0]!.uid).toMatch(/^market-[0-9a-f-]{36}-\d{4}-\d{2}-\d{2}@bergstrasse\.example$/);

	// the feed of all markets contains the same dates
	const feed = events(await marketsFeed(ctx(), NOW));
	expect(feed.filter((e) => e.uid.includes(`-${YEAR}-06-16`)).length).toBeGreaterThanOrEqual(1);

	// GeoJSON: lon, lat order; next dates
	const geo = await marketsGeoJson(ctx(), NOW);
	const feature = geo.features.find((f) => f.id === slug)!;
	expect(feature.geometry.coordinates).toEqual([8.618, 49.684]);
	// 1 January is a holiday; the first date is the next day that is not a Sunday
	const first = new Date(`${YEAR}-01-02T12:00:00Z`).getUTCDay() === 0 ? '03' : '02';
	expect(feature.properties.nextDates[0]!.start).toBe(`${YEAR}-01-${first}T07:00:00.000Z`);

	// CSV rows: the cancelled date is marked
	const csv = await marketDatesRows(ctx(), NOW);
	const row = csv.rows.find((r) => r[0] === slug && r[3] === `${YEAR}-06-16`)!;
	expect(row[6]).toBe('cancelled');
});
