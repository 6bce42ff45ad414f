/**
 * Markets without JavaScript: a senior in Lindenfels finds this week's nearest market with
 * eggs and the producers there on /einkaufen (one 30 km away is not listed for 10 km); an
 * organiser creates a market with a seasonal schedule (a bad time first: a clear message,
 * the input kept), adds a cancelled date and a stand; the .ics files download and parse; the
 * month calendar pages by month. axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import {
	createRegionResolver,
	type RegionContext
} from '../src/lib/server/region/region.service.ts';
import type { SessionPerson } from '../src/lib/server/account/session.ts';
import {
	createMarket,
	setStand,
	type MarketContext
} from '../src/lib/server/market/market.service.ts';
import { marketSchema, standSchema } from '../src/lib/server/market/market.schema.ts';
import { createOrganisationOfKind, createProduct } from '../test/market-fixtures.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
let region: RegionContext;
const stamp = Date.now();
const tokens = { organiser: '', moderator: '' };
let organiserName = '';
let producerName = '';
let producerId = '';
const near = `Dorfmarkt Nah ${stamp}`;
const far = `Dorfmarkt Fern ${stamp}`;
const LINDENFELS = { lat: 49.684, lon: 8.782 };

async function person(role: 'citizen' | 'moderator') {
	const row = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `market-${role}.${stamp}@example.org`,
			display_name: `Markt ${role}`,
			password_hash: 'x',
			email_verified_at: new Date(),
			terms_accepted_at: new Date(),
			role
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const token = await createSession(
		db,
		{ id: row.id, regionId: region.id },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const session: SessionPerson = {
		sessionHash: 'e2e',
		id: row.id,
		regionId: region.id,
		email: '',
		displayName: `Markt ${role}`,
		emailVerified: true,
		role,
		isPlatformAdmin: false,
		language: 'de'
	};
	return { id: row.id, token, session };
}

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	region = (await createRegionResolver(db).bySlug('bergstrasse-odenwald'))!;
	const moderator = await person('moderator');
	const organiser = await person('citizen');
	tokens.moderator = moderator.token;
	tokens.organiser = organiser.token;
	const org = await createOrganisationOfKind(
		db,
		region.id,
		'market_organiser',
		[{ id: organiser.id, role: 'admin' }],
		`Marktverein ${stamp}`
	);
	organiserName = org.name;
	// an egg producer at a market 8 km from Lindenfels and at one 30 km away, every day
	const hens = await createOrganisationOfKind(db, region.id, 'producer', [], `Eierhof ${stamp}`);
	producerName = hens.name;
	producerId = hens.id;
	await createProduct(db, region.id, hens.id, 'eggs', 'Freilandeier');
	const ctx: MarketContext = {
		db,
		region,
		actor: { regionId: region.id, person: moderator.session },
		meta: { ip: '', origin: baseUrl(), lang: 'de' }
	};
	const everyDay = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`r0_d${d}`, 'on']));
	for (const [name, km] of [
		[near, 8],
		[far, 30]
	] as const) {
		const slug = await createMarket(
			ctx,
			marketSchema.parse({
				name,
				kind: 'weekly',
				placeName: `Platz ${name}`,
				municipality: 'lindenfels',
				lat: String(LINDENFELS.lat + Number(km) / 111.195),
				lon: String(LINDENFELS.lon),
				...everyDay,
				r0_start: '00:00',
				r0_end: '23:59'
			})
		);
		await setStand(ctx, slug, standSchema.parse({ producer: hens.id, regular: 'on' }));
	}
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function page(token?: string): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false, width: 390 });
	if (token) await context.addCookies([{ name: 'session', value: token, url: baseUrl() }]);
	const p = await context.newPage();
	// a locator that finds nothing fails within seconds, naming itself
	p.setDefaultTimeout(10_000);
	return p;
}

async function submit(p: Page, name: string) {
	await p.getByRole('button', { name, exact: true }).click();
	await p.waitForLoadState('load');
}

test('a senior in Lindenfels finds this week’s nearest market with eggs and its producers', async () => {
	const senior = await page();
	await visit(senior, '/einkaufen');
	await senior.getByLabel('Was suchen Sie?').selectOption({ label: 'Eier' });
	await senior.getByLabel('Wo sind Sie?').selectOption({ label: 'Lindenfels' });
	await senior.getByLabel('Umkreis').selectOption({ label: '10 km' });
	await senior.getByLabel('Diese Woche').check();
	await submit(senior, 'Suchen');
	expect(senior.url()).toContain('kategorie=eggs');
	await expectAccessible(senior);
	const results = senior.getByRole('region', {
		name: /Markttermine im Umkreis von 10 km um Lindenfels/
	});
	const first = results.getByRole('listitem').first();
	await expect(first.textContent()).resolves.toContain(near);
	await expect(first.textContent()).resolves.toContain(producerName);
	await expect(first.textContent()).resolves.toContain('Freilandeier');
	await expect(results.textContent()).resolves.not.toContain(far);

	// the market page: the producer is there, the calendar file parses
	await first.getByRole('link', { name: near }).click();
	await senior.waitForLoadState('load');
	await expectAccessible(senior);
	await expect(senior.locator('main').textContent()).resolves.toContain(producerName);
	const href = await senior
		.getByRole('link', { name: 'Zum Kalender hinzufügen' })
		.getAttribute('href');
	const download = await fetch(baseUrl() + href);
	expect(download.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
	const vevents = new ICAL.Component(ICAL.parse(await download.text())).getAllSubcomponents(
		'vevent'
	);
	expect(vevents.length).toBeGreaterThan(300);
	expect(new ICAL.Event(vevents[0]!).summary).toBe(near);
}, 120_000);

test('an organiser creates a market with a seasonal schedule, an exception and a stand', async () => {
	const organiser = await page(tokens.organiser);
	await visit(organiser, '/maerkte');
	await organiser.getByRole('link', { name: 'Markt anlegen' }).click();
	await organiser.waitForURL('**/maerkte/neu');
	await expectAccessible(organiser);
	const name = `Samstagsmarkt ${stamp}`;
	await organiser.getByLabel('Name des Markts').fill(name);
	await organiser.getByLabel('Veranstalter (Organisation)').selectOption({ label: organiserName });
	await organiser.getByLabel('Name des Platzes').fill('Burgplatz');
	await organiser.getByLabel('Stadt oder Gemeinde').selectOption({ label: 'Lindenfels' });
	await organiser.locator('input[name=r0_d6]').check();
	await organiser.locator('input[name=r0_start]').fill('07:30');
	await organiser.locator('input[name=r0_end]').fill('13:00');
	await organiser.locator('input[name=r0_from]').fill('04-01');
	await organiser.locator('input[name=r0_until]').fill('09-30');
	await organiser.locator('input[name=r1_d6]').check();
	await organiser.locator('input[name=r1_start]').fill('13:00');
	// the end before the start: a clear message at the row, the input kept, nothing saved
	await organiser.locator('input[name=r1_end]').fill('08:00');
	await organiser.locator('input[name=r1_from]').fill('10-01');
	await organiser.locator('input[name=r1_until]').fill('03-31');
	await submit(organiser, 'Markt anlegen');
	await expectAccessible(organiser);
	await expect(organiser.getByRole('alert').textContent()).resolves.toContain(
		'Das Ende muss nach dem Beginn liegen.'
	);
	await expect(organiser.getByLabel('Name des Markts').inputValue()).resolves.toBe(name);
	await expect(organiser.locator('input[name=r1_d6]').isChecked()).resolves.toBe(true);
	expect(
		await db.selectFrom('market').select('id').where('name', '=', name).execute()
	).toHaveLength(0);
	await organiser.locator('input[name=r1_start]').fill('08:00');
	await organiser.locator('input[name=r1_end]').fill('13:00');
	await submit(organiser, 'Markt anlegen');
	await organiser.waitForURL(/\/maerkte\/samstagsmarkt-\d+$/);
	const marketUrl = organiser.url();
	await expectAccessible(organiser);
	const main = await organiser.locator('main').textContent();
	expect(main).toContain('Samstag, 07:30–13:00 Uhr (vom 1. April bis 30. September)');
	expect(main).toContain('Samstag, 08:00–13:00 Uhr (vom 1. Oktober bis 31. März)');

	// an exception: a bad date first, then a cancelled Saturday
	await organiser.getByRole('link', { name: 'Markt bearbeiten' }).click();
	await organiser.waitForLoadState('load');
	await expectAccessible(organiser);
	await organiser.getByLabel('Datum (JJJJ-MM-TT)').fill('2027-02-30');
	await submit(organiser, 'Ausnahme hinzufügen');
	await expectAccessible(organiser);
	await expect(organiser.getByRole('alert').textContent()).resolves.toContain(
		'Bitte ein gültiges Datum angeben.'
	);
	const next = new Date();
	next.setUTCDate(next.getUTCDate() + ((6 - next.getUTCDay() + 7) % 7) + 7);
	const saturday = next.toISOString().slice(0, 10);
	await organiser.getByLabel('Datum (JJJJ-MM-TT)').fill(saturday);
	await organiser.getByLabel('Art der Ausnahme').selectOption({ label: 'Fällt aus' });
	await organiser.getByLabel('Hinweis (optional)').fill('Burgfest');
	await submit(organiser, 'Ausnahme hinzufügen');
	await expectAccessible(organiser);
	await expect(organiser.getByRole('status').textContent()).resolves.toContain('Gespeichert');
	await organiser.goto(marketUrl);
	await expect(organiser.locator('main').textContent()).resolves.toContain('Burgfest');

	// a regular stand for the egg producer
	await visit(organiser, `${new URL(marketUrl).pathname}/staende`);
	await organiser.getByLabel('Erzeuger').selectOption({ label: producerName });
	await organiser.getByLabel('Standbezeichnung', { exact: false }).fill('Stand 3');
	await submit(organiser, 'Stand speichern');
	await expectAccessible(organiser);
	await organiser.goto(marketUrl);
	await expect(organiser.locator('main').textContent()).resolves.toContain('Stand 3');
	const stands = await db
		.selectFrom('market_stand')
		.select('regular')
		.where('producer_id', '=', producerId)
		.execute();
	expect(stands).toHaveLength(3);

	// the feed of all markets parses; the cancelled date is marked
	const feed = await fetch(`${baseUrl()}/api/v1/markets.ics`);
	const events = new ICAL.Component(ICAL.parse(await feed.text()))
		.getAllSubcomponents('vevent')
		.map((v) => new ICAL.Event(v));
	const cancelled = events.find((e) => e.summary === name && e.uid.includes(saturday))!;
	expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');

	// the month calendar, paged to the next month; open data
	await visit(organiser, '/maerkte');
	await organiser.getByRole('link', { name: 'Nächster Monat' }).click();
	await organiser.waitForLoadState('load');
	await expectAccessible(organiser);
	expect(organiser.url()).toMatch(/monat=\d{4}-\d{2}/);
	await expect(organiser.getByRole('table').textContent()).resolves.toContain(name);
	const geo = await (await fetch(`${baseUrl()}/api/v1/markets.geojson`)).json();
	expect(geo.type).toBe('FeatureCollection');
	const csv = await (await fetch(`${baseUrl()}/api/v1/market-dates.csv`)).text();
	expect(csv.split('\n')[0]).toContain('market');
	// English once
	await organiser.goto(`${baseUrl()}/sprache/en?next=${new URL(marketUrl).pathname}`);
	await organiser.waitForLoadState('load');
	await expectAccessible(organiser);
	await expect(organiser.locator('main').textContent()).resolves.toContain(
		'Saturday, 07:30–13:00 (from 1 April until 30 September)'
	);
}, 240_000);
