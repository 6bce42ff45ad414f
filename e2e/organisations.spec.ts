/**
 * Organisations in Chromium against the production build: a verified person adds their farm
 * shop through the form, finds it in the directory, on its profile (with schema.org data) and
 * in the search, edits it and invites someone; a moderator verifies an organisation and an
 * invited person joins, with JavaScript off. axe runs on every page.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let browser: Browser;
let db: DB;
let regionId: string;

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	regionId = (
		await db
			.selectFrom('region')
			.select('id')
			.where('slug', '=', 'bergstrasse-odenwald')
			.executeTakeFirstOrThrow()
	).id;
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

/** A registered, verified person (straight in the database) and a browser signed in as them. */
async function signedIn(
	options: { role?: PersonRole; name?: string; javaScriptEnabled?: boolean; width?: number } = {}
): Promise<{ context: BrowserContext; page: Page; email: string }> {
	const email = `org.${randomBytes(4).toString('hex')}@example.org`;
	const person = await db
		.insertInto('person')
		.values({
			region_id: regionId,
			email,
			display_name: options.name ?? 'Greta Gärtner',
			password_hash: await hashPassword('Apfelbaum im Odenwald'),
			email_verified_at: new Date(),
			terms_accepted_at: new Date(),
			role: options.role ?? 'citizen'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const token = await createSession(
		db,
		{ id: person.id, regionId },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const context = await newContext(browser, {
		javaScriptEnabled: options.javaScriptEnabled,
		width: options.width
	});
	await context.addCookies([{ name: 'session', value: token, url: baseUrl(), httpOnly: true }]);
	return { context, page: await context.newPage(), email };
}

/** Clicks a submit button and waits for the page the server answers with. */
async function submit(page: Page, name: string) {
	await Promise.all([
		page.waitForEvent('load'),
		page.getByRole('button', { name, exact: true }).click()
	]);
	await expectAccessible(page);
}

/** The directory's result list (the person's own organisations are listed above it too). */
function results(page: Page) {
	return page.locator('section[aria-labelledby="results"]');
}

async function jsonLd(page: Page) {
	const text = await page.locator('script[type="application/ld+json"]').textContent();
	return JSON.parse(text ?? '{}') as Record<string, unknown>;
}

async function fillProfile(page: Page, values: { name: string; municipality: string }) {
	await page.getByLabel('Name', { exact: true }).fill(values.name);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Hofladen' });
	await page.getByLabel('Bereich', { exact: true }).selectOption({ label: 'Wirtschaft' });
	await page
		.getByLabel('Beschreibung')
		.fill('Eier, Kartoffeln und Äpfel vom eigenen Hof.\n\nSamstags gibt es Kuchen.');
	await page.getByLabel('Straße und Hausnummer').fill('Am Wiesenrain 3');
	await page.getByLabel('Postleitzahl').fill('64653');
	await page.getByLabel('Ort', { exact: true }).selectOption({ label: values.municipality });
	await page.getByLabel('E-Mail-Adresse').fill('hof@example.org');
	await page.getByLabel('Telefon').fill('06251 12345');
	await page.getByLabel('Website').fill('www.wiesenrain.example');
	await page.getByLabel('Öffnungszeiten').fill('Mo–Fr 9–18 Uhr\nSa 9–13 Uhr');
}

describe('a verified person and their farm shop', () => {
	test('creates it through the form, finds it, sees its profile and data, edits it', async () => {
		const { context, page } = await signedIn();
		await visit(page, '/organisationen');
		await expect(
			page
				.getByRole('navigation', { name: 'Hauptnavigation' })
				.getByRole('link', { name: 'Organisationen' })
				.getAttribute('aria-current')
		).resolves.toBe('page');
		await page.getByRole('link', { name: 'Organisation eintragen' }).click();
		await page.waitForURL('**/organisationen/neu');
		await expectAccessible(page);

		// bad input: one message per field, what was typed stays, nothing is created
		await page.getByLabel('Name', { exact: true }).fill('X');
		await page.getByLabel('Website').fill('javascript:alert(1)');
		await page.getByLabel('Breitengrad (freiwillig)').fill('49,6');
		await submit(page, 'Organisation eintragen');
		const summary = (await page.getByRole('alert').textContent()) ?? '';
		for (const text of [
			'Name: Bitte geben Sie einen Namen mit 2 bis 120 Zeichen ein.',
			'Art: Bitte wählen Sie die Art der Organisation.',
			'Ort: Bitte wählen Sie den Ort.',
			'Website (freiwillig): Bitte geben Sie eine Webadresse ein'
		]) {
			expect(summary).toContain(text);
		}
		await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('X');
		await expect(page.getByLabel('Website').inputValue()).resolves.toBe('javascript:alert(1)');
		await expect(page.getByLabel('Website').getAttribute('aria-invalid')).resolves.toBe('true');
		await expect(page.getByLabel('Breitengrad (freiwillig)').inputValue()).resolves.toBe('49,6');
		await page.getByLabel('Breitengrad (freiwillig)').fill('');

		await fillProfile(page, { name: 'Hofladen Wiesenrain', municipality: 'Lorsch' });
		await submit(page, 'Organisation eintragen');
		expect(page.url()).toBe(`${baseUrl()}/organisationen/hofladen-wiesenrain?angelegt=1`);
		await expect(page.getByRole('status').textContent()).resolves.toContain('eingetragen');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Hofladen Wiesenrain'
		);
		await expect(page.getByText('Hofladen · Wirtschaft').count()).resolves.toBe(1);
		await expect(page.getByText('Samstags gibt es Kuchen.').count()).resolves.toBe(1);
		await expect(page.getByText('Ungefähre Lage: Ortsmitte von Lorsch').count()).resolves.toBe(1);
		await expect(
			page.getByRole('link', { name: 'www.wiesenrain.example' }).getAttribute('href')
		).resolves.toBe('https://www.wiesenrain.example/');
		expect(await jsonLd(page)).toMatchObject({
			'@context': 'https://schema.org',
			'@type': 'LocalBusiness',
			name: 'Hofladen Wiesenrain',
			url: 'https://www.wiesenrain.example/',
			email: 'hof@example.org',
			telephone: '06251 12345',
			openingHours: 'Mo–Fr 9–18 Uhr\nSa 9–13 Uhr',
			address: {
				'@type': 'PostalAddress',
				streetAddress: 'Am Wiesenrain 3',
				postalCode: '64653',
				addressLocality: 'Lorsch'
			}
		});

		// in the directory, with the map and the same list as text, and filtered
		await visit(page, '/organisationen');
		await expect(page.getByRole('img', { name: 'Karte der Organisationen' }).count()).resolves.toBe(
			1
		);
		await expect(
			results(page).getByRole('link', { name: 'Hofladen Wiesenrain' }).count()
		).resolves.toBe(1);
		await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Hofladen' });
		await page.getByLabel('Ort', { exact: true }).selectOption({ label: 'Lorsch' });
		await submit(page, 'Anzeigen');
		expect(page.url()).toBe(`${baseUrl()}/organisationen?art=farm_shop&sektor=&ort=lorsch`);
		await expect(
			results(page).getByRole('link', { name: 'Hofladen Wiesenrain' }).count()
		).resolves.toBe(1);
		await visit(page, '/organisationen?sektor=politik');
		await expect(
			results(page).getByRole('link', { name: 'Hofladen Wiesenrain' }).count()
		).resolves.toBe(0);
		await expect(
			page.getByText('Keine Organisation passt zu dieser Auswahl.').count()
		).resolves.toBe(1);

		// and in the search
		await visit(page, '/suche?q=Wiesenrain');
		await expect(page.getByRole('link', { name: 'Hofladen Wiesenrain' }).count()).resolves.toBe(1);

		// edit: the form comes filled in; exact coordinates replace the town centre
		await visit(page, '/organisationen/hofladen-wiesenrain');
		await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
		await page.waitForURL('**/organisationen/hofladen-wiesenrain/bearbeiten');
		await expectAccessible(page);
		await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
			'Hofladen Wiesenrain'
		);
		await expect(page.getByLabel('Ort', { exact: true }).inputValue()).resolves.toBe('lorsch');
		await page.getByLabel('Breitengrad (freiwillig)').fill('49,6539');
		await page.getByLabel('Längengrad (freiwillig)').fill('8,5683');
		await page.getByLabel('Telefon').fill('06251 54321');
		await submit(page, 'Änderungen speichern');
		expect(page.url()).toBe(`${baseUrl()}/organisationen/hofladen-wiesenrain?gespeichert=1`);
		await expect(page.getByText('06251 54321').count()).resolves.toBe(1);
		expect(await jsonLd(page)).toMatchObject({
			telephone: '06251 54321',
			geo: { '@type': 'GeoCoordinates', latitude: 49.6539, longitude: 8.5683 }
		});

		// members: the creator is the admin and invites someone
		await page.getByRole('link', { name: 'Mitglieder' }).click();
		await page.waitForURL('**/organisationen/hofladen-wiesenrain/mitglieder');
		await expectAccessible(page);
		await expect(page.getByRole('main').getByText('Greta Gärtner').count()).resolves.toBe(1);
		await page.getByLabel('E-Mail-Adresse der Person').fill('Neu@Example.org');
		await submit(page, 'Einladung senden');
		await expect(page.getByRole('status').textContent()).resolves.toContain('neu@example.org');
		await expect(page.getByText(/neu@example\.org als Mitglied, gültig bis/).count()).resolves.toBe(
			1
		);

		// the same pages in English
		await page.goto(`${baseUrl()}/sprache/en?next=/organisationen/hofladen-wiesenrain`);
		await expectAccessible(page);
		await expect(page.getByRole('heading', { name: 'About' }).count()).resolves.toBe(1);
		await expect(page.getByText('Farm shop · Business').count()).resolves.toBe(1);
		await visit(page, '/organisationen');
		await visit(page, '/organisationen/neu');
		await context.close();
	});

	test('the pages fit a 320 px wide phone', async () => {
		const { context, page } = await signedIn({ width: 320 });
		for (const path of [
			'/organisationen',
			'/organisationen/neu',
			'/organisationen/hofladen-wiesenrain'
		]) {
			await visit(page, path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
		}
		await context.close();
	});
});

describe('moderators, members and invitations', () => {
	test('a moderator verifies, an invited person joins, strangers are kept out', async () => {
		const owner = await signedIn({ name: 'Otto Obst' });
		await visit(owner.page, '/organisationen/neu');
		await fillProfile(owner.page, { name: 'Obstbauverein Sonnenhang', municipality: 'Bensheim' });
		await owner.page.getByLabel('Art', { exact: true }).selectOption({ label: 'Verein' });
		await owner.page
			.getByLabel('Bereich', { exact: true })
			.selectOption({ label: 'Zivilgesellschaft' });
		await submit(owner.page, 'Organisation eintragen');
		const profile = '/organisationen/obstbauverein-sonnenhang';
		expect(owner.page.url()).toBe(`${baseUrl()}${profile}?angelegt=1`);
		expect(await jsonLd(owner.page)).toMatchObject({ '@type': 'Organization' });
		// the owner cannot verify their own organisation
		await expect(
			owner.page.getByRole('button', { name: 'Als geprüft markieren' }).count()
		).resolves.toBe(0);

		// a moderator verifies it with the button on the profile
		const moderator = await signedIn({ role: 'moderator', name: 'Mona Moderatorin' });
		await visit(moderator.page, profile);
		await submit(moderator.page, 'Als geprüft markieren');
		await expect(moderator.page.getByRole('status').textContent()).resolves.toContain(
			'als geprüft markiert'
		);
		await visit(owner.page, '/organisationen?sektor=zivilgesellschaft');
		await expect(
			owner.page
				.getByRole('listitem')
				.filter({ hasText: 'Obstbauverein Sonnenhang' })
				.getByTitle('Von der Moderation der Region geprüft')
				.count()
		).resolves.toBe(1);

		// someone else may neither edit nor see the members; visitors are asked to sign in
		const stranger = await signedIn({ name: 'Sven Sommer' });
		await visit(stranger.page, `${profile}/bearbeiten`, 403);
		await expect(
			stranger.page.getByText('Dafür fehlt Ihnen die Berechtigung.').count()
		).resolves.toBe(1);
		await visit(stranger.page, `${profile}/mitglieder`, 403);
		const visitor = await newContext(browser);
		const visitorPage = await visitor.newPage();
		await visitorPage.goto(`${baseUrl()}${profile}/bearbeiten`);
		expect(visitorPage.url()).toBe(
			`${baseUrl()}/konto/anmelden?next=${encodeURIComponent(`${profile}/bearbeiten`)}`
		);
		await visit(visitorPage, '/organisationen/gibt-es-nicht', 404);
		await visitor.close();

		// the owner invites the stranger's address as admin; the mail's link shows a page
		await visit(owner.page, `${profile}/mitglieder`);
		await owner.page.getByLabel('E-Mail-Adresse der Person').fill(stranger.email);
		await owner.page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Admin' });
		await submit(owner.page, 'Einladung senden');
		const mail = await db
			.selectFrom('mail')
			.select('body')
			.where('to_address', '=', stranger.email)
			.executeTakeFirstOrThrow();
		const link = /\/einladung\?token=[\w-]+/.exec(mail.body)![0];

		// with another address: the page says so and offers no button
		await visit(moderator.page, link);
		await expect(moderator.page.getByRole('alert').textContent()).resolves.toContain(
			'andere E-Mail-Adresse'
		);
		await expect(
			moderator.page.getByRole('button', { name: 'Einladung annehmen' }).count()
		).resolves.toBe(0);

		// opening the link twice uses nothing up; the button accepts
		await visit(stranger.page, link);
		await visit(stranger.page, link);
		await expect(
			stranger.page
				.getByText('Sie sind eingeladen, bei „Obstbauverein Sonnenhang“ als Admin mitzumachen.')
				.count()
		).resolves.toBe(1);
		await submit(stranger.page, 'Einladung annehmen');
		expect(stranger.page.url()).toBe(`${baseUrl()}${profile}?beigetreten=1`);
		await expect(
			stranger.page.getByRole('link', { name: 'Profil bearbeiten' }).count()
		).resolves.toBe(1);
		await visit(stranger.page, link);
		await expect(stranger.page.getByRole('alert').textContent()).resolves.toContain(
			'ungültig, abgelaufen oder wurde schon angenommen'
		);

		// the first admin may leave now; the last one may not
		await visit(owner.page, `${profile}/mitglieder`);
		await submit(owner.page, 'Organisation verlassen');
		expect(owner.page.url()).toBe(`${baseUrl()}${profile}?verlassen=1`);
		await visit(stranger.page, `${profile}/mitglieder`);
		await submit(stranger.page, 'Organisation verlassen');
		await expect(stranger.page.getByRole('alert').textContent()).resolves.toContain(
			'mindestens einen Admin'
		);
		for (const who of [owner, moderator, stranger]) await who.context.close();
	});
});

describe('without JavaScript', () => {
	// axe needs JavaScript in the page: these pages were checked above with it switched on
	async function open(page: Page, path: string) {
		const response = await page.goto(baseUrl() + path);
		expect(response?.status(), path).toBe(200);
	}
	async function post(page: Page, button: string) {
		await Promise.all([
			page.waitForEvent('load'),
			page.getByRole('button', { name: button, exact: true }).click()
		]);
	}

	test('creating, listing and editing work with plain forms, and no page ships a script', async () => {
		const { context, page } = await signedIn({ javaScriptEnabled: false, name: 'Nora Ohnejs' });
		await open(page, '/organisationen');
		await page.getByRole('link', { name: 'Organisation eintragen' }).click();
		await page.waitForURL('**/organisationen/neu');
		await post(page, 'Organisation eintragen');
		await expect(page.getByRole('alert').textContent()).resolves.toContain(
			'Bitte korrigieren Sie die markierten Angaben.'
		);
		await fillProfile(page, { name: 'Dorfladen Ohne Skript', municipality: 'Fürth' });
		await page
			.getByLabel('Art', { exact: true })
			.selectOption({ label: 'Dorfladen oder Regionalladen' });
		await post(page, 'Organisation eintragen');
		expect(page.url()).toBe(`${baseUrl()}/organisationen/dorfladen-ohne-skript?angelegt=1`);
		await expect(page.locator('script:not([type="application/ld+json"])').count()).resolves.toBe(0);
		await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
		await page.waitForURL('**/bearbeiten');
		await page.getByLabel('Name', { exact: true }).fill('Dorfladen ohne Skript');
		await post(page, 'Änderungen speichern');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Dorfladen ohne Skript'
		);
		await open(page, '/organisationen?art=village_shop&ort=fuerth');
		await expect(
			results(page).getByRole('link', { name: 'Dorfladen ohne Skript' }).count()
		).resolves.toBe(1);
		await expect(page.getByRole('img', { name: 'Karte der Organisationen' }).count()).resolves.toBe(
			1
		);
		await expect(page.locator('script:not([type="application/ld+json"])').count()).resolves.toBe(0);
		await context.close();
	});
});
