/**
 * A moderator creates a process from a template and closes contributions in the current
 * phase; the topic map then says why and refuses. No JavaScript; axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
const tokens: Record<'moderator' | 'citizen', string> = { moderator: '', citizen: '' };
const title = `Freizeit gemeinsam planen ${Date.now()}`;
const day = (offset: number) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
		new Date(Date.now() + offset * 24 * 60 * 60 * 1000)
	);

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
				email: `process-${role}.${Date.now()}@example.org`,
				display_name: role,
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

async function as(role: 'moderator' | 'citizen', lang = 'de'): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([
		{ name: 'session', value: tokens[role], url: baseUrl() },
		{ name: 'lang', value: lang, url: baseUrl() }
	]);
	return context.newPage();
}

test('from template to a closed topic map, without JavaScript', async () => {
	const moderator = await as('moderator');
	await visit(moderator, '/beteiligung');
	await moderator.getByRole('link', { name: 'Beteiligungsprozesse' }).first().click();
	await moderator.waitForURL('**/prozesse');
	await expectAccessible(moderator);
	await moderator.getByRole('link', { name: 'Prozess anlegen' }).click();
	await moderator.waitForURL('**/prozesse/neu');
	await expectAccessible(moderator);
	// a bad date: a clear message, the title kept
	await moderator.getByLabel('Titel', { exact: true }).fill(title);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Erholung, Freizeit und Tourismus' });
	await moderator.getByLabel('Workshop-Reihe wie in den Folien').check();
	await moderator.getByLabel('Beginn der ersten Phase').fill('');
	await moderator.getByRole('button', { name: 'Prozess anlegen' }).click();
	await moderator.waitForLoadState('load');
	expect(await moderator.getByRole('alert').textContent()).toContain('Datum');
	await expect(moderator.getByLabel('Titel', { exact: true }).inputValue()).resolves.toBe(title);
	await expectAccessible(moderator);
	// started 20 days ago: now in the idea collection, where contributions are open
	await moderator.getByLabel('Beginn der ersten Phase').fill(day(-20));
	await moderator.getByRole('button', { name: 'Prozess anlegen' }).click();
	await moderator.waitForURL(/\/prozesse\/[a-z0-9-]+\/bearbeiten$/);
	await expectAccessible(moderator);
	const editUrl = moderator.url();
	const processUrl = editUrl.replace(/\/bearbeiten$/, '');

	// a phase that starts before the previous one is refused, what was typed stays
	await moderator.locator('#phase-2-start').fill(day(-30));
	await moderator.getByRole('button', { name: 'Speichern' }).first().click();
	await moderator.waitForLoadState('load');
	expect(await moderator.getByRole('alert').textContent()).toContain(
		'Jede Phase muss nach der vorigen beginnen'
	);
	await expect(moderator.locator('#phase-2-start').inputValue()).resolves.toBe(day(-30));
	await expectAccessible(moderator);
	await moderator.locator('#phase-2-start').fill(day(10));
	// the idea collection (phase 2) closes contributions
	await moderator.locator('input[name="phase-1-contributing"]').uncheck();
	await moderator.getByRole('button', { name: 'Speichern' }).first().click();
	await moderator.waitForURL('**/bearbeiten?gespeichert');
	await expect(moderator.getByRole('status').first().textContent()).resolves.toContain(
		'gespeichert'
	);
	await expectAccessible(moderator);

	await moderator.goto(processUrl);
	await expectAccessible(moderator);
	const current = moderator.locator('li[aria-current="step"]');
	await expect(current.textContent()).resolves.toContain('Ideensammlung');
	await expect(current.textContent()).resolves.toContain('aktuelle Phase');
	await expect(moderator.getByText('Beiträge schreiben: nicht möglich').count()).resolves.toBe(1);
	// schema.org: the process as an Event, its phases as sub-events
	const jsonLd = JSON.parse(
		(await moderator.locator('script[type="application/ld+json"]').textContent())!
	);
	expect(jsonLd['@type']).toBe('Event');
	expect(jsonLd.name).toBe(title);
	expect(jsonLd.subEvent[1]).toMatchObject({ '@type': 'Event', name: `${title}: Ideensammlung` });
	await moderator.context().close();

	const citizen = await as('citizen');
	await visit(citizen, '/themen/freizeit-tourismus');
	await expect(citizen.locator('.process-line').textContent()).resolves.toContain('Ideensammlung');
	await visit(citizen, '/themen/freizeit-tourismus/landkarte');
	const why = await citizen.getByRole('status').first().textContent();
	expect(why).toContain('Beiträge sind in der Phase „Ideensammlung“ geschlossen.');
	expect(why).toContain('Die Phase endet am');
	await expect(citizen.getByRole('link', { name: 'Beitrag schreiben' }).count()).resolves.toBe(0);
	const refused = await citizen.goto(`${baseUrl()}/themen/freizeit-tourismus/landkarte/neu`);
	expect(refused?.status()).toBe(409);
	await expect(citizen.locator('main').textContent()).resolves.toContain(
		'Beiträge sind in der aktuellen Phase'
	);
	await citizen.context().close();

	// once in English, and the open data
	const english = await as('citizen', 'en');
	await visit(english, new URL(processUrl).pathname);
	await expect(english.locator('li[aria-current="step"]').textContent()).resolves.toContain(
		'Idea collection'
	);
	await visit(english, '/prozesse');
	await english.context().close();
	const json = (await (await fetch(`${baseUrl()}/api/v1/processes`)).json()) as Array<{
		title: string;
		phases: Array<{ kind: string; contributing: boolean }>;
	}>;
	const mine = json.find((p) => p.title === title)!;
	expect(mine.phases.map((p) => p.kind)).toContain('working_groups');
	expect(mine.phases[1]!.contributing).toBe(false);
}, 180_000);
