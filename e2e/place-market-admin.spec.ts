/**
 * Keeping places and markets, without JavaScript: an organiser limits a weekly market to the
 * first Saturday of the month (a week posted by hand first: a message, nothing saved), and the
 * page, the edit form and the calendar file then know only first Saturdays; a moderator limits
 * a farm shop's hours to the 1st and 3rd Saturday (its five rules all shown and kept). A market square in use cannot be deleted
 * (the page says which market uses it); the organiser deletes the market on its confirmation
 * page (the box must be ticked), then the square can go too. axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession, type SessionPerson } from '../src/lib/server/account/session.ts';
import {
	createRegionResolver,
	type RegionContext
} from '../src/lib/server/region/region.service.ts';
import { createMarket, type MarketContext } from '../src/lib/server/market/market.service.ts';
import { marketSchema } from '../src/lib/server/market/market.schema.ts';
import { createPlace, type PlaceContext } from '../src/lib/server/place/place.service.ts';
import { placeSchema } from '../src/lib/server/place/place.schema.ts';
import { createOrganisationOfKind } from '../test/market-fixtures.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
let region: RegionContext;
const stamp = Date.now();
const tokens = { organiser: '', moderator: '' };
let moderatorSession: SessionPerson;
let organiserSlug = '';

async function person(role: 'citizen' | 'moderator') {
	const row = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `admin-${role}.${stamp}@example.org`,
			display_name: `Pflege ${role}`,
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
		displayName: `Pflege ${role}`,
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
	moderatorSession = moderator.session;
	organiserSlug = (
		await createOrganisationOfKind(
			db,
			region.id,
			'market_organiser',
			[{ id: organiser.id, role: 'admin' }],
			`Monatsmarktverein ${stamp}`
		)
	).slug;
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function page(token: string): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false, width: 390 });
	await context.addCookies([{ name: 'session', value: token, url: baseUrl() }]);
	const p = await context.newPage();
	p.setDefaultTimeout(10_000);
	return p;
}

async function submit(p: Page, name: string) {
	await p.getByRole('button', { name, exact: true }).click();
	await p.waitForLoadState('load');
	await expectAccessible(p);
}

async function follow(p: Page, name: string) {
	await p.getByRole('link', { name }).click();
	await p.waitForLoadState('load');
	await expectAccessible(p);
}

const marketRow = (name: string) =>
	db
		.selectFrom('market')
		.select(['id', 'slug', 'schedule', 'place_id'])
		.where('region_id', '=', region.id)
		.where('name', '=', name)
		.executeTakeFirst();

test('a market on the first Saturday of the month: kept by the form, only first Saturdays in the calendar; then deleted', async () => {
	const name = `Monatsmarkt ${stamp}`;
	const ctx: MarketContext = {
		db,
		region,
		actor: { regionId: region.id, person: moderatorSession },
		meta: { ip: '', origin: baseUrl(), lang: 'de' }
	};
	const slug = await createMarket(
		ctx,
		marketSchema.parse({
			name,
			kind: 'weekly',
			organiser: organiserSlug,
			placeName: `Monatsplatz ${stamp}`,
			municipality: 'lindenfels',
			r0_d6: 'on',
			r0_start: '08:00',
			r0_end: '12:00'
		})
	);
	const { place_id: squareId, id: marketId } = (await marketRow(name))!;
	const square = await db
		.selectFrom('place')
		.select('slug')
		.where('id', '=', squareId)
		.executeTakeFirstOrThrow();
	const organiser = await page(tokens.organiser);
	await visit(organiser, `/maerkte/${slug}/bearbeiten`);

	// a week that the form never offers, posted by hand: 400, a message, nothing changes
	const before = (await marketRow(name))!.schedule;
	const bad = await fetch(`${baseUrl()}/maerkte/${slug}/bearbeiten?/save`, {
		method: 'POST',
		headers: {
			cookie: `session=${tokens.organiser}`,
			origin: baseUrl(),
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({
			name,
			kind: 'weekly',
			organiser: organiserSlug,
			place: square.slug,
			r0_d6: 'on',
			r0_start: '08:00',
			r0_end: '12:00',
			r0_w7: 'on'
		})
	});
	expect(bad.status).toBe(400);
	expect(await bad.text()).toContain('Bitte nur die Wochen 1. bis 5. oder „letzter“ ankreuzen.');
	expect((await marketRow(name))!.schedule).toEqual(before);

	// the form: row 1, only in the 1st week of the month
	const weeks = organiser
		.getByRole('group', { name: 'Regel 1' })
		.getByRole('group', { name: 'Nur in bestimmten Wochen des Monats (optional)' });
	await weeks.getByLabel('1.', { exact: true }).check();
	await submit(organiser, 'Speichern');
	expect(organiser.url()).toMatch(new RegExp(`/maerkte/${slug}\\?gespeichert$`));
	const main = organiser.locator('main');
	await expect(main.textContent()).resolves.toContain('1. Samstag im Monat, 08:00–12:00 Uhr');
	// the next dates on the page: Saturdays within the first seven days of their month
	const dates = await main.locator('ol.dates h3').allTextContents();
	expect(dates.length).toBeGreaterThan(2);
	for (const line of dates) expect(line).toMatch(/^Samstag, [1-7]\. /);
	expect((await marketRow(name))!.schedule).toMatchObject({
		rules: [{ weekdays: [6], weeksOfMonth: [1] }]
	});

	// the edit form shows the box ticked, and saving again keeps it
	await visit(organiser, `/maerkte/${slug}/bearbeiten`);
	await expect(
		organiser.getByRole('group', { name: 'Regel 1' }).getByLabel('1.', { exact: true }).isChecked()
	).resolves.toBe(true);
	await submit(organiser, 'Speichern');
	expect((await marketRow(name))!.schedule).toMatchObject({
		rules: [{ weekdays: [6], weeksOfMonth: [1] }]
	});

	// the calendar file: a year of first Saturdays, nothing else
	const ics = await (await fetch(`${baseUrl()}/maerkte/${slug}/kalender.ics`)).text();
	const starts = new ICAL.Component(ICAL.parse(ics))
		.getAllSubcomponents('vevent')
		.map((v) => new ICAL.Event(v).startDate.toJSDate());
	expect(starts.length).toBeGreaterThanOrEqual(11);
	for (const start of starts) {
		const local = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Berlin',
			weekday: 'long',
			day: 'numeric'
		}).formatToParts(start);
		expect(local.find((p) => p.type === 'weekday')?.value).toBe('Saturday');
		expect(Number(local.find((p) => p.type === 'day')?.value)).toBeLessThanOrEqual(7);
	}

	// in English once
	await organiser.goto(`${baseUrl()}/sprache/en?next=/maerkte/${slug}`);
	await organiser.waitForLoadState('load');
	await expectAccessible(organiser);
	await expect(organiser.locator('main').textContent()).resolves.toContain(
		'1st Saturday of the month, 08:00–12:00'
	);
	await organiser.goto(`${baseUrl()}/sprache/de?next=/maerkte/${slug}`);
	await organiser.waitForLoadState('load');

	// its market square cannot be deleted while the market is held there
	const moderator = await page(tokens.moderator);
	await visit(moderator, `/orte/${square.slug}/bearbeiten`);
	await follow(moderator, 'Ort löschen …');
	await expect(moderator.locator('main').textContent()).resolves.toContain(
		'Dieser Ort wird noch genutzt und kann deshalb nicht gelöscht werden.'
	);
	await expect(moderator.getByRole('link', { name }).count()).resolves.toBe(1);
	await expect(
		moderator.getByRole('button', { name: 'Ort endgültig löschen' }).count()
	).resolves.toBe(0);

	// the organiser deletes the market: the box first, then it is gone
	await visit(organiser, `/maerkte/${slug}/bearbeiten`);
	await follow(organiser, 'Markt löschen …');
	expect(new URL(organiser.url()).pathname).toBe(`/maerkte/${slug}/loeschen`);
	await expect(organiser.locator('main').textContent()).resolves.toContain('Marktstände: 0');
	await submit(organiser, 'Markt endgültig löschen');
	await expect(organiser.getByRole('alert').textContent()).resolves.toContain(
		'Bitte bestätigen Sie mit dem Häkchen, dass der Markt gelöscht werden soll.'
	);
	expect(await marketRow(name)).toBeDefined();
	await organiser.getByLabel('Ja, diesen Markt endgültig löschen').check();
	await submit(organiser, 'Markt endgültig löschen');
	expect(organiser.url()).toContain(`/maerkte/${slug}/loeschen?geloescht=1`);
	await expect(organiser.getByRole('status').textContent()).resolves.toContain(
		'Der Markt wurde gelöscht.'
	);
	expect(await marketRow(name)).toBeUndefined();
	await visit(organiser, `/maerkte/${slug}`, 404);
	const audit = await db
		.selectFrom('audit_entry')
		.select('action')
		.where('target_id', '=', marketId)
		.where('action', '=', 'market.deleted')
		.execute();
	expect(audit).toHaveLength(1);

	// now the square is used by nothing: the moderator deletes it
	await visit(moderator, `/orte/${square.slug}/loeschen`);
	await moderator.getByLabel('Ja, diesen Ort endgültig löschen').check();
	await submit(moderator, 'Ort endgültig löschen');
	await expect(moderator.getByRole('status').textContent()).resolves.toContain(
		'Der Ort wurde gelöscht.'
	);
	await expect(
		db.selectFrom('place').select('id').where('id', '=', squareId).execute()
	).resolves.toEqual([]);
}, 240_000);

test('a farm shop open on the 1st and 3rd Saturday: set in the form, said on its page', async () => {
	const ctx: PlaceContext = {
		db,
		region: { id: region.id, name: region.name },
		actor: { regionId: region.id, person: moderatorSession },
		meta: { lang: 'de' }
	};
	const name = `Hofladen Monatlich ${stamp}`;
	const { slug } = await createPlace(
		ctx,
		placeSchema.parse({
			name,
			kind: 'farm',
			municipality: 'lindenfels',
			h0_6: 'on',
			h0_start: '09:00',
			h0_end: '12:00',
			// four more rules (Monday to Thursday): more than the form once had rows for
			...Object.fromEntries(
				[1, 2, 3, 4].flatMap((day) => [
					[`h${day}_${day}`, 'on'],
					[`h${day}_start`, '14:00'],
					[`h${day}_end`, `1${day + 4}:00`]
				])
			)
		})
	);
	const moderator = await page(tokens.moderator);
	await visit(moderator, `/orte/${slug}/bearbeiten`);
	// every rule has its row, and two empty rows follow
	await expect(
		moderator.getByRole('group', { name: 'Zeile 5' }).getByLabel('Donnerstag').isChecked()
	).resolves.toBe(true);
	await expect(moderator.getByRole('group', { name: 'Zeile 7' }).count()).resolves.toBe(1);
	await expect(moderator.getByRole('group', { name: 'Zeile 8' }).count()).resolves.toBe(0);
	const weeks = moderator
		.getByRole('group', { name: 'Zeile 1' })
		.getByRole('group', { name: 'Nur in bestimmten Wochen des Monats (optional)' });
	await weeks.getByLabel('1.', { exact: true }).check();
	await weeks.getByLabel('3.', { exact: true }).check();
	await submit(moderator, 'Speichern');
	await expect(
		moderator
			.getByRole('table')
			.getByRole('row', { name: /Samstag/ })
			.textContent()
	).resolves.toMatch(/09:00–12:00\s*\(1\. und 3\. Samstag im Monat\)/);
	await visit(moderator, `/orte/${slug}/bearbeiten`);
	const again = moderator.getByRole('group', { name: 'Zeile 1' });
	await expect(again.getByLabel('1.', { exact: true }).isChecked()).resolves.toBe(true);
	await expect(again.getByLabel('2.', { exact: true }).isChecked()).resolves.toBe(false);
	await expect(again.getByLabel('3.', { exact: true }).isChecked()).resolves.toBe(true);
	const stored = await db
		.selectFrom('place')
		.select('opening_hours')
		.where('region_id', '=', region.id)
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	expect((stored.opening_hours as { rules: unknown[] }).rules).toHaveLength(5);
}, 120_000);
