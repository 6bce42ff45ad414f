/**
 * A moderator builds a survey with every question type, a citizen answers it (a mistake first),
 * the results show charts and tables, and the CSV downloads; all without JavaScript, axe on
 * every page, English once.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
let moderatorToken = '';
const title = `Wochenmarkt-Umfrage ${Date.now()}`;
const berlinDay = (offset: number) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
		new Date(Date.now() + offset * 86_400_000)
	);

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	const person = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `survey-moderator.${Date.now()}@example.org`,
			display_name: 'Moderation',
			password_hash: 'x',
			email_verified_at: new Date(),
			terms_accepted_at: new Date(),
			role: 'moderator'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	moderatorToken = await createSession(
		db,
		{ id: person.id, regionId: region.id },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function page(options: { session?: string; lang?: 'en' } = {}): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	if (options.session) {
		await context.addCookies([{ name: 'session', value: options.session, url: baseUrl() }]);
	}
	if (options.lang)
		await context.addCookies([{ name: 'lang', value: options.lang, url: baseUrl() }]);
	context.setDefaultTimeout(10_000);
	return context.newPage();
}

async function submit(p: Page, button: string) {
	await p.getByRole('button', { name: button, exact: true }).click();
	await p.waitForLoadState('load');
}

async function addQuestion(p: Page, fields: Record<string, string>, required = false) {
	await p.locator('#new-kind').selectOption(fields.kind!);
	await p.locator('#new-text').fill(fields.text!);
	for (const name of ['options', 'rows', 'columns', 'labelMin', 'labelMax']) {
		await p.locator(`#new-${name}`).fill(fields[name] ?? '');
	}
	if (fields.condition) await p.locator('#new-condition').selectOption({ label: fields.condition });
	if (required) await p.locator('form[action="?/add"] input[name="required"]').check();
	await submit(p, 'Frage hinzufügen');
}

test('build, answer, see results and download them, without JavaScript', async () => {
	const moderator = await page({ session: moderatorToken });
	await moderator.goto(`${baseUrl()}/umfragen`);
	await expectAccessible(moderator);
	await moderator.getByRole('link', { name: 'Umfrage anlegen' }).click();
	await moderator.waitForURL('**/umfragen/neu');
	await expectAccessible(moderator);
	await moderator.getByLabel('Titel der Umfrage').fill(title);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await moderator.getByLabel('Beginnt am').fill(berlinDay(0));
	await moderator.getByLabel('Endet am').fill(berlinDay(14));
	await moderator.getByLabel('Ergebnisse schon während der Laufzeit zeigen').check();
	await submit(moderator, 'Umfrage anlegen');
	await moderator.waitForURL(/\/umfragen\/[0-9a-f-]{36}\/bearbeiten$/);
	await expectAccessible(moderator);
	const builderUrl = moderator.url();
	const surveyUrl = builderUrl.replace(/\/bearbeiten$/, '');

	// a choice question with one option only: a message, the typed text kept
	await addQuestion(moderator, {
		kind: 'single',
		text: 'Kaufen Sie auf dem Wochenmarkt?',
		options: 'Ja'
	});
	await expect(moderator.getByRole('alert').textContent()).resolves.toContain(
		'2 bis 20 Antwortmöglichkeiten'
	);
	await expect(moderator.locator('#new-text').inputValue()).resolves.toBe(
		'Kaufen Sie auf dem Wochenmarkt?'
	);
	await expectAccessible(moderator);

	await addQuestion(
		moderator,
		{ kind: 'single', text: 'Kaufen Sie auf dem Wochenmarkt?', options: 'Ja\nNein' },
		true
	);
	await addQuestion(moderator, {
		kind: 'multiple',
		text: 'Was kaufen Sie dort?',
		options: 'Gemüse\nKäse'
	});
	await addQuestion(moderator, {
		kind: 'scale',
		text: 'Wie zufrieden sind Sie?',
		labelMin: 'gar nicht',
		labelMax: 'sehr'
	});
	await addQuestion(
		moderator,
		{
			kind: 'text',
			text: 'Was fehlt Ihnen dort?',
			condition: 'bei Frage 1 „Ja“ gewählt wurde'
		},
		true
	);
	await addQuestion(moderator, {
		kind: 'ranking',
		text: 'Was ist Ihnen am wichtigsten?',
		options: 'Frische\nPreis\nNähe'
	});
	await addQuestion(moderator, {
		kind: 'matrix',
		text: 'Wie bewerten Sie …',
		rows: 'Angebot\nParkplätze',
		columns: 'schlecht\ngut'
	});
	// an option added by editing the question, a move down and back up
	await moderator.getByText('Frage 2 bearbeiten').click();
	await moderator.locator('#q1-options').fill('Gemüse\nKäse\nBrot');
	await submit(moderator, 'Frage 2 speichern');
	await submit(moderator, 'Frage 5 nach unten');
	await expect(moderator.locator('h3').nth(5).textContent()).resolves.toContain('Rangfolge');
	await submit(moderator, 'Frage 6 nach oben');
	await expect(moderator.locator('h3').nth(4).textContent()).resolves.toContain(
		'Was ist Ihnen am wichtigsten?'
	);
	await expectAccessible(moderator);
	await moderator.context().close();

	// a citizen without an account answers the anonymous survey
	const citizen = await page();
	await citizen.goto(surveyUrl);
	await expectAccessible(citizen);
	await expect(citizen.getByText('nur beantworten, wenn', { exact: false }).count()).resolves.toBe(
		1
	);
	await citizen.getByRole('checkbox', { name: 'Brot' }).check();
	await citizen.getByLabel('Frische').selectOption('1');
	await citizen.getByLabel('Preis').selectOption('1');
	await citizen.getByLabel('Nähe').selectOption('2');
	await submit(citizen, 'Antworten absenden');
	await expect(citizen.getByRole('alert').textContent()).resolves.toContain(
		'Es wurde nichts gespeichert'
	);
	await expect(
		citizen.getByText('Bitte vergeben Sie jeden Rang genau einmal.').count()
	).resolves.toBeGreaterThan(0);
	await expect(citizen.getByRole('checkbox', { name: 'Brot' }).isChecked()).resolves.toBe(true);
	await expect(citizen.getByLabel('Preis').inputValue()).resolves.toBe('1');
	await expectAccessible(citizen);

	await citizen.getByRole('radio', { name: 'Ja' }).check();
	await citizen.getByLabel('Was fehlt Ihnen dort?').fill('Ein Stand mit Brot, "bitte"');
	await citizen.getByRole('radio', { name: '4' }).check();
	await citizen.getByLabel('Preis').selectOption('3');
	await citizen.getByRole('radio', { name: 'Angebot: gut' }).check();
	await citizen.getByLabel('Zielgruppe').selectOption({ index: 1 });
	await submit(citizen, 'Antworten absenden');
	await expect(citizen.getByRole('status').first().textContent()).resolves.toContain('Vielen Dank');
	await expectAccessible(citizen);

	await citizen.goto(`${surveyUrl}/ergebnisse`);
	await expectAccessible(citizen);
	await expect(citizen.getByText('1 Antworten insgesamt').count()).resolves.toBe(1);
	await expect(
		citizen.getByRole('table', { name: 'Frage 1 als Tabelle' }).locator('td').first().textContent()
	).resolves.toBe('1');
	await expect(
		citizen.getByRole('heading', { name: 'Frage 1: Kaufen Sie auf dem Wochenmarkt?' }).count()
	).resolves.toBeGreaterThan(0);
	await expect(citizen.locator('svg rect.fill').count()).resolves.toBeGreaterThan(5);
	await expect(
		citizen.getByText('nur für die Moderation sichtbar', { exact: false }).count()
	).resolves.toBe(1);

	const csv = await fetch(`${surveyUrl}/ergebnisse.csv`);
	expect(csv.status).toBe(200);
	expect(csv.headers.get('content-type')).toContain('text/csv');
	const text = await csv.text();
	// fetch's text() drops the byte order mark; the bytes have it
	const lines = text
		.replace(/^\uFEFF/, '')
		.trimEnd()
		.split('\r\n');
	expect(lines).toHaveLength(2);
	expect(lines[0]).toContain('1. Kaufen Sie auf dem Wochenmarkt?');
	expect(lines[0]).not.toContain('Was fehlt Ihnen dort?');
	expect(lines[1]).toContain(',Ja,');
	await citizen.context().close();

	// in English
	const english = await page({ lang: 'en' });
	await english.goto(`${baseUrl()}/umfragen`);
	await expect(english.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Surveys');
	await expectAccessible(english);
	await english.goto(`${surveyUrl}/ergebnisse`);
	await expect(english.getByText('1 responses in total').count()).resolves.toBe(1);
	await expectAccessible(english);
	await english.context().close();
}, 240_000);

test('the CSV carries a byte order mark for Excel', async () => {
	const list = await db
		.selectFrom('survey')
		.select('id')
		.where('title', '=', title)
		.executeTakeFirstOrThrow();
	const bytes = new Uint8Array(
		await (await fetch(`${baseUrl()}/umfragen/${list.id}/ergebnisse.csv`)).arrayBuffer()
	);
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
});
