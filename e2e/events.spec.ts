/**
 * Events without JavaScript: a moderator creates a workshop with one place and an agenda;
 * citizen A gets the place, citizen B the waiting list; A withdraws and B moves up; the
 * calendar files parse; the moderator enters a contribution from paper and it shows on the
 * topic map. axe on every page, English once.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

type Role = 'moderator' | 'a' | 'b';
let db: DB;
let browser: Browser;
const tokens: Record<Role, string> = { moderator: '', a: '', b: '' };
const emails: Record<Role, string> = { moderator: '', a: '', b: '' };
const stamp = Date.now();
const title = `Workshop Dorfladen ${stamp}`;
const year = new Date().getFullYear() + 1;

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	for (const role of ['moderator', 'a', 'b'] as const) {
		emails[role] = `event-${role}.${stamp}@example.org`;
		const person = await db
			.insertInto('person')
			.values({
				region_id: region.id,
				email: emails[role],
				display_name: `Person ${role.toUpperCase()}`,
				password_hash: 'x',
				email_verified_at: new Date(),
				terms_accepted_at: new Date(),
				role: role === 'moderator' ? 'moderator' : 'citizen'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		tokens[role] = await createSession(
			db,
			{ id: person.id, regionId: region.id },
			{ userAgent: 'e2e', ip: '127.0.0.1' }
		);
	}
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function as(role: Role): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([{ name: 'session', value: tokens[role], url: baseUrl() }]);
	return context.newPage();
}

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
}

test('from creating a workshop to the waiting list, the calendar and paper contributions', async () => {
	const moderator = await as('moderator');
	await visit(moderator, '/veranstaltungen');
	await moderator.getByRole('link', { name: 'Veranstaltung anlegen' }).click();
	await moderator.waitForURL('**/veranstaltungen/neu');
	await expectAccessible(moderator);
	await moderator.getByLabel('Titel', { exact: true }).fill(title);
	await moderator
		.getByLabel('Themenfeld (freiwillig)')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await moderator.getByLabel('Beginn (Ortszeit Deutschland)').fill(`${year}-07-15T17:00`);
	// the end before the start: a clear message, the input kept, nothing saved
	await moderator.getByLabel('Ende (Ortszeit Deutschland)').fill(`${year}-07-15T16:00`);
	await moderator.getByLabel('Gemeinde').selectOption({ label: 'Lindenfels' });
	await moderator.getByLabel('Anzahl der Plätze', { exact: false }).fill('1');
	await moderator
		.getByLabel('Ablauf', { exact: false })
		.fill('17:00 Begrüßung\n17:30 Ideen sammeln\nAbschluss');
	await submit(moderator, 'Veranstaltung anlegen');
	await expectAccessible(moderator);
	await expect(moderator.getByRole('alert').textContent()).resolves.toContain(
		'Das Ende muss nach dem Beginn liegen.'
	);
	await expect(moderator.getByLabel('Titel', { exact: true }).inputValue()).resolves.toBe(title);
	await moderator.getByLabel('Ende (Ortszeit Deutschland)').fill(`${year}-07-15T20:00`);
	await submit(moderator, 'Veranstaltung anlegen');
	await moderator.waitForURL(/\/veranstaltungen\/[0-9a-f-]{36}$/);
	const eventUrl = moderator.url();
	const id = eventUrl.split('/').pop()!;
	await expectAccessible(moderator);
	await expect(moderator.locator('main').textContent()).resolves.toContain('17:00–20:00');
	await expect(
		moderator.getByRole('listitem').filter({ hasText: 'Ideen sammeln' }).count()
	).resolves.toBe(1);

	// A gets the only place, B the waiting list
	const a = await as('a');
	await a.goto(eventUrl);
	await expectAccessible(a);
	await submit(a, 'Jetzt anmelden');
	await expect(a.locator('main').textContent()).resolves.toContain('Ihr Platz ist bestätigt');
	await expectAccessible(a);
	const b = await as('b');
	await b.goto(eventUrl);
	await submit(b, 'Auf die Warteliste setzen');
	await expect(b.locator('main').textContent()).resolves.toContain(
		'Sie stehen auf der Warteliste, auf Platz 1'
	);
	await expectAccessible(b);

	// the moderator's list shows both
	await visit(moderator, `/veranstaltungen/${id}/teilnehmende`);
	await expect(
		moderator.getByRole('table', { name: 'Angemeldet (1)' }).textContent()
	).resolves.toContain('Person A');
	await expect(
		moderator.getByRole('table', { name: 'Warteliste (1)' }).textContent()
	).resolves.toContain('Person B');

	// A withdraws: B moves up and is told by e-mail
	await submit(a, 'Anmeldung zurückziehen');
	await expect(a.locator('main').textContent()).resolves.toContain('zurückgezogen');
	await b.goto(eventUrl);
	await expect(b.locator('main').textContent()).resolves.toContain('Ihr Platz ist bestätigt');
	const mail = await db
		.selectFrom('mail')
		.select('subject')
		.where('to_address', '=', emails.b)
		.executeTakeFirstOrThrow();
	expect(mail.subject).toBe(`Ein Platz ist frei: ${title}`);
	await visit(b, '/konto/veranstaltungen');
	await expect(b.locator('main').textContent()).resolves.toContain(title);

	// the calendar files: 17:00 in July (summer time) is 15:00 UTC
	const download = await fetch(`${eventUrl}/kalender.ics`);
	expect(download.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
	expect(download.headers.get('content-disposition')).toContain('.ics');
	const one = new ICAL.Event(
		new ICAL.Component(ICAL.parse(await download.text())).getFirstSubcomponent('vevent')!
	);
	expect(one.summary).toBe(title);
	expect(one.startDate.toJSDate().toISOString()).toBe(`${year}-07-15T15:00:00.000Z`);
	const feed = await fetch(`${baseUrl()}/veranstaltungen/kalender.ics?thema=regionale-produkte`);
	const uids = new ICAL.Component(ICAL.parse(await feed.text()))
		.getAllSubcomponents('vevent')
		.map((v) => v.getFirstPropertyValue('uid'));
	expect(uids).toContain(`${id}@localhost`);

	// a contribution from paper, shown on the topic map
	await moderator.goto(eventUrl);
	await moderator.getByRole('link', { name: 'Beiträge vom Papier erfassen' }).click();
	await moderator.waitForURL(`**/veranstaltungen/${id}/papier`);
	await expectAccessible(moderator);
	const paperTitle = `Dorfladen mit Café ${stamp}`;
	await submit(moderator, 'Beitrag eintragen');
	await expectAccessible(moderator);
	await expect(moderator.getByRole('alert').textContent()).resolves.toContain('Kategorie');
	await moderator.getByLabel('Titel', { exact: true }).fill(paperTitle);
	await moderator.getByLabel('Herausforderungen', { exact: false }).check();
	await moderator.getByLabel('Name der Person', { exact: false }).fill('Frau K.');
	await submit(moderator, 'Beitrag eintragen');
	await expect(moderator.getByRole('status').first().textContent()).resolves.toContain(
		'Der Beitrag ist eingetragen'
	);
	await visit(moderator, '/themen/regionale-produkte/landkarte');
	const item = moderator.getByRole('listitem').filter({ hasText: paperTitle });
	await expect(item.textContent()).resolves.toContain(
		`auf Papier erfasst beim Workshop „${title}“ (eingetragen von der Moderation)`
	);
	await item.getByRole('link', { name: paperTitle }).click();
	await moderator.waitForLoadState('load');
	await expectAccessible(moderator);
	await expect(moderator.locator('main').textContent()).resolves.toContain(
		'geschrieben von Frau K.'
	);

	// edit page, then the event page in English
	await visit(moderator, `/veranstaltungen/${id}/bearbeiten`);
	await expect(moderator.getByLabel('Beginn (Ortszeit Deutschland)').inputValue()).resolves.toBe(
		`${year}-07-15T17:00`
	);
	await moderator.goto(`${baseUrl()}/sprache/en?next=/veranstaltungen/${id}`);
	await moderator.waitForURL(eventUrl);
	await expectAccessible(moderator);
	await expect(moderator.getByRole('heading', { name: 'Registration' }).count()).resolves.toBe(1);
	await expect(moderator.locator('main').textContent()).resolves.toContain('1 of 1 places taken');
	for (const page of [moderator, a, b]) await page.context().close();
}, 300_000);
