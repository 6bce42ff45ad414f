/** Both iCalendar feeds, parsed with a standard client library (ical.js). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import ICAL from 'ical.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { eventSchema } from './event.schema.ts';
import { createEvent, eventCalendar, eventFeed, type EventContext } from './event.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const ctx = (region: RegionContext, person: EventContext['actor']['person']): EventContext => ({
	db: t.db,
	region,
	actor: { regionId: region.id, person },
	smtp: false,
	meta: { ip: '', lang: 'de', origin: 'https://bergstrasse.example' }
});

function events(text: string) {
	return new ICAL.Component(ICAL.parse(text))
		.getAllSubcomponents('vevent')
		.map((v) => new ICAL.Event(v));
}

test('one event and the feed: UTC times across daylight saving, fields, topic filter', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const year = new Date().getUTCFullYear() + 1;
	// the last Sunday of March and of October: the days the clocks change
	const lastSunday = (month: number) => {
		const d = new Date(Date.UTC(year, month + 1, 0));
		d.setUTCDate(d.getUTCDate() - d.getUTCDay());
		return d.toISOString().slice(0, 10);
	};
	const spring = await createEvent(
		ctx(demo, moderator),
		eventSchema.parse({
			kind: 'workshop',
			topicField: 'gesundheit-pflege',
			title: 'Workshop Gesundheit; Pflege, Nachbarschaft',
			description: 'Mit Kaffee\nund Kuchen',
			startsAt: `${lastSunday(2)}T10:00`,
			endsAt: `${lastSunday(2)}T13:30`,
			municipality: 'lindenfels',
			address: 'Burgstraße 5',
			lat: '49.6838',
			lon: '8.7811',
			onlineUrl: 'https://meet.example.org/pflege'
		})
	);
	const autumn = await createEvent(
		ctx(demo, moderator),
		eventSchema.parse({
			kind: 'information',
			title: 'Informationsabend Wohnen',
			startsAt: `${lastSunday(9)}T19:00`,
			endsAt: `${lastSunday(9)}T21:00`,
			municipality: 'michelstadt'
		})
	);

	const one = events(await eventCalendar(ctx(demo, null), spring));
	expect(one).toHaveLength(1);
	const e = one[0]!;
	// 10:00 summer time (CEST, +2) is 08:00 UTC; 19:00 winter time (CET, +1) is 18:00 UTC
	expect(e.startDate.toJSDate().toISOString()).toBe(`${lastSunday(2)}T08:00:00.000Z`);
	expect(e.endDate.toJSDate().toISOString()).toBe(`${lastSunday(2)}T11:30:00.000Z`);
	expect(e.uid).toBe(`${spring}@bergstrasse.example`);
	expect(e.summary).toBe('Workshop Gesundheit; Pflege, Nachbarschaft');
	expect(e.description).toBe('Mit Kaffee\nund Kuchen');
	expect(e.location).toBe('Burgstraße 5, Lindenfels – https://meet.example.org/pflege');
	expect(e.component.getFirstPropertyValue('geo')).toEqual([49.6838, 8.7811]);
	expect(e.component.getFirstPropertyValue('url')).toBe(
		`https://bergstrasse.example/veranstaltungen/${spring}`
	);
	expect(e.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
	expect(e.component.getFirstPropertyValue('dtstamp')).not.toBeNull();

	const feed = events(await eventFeed(ctx(demo, null), {}));
	const autumnEvent = feed.find((x) => x.uid === `${autumn}@bergstrasse.example`)!;
	expect(autumnEvent.startDate.toJSDate().toISOString()).toBe(`${lastSunday(9)}T18:00:00.000Z`);
	// no exact point: no GEO
	expect(autumnEvent.component.getFirstPropertyValue('geo')).toBeNull();
	expect(feed.map((x) => x.uid)).toContain(`${spring}@bergstrasse.example`);

	const filtered = events(await eventFeed(ctx(demo, null), { topicField: 'gesundheit-pflege' }));
	expect(filtered.map((x) => x.uid)).toEqual([`${spring}@bergstrasse.example`]);
	expect(events(await eventFeed(ctx(demo, null), { topicField: 'gibt-es-nicht' }))).toEqual([]);
	expect(events(await eventFeed(ctx(other, null), {}))).toEqual([]);
	await expect(eventCalendar(ctx(other, null), spring)).rejects.toMatchObject({
		code: 'not_found'
	});
});
