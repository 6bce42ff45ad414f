/** A pairwise round: a citizen answers pairs and sees the ranking; no JavaScript, axe throughout. */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
const tokens: Record<'moderator' | 'citizen', string> = { moderator: '', citizen: '' };
const title = `Was ist wichtiger ${Date.now()}`;

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
				email: `pairwise-${role}.${Date.now()}@example.org`,
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

test('pairs one at a time, then the ranking, without JavaScript', async () => {
	const moderator = await as('moderator');
	await moderator.goto(`${baseUrl()}/priorisierung/neu`);
	await expectAccessible(moderator);
	await moderator.getByLabel('Titel der Runde').fill(title);
	await moderator
		.getByLabel('Themenfeld')
		.selectOption({ label: 'Wohnen, Arbeiten und Coworking' });
	await moderator.getByLabel('Paarvergleich').check();
	await moderator.getByRole('button', { name: 'Priorisierungsrunde anlegen' }).click();
	await moderator.waitForURL(/\/priorisierung\/[0-9a-f-]{36}$/);
	const roundUrl = moderator.url();
	await moderator.context().close();

	const citizen = await as('citizen');
	await citizen.goto(roundUrl);
	await expectAccessible(citizen);
	const progress = citizen.getByText(/\d+ von \d+ Paaren verglichen/);
	const total = Number((await progress.textContent())!.match(/von (\d+)/)![1]);
	expect(total).toBeGreaterThanOrEqual(3);
	await expect(progress.textContent()).resolves.toContain(`0 von ${total}`);
	// the first button chooses the first item of the pair
	await citizen.locator('form.pair').first().getByRole('button').first().click();
	await citizen.waitForLoadState('load');
	await expect(citizen.getByRole('status').first().textContent()).resolves.toContain('gespeichert');
	await expect(progress.textContent()).resolves.toContain(`1 von ${total}`);
	await expectAccessible(citizen);
	await citizen
		.locator('form.pair')
		.first()
		.getByRole('button', { name: 'Kann ich nicht entscheiden' })
		.click();
	await citizen.waitForLoadState('load');
	await expect(progress.textContent()).resolves.toContain(`2 von ${total}`);
	for (let i = 2; i < total; i++) {
		await citizen.locator('form.pair').first().getByRole('button').nth(1).click();
		await citizen.waitForLoadState('load');
	}
	await expect(citizen.getByText('Sie haben alle Paare verglichen').count()).resolves.toBe(1);
	const table = citizen.getByRole('table', { name: 'Ergebnis als Tabelle' });
	await expect(table.count()).resolves.toBe(1);
	await expect(table.textContent()).resolves.toContain('Gewonnene Vergleiche');
	await expectAccessible(citizen);

	const csv = await fetch(`${roundUrl}/ergebnis.csv`);
	expect(csv.status).toBe(200);
	const lines = (await csv.text()).trim().split('\r\n');
	expect(lines[0]).toBe('rank,item,score,wins,comparisons');
	await citizen.context().close();
}, 120_000);
