/**
 * A moderator creates a working group and lists a need; a citizen joins and pledges, and sees
 * how far the need is covered; the public sees counts, not contacts. No JavaScript; axe on every
 * page; English once.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
const tokens: Record<'moderator' | 'citizen', string> = { moderator: '', citizen: '' };
const stamp = Date.now();
const name = `AG Mitfahrbank ${stamp}`;
const year = new Date().getFullYear() + 1;

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	for (const role of ['moderator', 'citizen'] as const) {
		const person = await db
			.insertInto('person')
			.values({
				region_id: region.id,
				email: `wg-${role}.${stamp}@example.org`,
				display_name: `${role} ${stamp}`,
				password_hash: 'x',
				email_verified_at: new Date(),
				terms_accepted_at: new Date(),
				role
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

async function as(role: 'moderator' | 'citizen' | null): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	if (role) {
		await context.addCookies([{ name: 'session', value: tokens[role], url: baseUrl() }]);
	}
	return context.newPage();
}

test('a group from creation to a covered need, without JavaScript', async () => {
	const moderator = await as('moderator');
	await moderator.goto(`${baseUrl()}/arbeitsgruppen`);
	await expectAccessible(moderator);
	await moderator.getByRole('link', { name: 'Arbeitsgruppe anlegen' }).click();
	await moderator.waitForURL('**/arbeitsgruppen/neu');
	await expectAccessible(moderator);
	// nothing typed: a clear message, nothing created
	await moderator.getByRole('button', { name: 'Arbeitsgruppe anlegen' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('alert').textContent()).resolves.toContain('3 bis 120 Zeichen');
	await expectAccessible(moderator);
	await moderator.getByLabel('Name der Arbeitsgruppe').fill(name);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Erholung, Freizeit und Tourismus' });
	await moderator.getByLabel('Beschreibung (Markdown)').fill('Wir bauen **Mitfahrbänke**.');
	await moderator.getByRole('button', { name: 'Arbeitsgruppe anlegen' }).click();
	await moderator.waitForURL(/\/arbeitsgruppen\/ag-mitfahrbank-\d+$/);
	const groupUrl = moderator.url();
	await expectAccessible(moderator);
	await expect(moderator.locator('.body strong').textContent()).resolves.toBe('Mitfahrbänke');
	await expect(moderator.getByText('Sie leiten diese Arbeitsgruppe.').count()).resolves.toBe(1);

	await moderator.getByLabel('Art').selectOption({ label: 'Rollen und Fähigkeiten' });
	await moderator.getByLabel('Was wird gebraucht?').fill('Paten für die Mitfahrbänke');
	await moderator.getByLabel('Menge').fill('0');
	await moderator.getByLabel('Einheit').fill('Personen');
	await moderator.getByRole('button', { name: 'Bedarf eintragen' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('alert').textContent()).resolves.toContain('größer als null');
	await expect(moderator.getByLabel('Was wird gebraucht?').inputValue()).resolves.toBe(
		'Paten für die Mitfahrbänke'
	);
	await expectAccessible(moderator);
	await moderator.getByLabel('Menge').fill('10');
	await moderator.getByRole('button', { name: 'Bedarf eintragen' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('status').first().textContent()).resolves.toContain(
		'eingetragen'
	);
	await expect(moderator.getByText('0 von 10 Personen zugesagt').count()).resolves.toBe(1);
	await moderator.context().close();

	const citizen = await as('citizen');
	await citizen.goto(groupUrl);
	await expectAccessible(citizen);
	await citizen.getByRole('button', { name: 'Mitmachen' }).click();
	await citizen.waitForLoadState('load');
	await expect(citizen.getByRole('status').first().textContent()).resolves.toContain('Mitglied');
	await citizen.getByText('Ich kann helfen').click();
	await citizen.getByLabel('Menge (Personen)').fill('3');
	await citizen.getByLabel('Notiz (optional)').fill('Ich frage meine Nachbarn.');
	await citizen.getByRole('button', { name: /^Zusagen\s*:\s*Paten für die Mitfahrbänke/ }).click();
	await citizen.waitForLoadState('load');
	await expect(citizen.getByRole('status').first().textContent()).resolves.toContain('Danke');
	await expect(citizen.getByText('3 von 10 Personen zugesagt (30 %)').count()).resolves.toBe(1);
	const progress = citizen.getByRole('progressbar', {
		name: 'Deckung: Paten für die Mitfahrbänke'
	});
	await expect(progress.getAttribute('value')).resolves.toBe('3');
	await expect(citizen.getByText('Ihre Zusage: 3 Personen').count()).resolves.toBe(1);
	await expectAccessible(citizen);
	// the citizen does not see other people's contact details
	await expect(citizen.getByRole('table').count()).resolves.toBe(0);
	await citizen.context().close();

	// the moderator makes the citizen a lead; as a lead, they plan the group's next meeting
	const appointing = await as('moderator');
	await appointing.goto(groupUrl);
	await appointing
		.getByRole('button')
		.filter({ hasText: `Zur Leitung machen: citizen ${stamp}` })
		.click();
	await appointing.waitForLoadState('load');
	await expectAccessible(appointing);
	await appointing.context().close();
	const lead = await as('citizen');
	await lead.goto(groupUrl);
	await expect(lead.getByText('Sie leiten diese Arbeitsgruppe.').count()).resolves.toBe(1);
	await lead.getByRole('link', { name: 'Treffen anlegen' }).click();
	await lead.waitForURL(/\/veranstaltungen\/neu\?arbeitsgruppe=/);
	await expectAccessible(lead);
	await expect(lead.getByLabel('Treffen der Arbeitsgruppe').inputValue()).resolves.toBe(
		groupUrl.split('/').pop()
	);
	await expect(lead.getByLabel('Art der Veranstaltung').inputValue()).resolves.toBe(
		'working_group'
	);
	const meeting = `Bänke aufstellen ${stamp}`;
	await lead.getByLabel('Titel', { exact: true }).fill(meeting);
	await lead.getByLabel('Beginn (Ortszeit Deutschland)').fill(`${year}-05-02T10:00`);
	await lead.getByLabel('Ende (Ortszeit Deutschland)').fill(`${year}-05-02T12:00`);
	await lead.getByLabel('Gemeinde').selectOption({ label: 'Lindenfels' });
	await lead.getByRole('button', { name: 'Veranstaltung anlegen' }).click();
	await lead.waitForURL(/\/veranstaltungen\/[0-9a-f-]{36}$/);
	await expectAccessible(lead);
	await expect(lead.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(meeting);
	await lead.goto(groupUrl);
	await expect(lead.getByRole('link', { name: meeting }).count()).resolves.toBe(1);
	await lead.context().close();

	// the public sees the count, in English too
	const visitor = await as(null);
	await visitor.goto(`${baseUrl()}/sprache/en`);
	await visitor.goto(groupUrl);
	await expectAccessible(visitor);
	await expect(
		visitor.getByRole('heading', { name: 'Who and what do we need?' }).count()
	).resolves.toBe(1);
	await expect(visitor.getByText('3 of 10 Personen pledged').count()).resolves.toBe(1);
	await expect(visitor.getByText(`wg-citizen.${stamp}@example.org`).count()).resolves.toBe(0);
	await visitor.goto(`${baseUrl()}/arbeitsgruppen`);
	await expectAccessible(visitor);
	await expect(visitor.getByRole('link', { name }).count()).resolves.toBe(1);
	await visitor.context().close();
}, 120_000);
