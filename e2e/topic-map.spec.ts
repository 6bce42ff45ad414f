/**
 * A citizen finds the topic map of a field, checks for similar contributions, adds one with a
 * category, target groups and a place, agrees with it, and finds it again through the filters;
 * without JavaScript, with axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
let token: string;
const title = `Hofladen-Automat für Eier und Milch ${Date.now()}`;

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
			email: `topicmap.${Date.now()}@example.org`,
			display_name: 'Karin aus Lindenfels',
			password_hash: 'not used',
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	token = await createSession(
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

async function press(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
}

test('a citizen adds a contribution to the topic map and agrees with it, without JavaScript', async () => {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([{ name: 'session', value: token, url: baseUrl() }]);
	const page = await context.newPage();
	await visit(page, '/themen/regionale-produkte');
	await page.getByRole('link', { name: 'Zur Themenlandkarte' }).click();
	await page.waitForURL('**/themen/regionale-produkte/landkarte');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Beitrag schreiben' }).click();
	await page.waitForURL('**/landkarte/neu');
	await expectAccessible(page);

	// no category: a clear message, the title kept
	await page.getByLabel('Titel').fill(title);
	await press(page, 'Beitrag veröffentlichen');
	await expectAccessible(page);
	await expect(page.getByRole('alert').textContent()).resolves.toContain(
		'Bitte wählen Sie eine Kategorie'
	);
	await expect(page.getByLabel('Titel').inputValue()).resolves.toBe(title);

	await page
		.getByLabel('Beschreibung (freiwillig)')
		.fill('Ein **Automat** am Hof, rund um die Uhr.');
	await page.getByRole('radio', { name: /Nutzerbedürfnisse/ }).check();
	await page.getByRole('checkbox', { name: 'Senioren' }).check();
	await page.getByLabel('Ort (freiwillig)').selectOption({ label: 'Lindenfels' });
	await press(page, 'Ähnliche Beiträge prüfen');
	await expectAccessible(page);
	await expect(page.getByRole('heading', { name: 'Gibt es das schon?' }).count()).resolves.toBe(1);
	await expect(page.getByRole('checkbox', { name: 'Senioren' }).isChecked()).resolves.toBe(true);

	await press(page, 'Beitrag veröffentlichen');
	await page.waitForURL('**/beitraege/**');
	await expectAccessible(page);
	await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
	await expect(page.getByText('Ihr Beitrag ist veröffentlicht').count()).resolves.toBe(1);
	await expect(page.locator('.body strong').textContent()).resolves.toBe('Automat');

	await page.getByRole('button', { name: 'Stimme ich zu' }).click();
	await page.waitForLoadState('load');
	await expect(page.getByText('Sie stimmen diesem Beitrag zu.').count()).resolves.toBe(1);
	await expect(page.getByRole('heading', { name: '1 stimmt zu' }).count()).resolves.toBe(1);

	await visit(
		page,
		'/themen/regionale-produkte/landkarte?zielgruppe=senioren&sortierung=unterstuetzt'
	);
	await expect(page.getByRole('link', { name: title }).count()).resolves.toBe(1);
	await visit(page, '/themen/regionale-produkte/landkarte?zielgruppe=jugend');
	await expect(page.getByRole('link', { name: title }).count()).resolves.toBe(0);
	await context.close();
});

test('anonymous visitors read the board in English and are asked to sign in to write', async () => {
	const context = await newContext(browser, { locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto(`${baseUrl()}/sprache/en`);
	await visit(page, '/themen/regionale-produkte/landkarte');
	await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
		'Topic map: Regional products and supply chains'
	);
	await expect(
		page.getByRole('link', { name: 'Sign in to write a contribution.' }).count()
	).resolves.toBe(1);
	const response = await page.goto(`${baseUrl()}/themen/regionale-produkte/landkarte/neu`);
	expect(new URL(page.url()).pathname).toBe('/konto/anmelden');
	expect(response?.status()).toBe(200);
	await context.close();
});
