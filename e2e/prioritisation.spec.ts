/** A moderator opens a round; a citizen distributes points and sees the result; no JavaScript. */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
const tokens: Record<'moderator' | 'citizen', string> = { moderator: '', citizen: '' };
const title = `Priorisierung Gesundheit ${Date.now()}`;

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
				email: `prio-${role}.${Date.now()}@example.org`,
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

async function as(role: 'moderator' | 'citizen'): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([{ name: 'session', value: tokens[role], url: baseUrl() }]);
	return context.newPage();
}

test('a round from creation to result, without JavaScript', async () => {
	const moderator = await as('moderator');
	await moderator.goto(`${baseUrl()}/priorisierung`);
	await expectAccessible(moderator);
	await moderator.getByRole('link', { name: 'Priorisierungsrunde anlegen' }).click();
	await moderator.waitForURL('**/priorisierung/neu');
	await expectAccessible(moderator);
	await moderator.getByLabel('Titel der Runde').fill(title);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Gesundheitsvorsorge und Pflege' });
	await moderator.getByRole('button', { name: 'Priorisierungsrunde anlegen' }).click();
	await moderator.waitForURL(/\/priorisierung\/[0-9a-f-]{36}$/);
	const roundUrl = moderator.url();
	await moderator.context().close();

	const citizen = await as('citizen');
	await citizen.goto(roundUrl);
	await expectAccessible(citizen);
	const inputs = citizen.getByRole('spinbutton');
	await expect(inputs.count()).resolves.toBe(4);
	// too many points: a clear message, the typed numbers kept, nothing saved
	for (let i = 0; i < 4; i++) await inputs.nth(i).fill('3');
	await citizen.getByRole('button', { name: 'Punkte speichern' }).click();
	await citizen.waitForLoadState('load');
	await expectAccessible(citizen);
	await expect(citizen.getByRole('alert').textContent()).resolves.toContain('höchstens 10 Punkte');
	await expect(inputs.nth(3).inputValue()).resolves.toBe('3');

	await inputs.nth(3).fill('');
	await citizen.getByRole('button', { name: 'Punkte speichern' }).click();
	await citizen.waitForLoadState('load');
	await expect(citizen.getByRole('status').first().textContent()).resolves.toContain('gespeichert');
	await expect(
		citizen.getByText('Sie haben 9 von 10 Punkten vergeben.', { exact: false }).count()
	).resolves.toBe(1);
	await expect(citizen.getByRole('table', { name: 'Ergebnis als Tabelle' }).count()).resolves.toBe(
		1
	);
	await expectAccessible(citizen);

	const csv = await fetch(`${roundUrl}/ergebnis.csv`);
	expect(csv.status).toBe(200);
	const lines = (await csv.text()).trim().split('\r\n');
	expect(lines[0]).toBe('rank,item,points,participants');
	expect(lines).toHaveLength(5);
	await citizen.context().close();
});
