/**
 * The "Done when" of the participation issue, as one journey in Chromium without JavaScript: a
 * new citizen registers and signs in, finds the topic map of a field, adds a contribution with a
 * category and a target group, comments, supports, reports a rude comment, takes part in a
 * prioritisation round, answers a survey, registers for a workshop and takes its calendar file,
 * pledges to a working group's need, and later reads among the notifications that the use case
 * made of the contribution changed its status; a moderator hides the reported comment and the
 * audit log shows it. axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
let regionId = '';
const stamp = Date.now();
const email = `journey.${stamp}@example.org`;
const password = 'Streuobstwiese am Felsberg';
const citizenName = `Greta aus Lautertal ${stamp}`;
const title = `Regiokiste vom Hof ${stamp}`;
const rudeComment = `Kauft doch einfach im Supermarkt! ${stamp}`;
const groupName = `AG Regiokiste ${stamp}`;
const needName = `Fahrerinnen und Fahrer ${stamp}`;
const surveyTitle = `Umfrage Regiokiste ${stamp}`;
const workshopTitle = `Workshop Regiokiste ${stamp}`;
const year = new Date().getFullYear() + 1;
const berlinDay = (offset: number) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
		new Date(Date.now() + offset * 86_400_000)
	);
const tokens: Record<'moderator' | 'admin' | 'neighbour', string> = {
	moderator: '',
	admin: '',
	neighbour: ''
};
const names: Record<keyof typeof tokens, string> = {
	moderator: `Moritz Moderation ${stamp}`,
	admin: `Regina Regionsadmin ${stamp}`,
	neighbour: `Norbert Nachbar ${stamp}`
};
const roles: Record<keyof typeof tokens, PersonRole> = {
	moderator: 'moderator',
	admin: 'region_admin',
	neighbour: 'citizen'
};

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	regionId = (
		await db
			.selectFrom('region')
			.select('id')
			.where('slug', '=', 'bergstrasse-odenwald')
			.executeTakeFirstOrThrow()
	).id;
	for (const who of ['moderator', 'admin', 'neighbour'] as const) {
		const person = await db
			.insertInto('person')
			.values({
				region_id: regionId,
				email: `journey-${who}.${stamp}@example.org`,
				display_name: names[who],
				password_hash: 'not used',
				email_verified_at: new Date(),
				terms_accepted_at: new Date(),
				role: roles[who]
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		tokens[who] = await createSession(
			db,
			{ id: person.id, regionId },
			{ userAgent: 'e2e', ip: '127.0.0.1' }
		);
	}
	// every spec posts from 127.0.0.1 and other specs register (or try to) from there too; this
	// journey's one registration must not meet their count of the hour
	await sql`delete from rate_limit where key like 'register:address:%'`.execute(db);
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function fresh(session?: string): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	if (session) await context.addCookies([{ name: 'session', value: session, url: baseUrl() }]);
	return context.newPage();
}

async function press(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

async function status(page: Page): Promise<string> {
	return (await page.getByRole('status').first().textContent()) ?? '';
}

test('a new citizen from the topic map to the news about the use case; a moderator hides a reported comment', async () => {
	// registers, confirms the address from the mail, signs in
	const citizen = await fresh();
	await visit(citizen, '/konto/registrieren');
	await citizen.getByLabel('E-Mail-Adresse').fill(email);
	await citizen.getByLabel('Name, der anderen angezeigt wird').fill(citizenName);
	await citizen.getByLabel('Passwort', { exact: true }).fill(password);
	await citizen.getByLabel(/Nutzungsbedingungen/).check();
	await press(citizen, 'Registrieren');
	await expect(status(citizen)).resolves.toContain('Wir haben Ihnen eine E-Mail geschickt');
	// without SMTP the server keeps the mail in its outbox
	const mail = await db
		.selectFrom('mail')
		.select('body')
		.where('region_id', '=', regionId)
		.where('to_address', '=', email)
		.executeTakeFirstOrThrow();
	const link = /https?:\/\/\S+/.exec(mail.body)![0];
	await visit(citizen, new URL(link).pathname + new URL(link).search);
	await press(citizen, 'Adresse jetzt bestätigen');
	await expect(status(citizen)).resolves.toContain('bestätigt');
	await visit(citizen, '/konto/anmelden');
	await citizen.getByLabel('E-Mail-Adresse').fill(email);
	await citizen.getByLabel('Passwort').fill(password);
	await press(citizen, 'Anmelden');
	expect(new URL(citizen.url()).pathname).toBe('/konto');

	// finds the topic map of a field and adds a contribution with a category and a target group
	await visit(citizen, '/');
	await citizen.getByRole('link', { name: 'Regionale Produkte und Lieferketten' }).first().click();
	await citizen.waitForURL('**/themen/regionale-produkte');
	await expectAccessible(citizen);
	await citizen.getByRole('link', { name: 'Zur Themenlandkarte' }).click();
	await citizen.waitForURL('**/themen/regionale-produkte/landkarte');
	await expectAccessible(citizen);
	await citizen.getByRole('link', { name: 'Beitrag schreiben' }).click();
	await citizen.waitForURL('**/landkarte/neu');
	await expectAccessible(citizen);
	await citizen.getByLabel('Titel').fill(title);
	await citizen
		.getByLabel('Beschreibung (freiwillig)')
		.fill('Eine Kiste mit Gemüse, Eiern und Käse von Höfen aus der Nähe, jede Woche.');
	await citizen.getByRole('radio', { name: /Nutzerbedürfnisse/ }).check();
	await citizen.getByRole('checkbox', { name: 'Familie' }).check();
	await press(citizen, 'Beitrag veröffentlichen');
	await citizen.waitForURL(/\/beitraege\/[0-9a-f-]{36}/);
	const contributionPath = new URL(citizen.url()).pathname;
	await expect(citizen.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
	await expect(citizen.locator('main').textContent()).resolves.toContain('Familie');

	// supports it ("I agree", not a vote) and comments
	await press(citizen, 'Stimme ich zu');
	await expect(citizen.getByText('Sie stimmen diesem Beitrag zu.').count()).resolves.toBe(1);
	await citizen.getByLabel('Ihr Kommentar').fill('Abholen könnte man sie am Dorfladen.');
	await press(citizen, 'Kommentar veröffentlichen');
	await expect(citizen.getByText('Ihr Kommentar ist veröffentlicht.').count()).resolves.toBe(1);

	// a neighbour is rude; the citizen reports it
	const neighbour = await fresh(tokens.neighbour);
	await visit(neighbour, contributionPath);
	await neighbour.getByLabel('Ihr Kommentar').fill(rudeComment);
	await press(neighbour, 'Kommentar veröffentlichen');
	await neighbour.context().close();
	await visit(citizen, contributionPath);
	const rude = citizen.getByRole('article', { name: new RegExp(names.neighbour) }).first();
	await rude.getByText('Kommentar melden').click();
	await rude.getByLabel('Grund').selectOption({ label: 'Nicht zum Thema' });
	await rude.getByRole('button', { name: 'Meldung absenden' }).click();
	await citizen.waitForLoadState('load');
	await expectAccessible(citizen);
	await expect(
		citizen.getByText('Danke für Ihre Meldung.', { exact: false }).count()
	).resolves.toBe(1);

	// the moderator makes a use case of the contribution, a working group with a need for it,
	// a prioritisation round, a survey and a workshop
	const moderator = await fresh(tokens.moderator);
	await visit(moderator, contributionPath);
	await moderator.getByRole('link', { name: 'Als Anwendungsfall übernehmen' }).click();
	await moderator.waitForURL(/\/anwendungsfaelle\/neu\?beitrag=/);
	await expectAccessible(moderator);
	await press(moderator, 'Als Anwendungsfall übernehmen');
	await moderator.waitForURL(/\/anwendungsfaelle\/[0-9a-f-]{36}$/);
	const useCasePath = new URL(moderator.url()).pathname;

	await visit(moderator, '/arbeitsgruppen/neu');
	await moderator.getByLabel('Name der Arbeitsgruppe').fill(groupName);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await moderator
		.getByLabel('Beschreibung (Markdown)')
		.fill('Wir bringen die Regiokiste auf den Weg.');
	await press(moderator, 'Arbeitsgruppe anlegen');
	await moderator.waitForURL(/\/arbeitsgruppen\/ag-regiokiste-\d+$/);
	const groupPath = new URL(moderator.url()).pathname;
	await moderator.getByLabel('Art').selectOption({ label: 'Rollen und Fähigkeiten' });
	await moderator.getByLabel('Was wird gebraucht?').fill(needName);
	await moderator.getByLabel('Menge').fill('4');
	await moderator.getByLabel('Einheit').fill('Personen');
	await press(moderator, 'Bedarf eintragen');
	await expect(moderator.getByText('0 von 4 Personen zugesagt').count()).resolves.toBe(1);

	await visit(moderator, useCasePath);
	await moderator.getByLabel('Arbeitsgruppe', { exact: true }).selectOption({ label: groupName });
	await press(moderator, 'Arbeitsgruppe zuordnen');
	await expect(moderator.getByRole('link', { name: groupName }).count()).resolves.toBe(1);

	await visit(moderator, '/priorisierung/neu');
	await moderator.getByLabel('Titel der Runde').fill(`Was zuerst? ${stamp}`);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await press(moderator, 'Priorisierungsrunde anlegen');
	await moderator.waitForURL(/\/priorisierung\/[0-9a-f-]{36}$/);
	const roundPath = new URL(moderator.url()).pathname;

	await visit(moderator, '/umfragen/neu');
	await moderator.getByLabel('Titel der Umfrage').fill(surveyTitle);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await moderator.getByLabel('Beginnt am').fill(berlinDay(0));
	await moderator.getByLabel('Endet am').fill(berlinDay(14));
	await press(moderator, 'Umfrage anlegen');
	await moderator.waitForURL(/\/umfragen\/[0-9a-f-]{36}\/bearbeiten$/);
	const surveyPath = new URL(moderator.url()).pathname.replace(/\/bearbeiten$/, '');
	await moderator.locator('#new-kind').selectOption('single');
	await moderator.locator('#new-text').fill('Würden Sie eine Regiokiste bestellen?');
	await moderator.locator('#new-options').fill('Ja, jede Woche\nAb und zu\nNein');
	await moderator.locator('form[action="?/add"] input[name="required"]').check();
	await press(moderator, 'Frage hinzufügen');

	await visit(moderator, '/veranstaltungen/neu');
	await moderator.getByLabel('Titel', { exact: true }).fill(workshopTitle);
	await moderator
		.getByLabel('Themenfeld (freiwillig)')
		.selectOption({ label: 'Regionale Produkte und Lieferketten' });
	await moderator.getByLabel('Beginn (Ortszeit Deutschland)').fill(`${year}-03-10T18:00`);
	await moderator.getByLabel('Ende (Ortszeit Deutschland)').fill(`${year}-03-10T20:30`);
	await moderator.getByLabel('Gemeinde').selectOption({ label: 'Lindenfels' });
	await moderator.getByLabel('Anzahl der Plätze', { exact: false }).fill('20');
	await press(moderator, 'Veranstaltung anlegen');
	await moderator.waitForURL(/\/veranstaltungen\/[0-9a-f-]{36}$/);
	const workshopPath = new URL(moderator.url()).pathname;

	// the citizen puts points on the use case of the contribution
	await visit(citizen, '/priorisierung');
	await citizen.getByRole('link', { name: `Was zuerst? ${stamp}` }).click();
	await citizen.waitForURL(`**${roundPath}`);
	await expectAccessible(citizen);
	await citizen.getByLabel(title).fill('3');
	await press(citizen, 'Punkte speichern');
	await expect(status(citizen)).resolves.toContain('gespeichert');
	await expect(
		citizen.getByText('Sie haben 3 von 10 Punkten vergeben.', { exact: false }).count()
	).resolves.toBe(1);

	// answers the survey
	await visit(citizen, '/umfragen');
	await citizen.getByRole('link', { name: surveyTitle }).click();
	await citizen.waitForURL(`**${surveyPath}`);
	await expectAccessible(citizen);
	// schema.org: a CreativeWork made of Questions
	const surveyLd = JSON.parse(
		(await citizen.locator('script[type="application/ld+json"]').textContent())!
	);
	expect(surveyLd['@type']).toBe('CreativeWork');
	expect(surveyLd.name).toBe(surveyTitle);
	expect(surveyLd.hasPart[0]).toMatchObject({
		'@type': 'Question',
		name: 'Würden Sie eine Regiokiste bestellen?'
	});
	await citizen.getByRole('radio', { name: 'Ab und zu' }).check();
	await press(citizen, 'Antworten absenden');
	await expect(status(citizen)).resolves.toContain('Vielen Dank');

	// registers for the workshop and takes its calendar file
	await visit(citizen, '/veranstaltungen');
	await citizen.getByRole('link', { name: workshopTitle }).click();
	await citizen.waitForURL(`**${workshopPath}`);
	await expectAccessible(citizen);
	await press(citizen, 'Jetzt anmelden');
	await expect(citizen.locator('main').textContent()).resolves.toContain('Ihr Platz ist bestätigt');
	const calendarLink = citizen.getByRole('link', { name: 'In meinen Kalender eintragen (.ics)' });
	const calendarUrl = new URL((await calendarLink.getAttribute('href'))!, citizen.url());
	const [download] = await Promise.all([citizen.waitForEvent('download'), calendarLink.click()]);
	expect(download.suggestedFilename()).toMatch(/\.ics$/);
	const ics = await fetch(calendarUrl);
	expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
	const vevent = new ICAL.Event(
		new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent('vevent')!
	);
	expect(vevent.summary).toBe(workshopTitle);
	// 18:00 in March (winter time) is 17:00 UTC
	expect(vevent.startDate.toJSDate().toISOString()).toBe(`${year}-03-10T17:00:00.000Z`);
	await visit(citizen, '/konto/veranstaltungen');
	await expect(citizen.locator('main').textContent()).resolves.toContain(workshopTitle);

	// joins the working group and pledges to its need
	await visit(citizen, useCasePath);
	await citizen.getByRole('link', { name: groupName }).click();
	await citizen.waitForURL(`**${groupPath}`);
	await expectAccessible(citizen);
	await press(citizen, 'Mitmachen');
	await citizen.getByText('Ich kann helfen').click();
	await citizen.getByLabel('Menge (Personen)').fill('1');
	await citizen.getByRole('button', { name: new RegExp(`^Zusagen\\s*:\\s*${needName}`) }).click();
	await citizen.waitForLoadState('load');
	await expectAccessible(citizen);
	await expect(status(citizen)).resolves.toContain('Danke');
	await expect(citizen.getByText('1 von 4 Personen zugesagt (25 %)').count()).resolves.toBe(1);

	// the moderator: the use case is prioritised; the reported comment is hidden
	await visit(moderator, useCasePath);
	await moderator.getByLabel('Neuer Stand').selectOption({ label: 'Priorisiert' });
	await moderator
		.getByLabel('Was ist passiert? (Markdown, optional)')
		.fill('Die Regiokiste kommt auf die Liste für das nächste Jahr.');
	await press(moderator, 'Stand ändern');
	await expect(moderator.getByText('Stand: Idee → Priorisiert').count()).resolves.toBe(1);

	await visit(moderator, '/admin/moderation');
	const item = moderator.getByRole('article').filter({ hasText: rudeComment });
	await expect(item.getByText('Nicht zum Thema (1)', { exact: false }).count()).resolves.toBe(1);
	await item.getByLabel('Hinweis für alle (erscheint statt des Textes)').fill('Unfreundlich');
	await item.getByRole('button', { name: 'Ausblenden' }).click();
	await moderator.waitForLoadState('load');
	await expectAccessible(moderator);
	await expect(moderator.getByText('Ausgeblendet.', { exact: true }).count()).resolves.toBe(1);
	await moderator.context().close();

	// later, the citizen reads the news and sees the comment hidden
	await visit(citizen, '/konto/benachrichtigungen');
	const news = citizen.getByRole('link', { name: `Neuer Stand beim Anwendungsfall „${title}“` });
	await expect(news.count()).resolves.toBe(1);
	await news.click();
	await citizen.waitForURL(`**${useCasePath}`);
	await expectAccessible(citizen);
	await expect(citizen.getByText('Stand: Idee → Priorisiert').count()).resolves.toBe(1);
	await visit(citizen, contributionPath);
	await expect(
		citizen.getByText('Ausgeblendet durch die Moderation: Unfreundlich').count()
	).resolves.toBe(1);
	await expect(citizen.getByText(rudeComment).count()).resolves.toBe(0);
	await citizen.context().close();

	// the audit log shows who hid it
	const admin = await fresh(tokens.admin);
	await visit(admin, '/admin/protokoll?aktion=moderation.hidden');
	const row = admin.getByRole('row').filter({ hasText: names.moderator });
	await expect(row.count()).resolves.toBeGreaterThan(0);
	await expect(row.first().textContent()).resolves.toContain('moderation.hidden');
	await admin.context().close();
}, 480_000);
