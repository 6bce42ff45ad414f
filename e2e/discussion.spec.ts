/**
 * Discussion and moderation without JavaScript: a person comments and replies, another reports
 * the comment, a moderator hides it from the queue, and a region admin finds that in the audit
 * log; axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let db: DB;
let browser: Browser;
let regionId: string;
let contributionId: string;
const stamp = Date.now();
const commentText = `Der Laden sollte auch sonntags öffnen. ${stamp}`;

async function personWithSession(name: string, role: PersonRole = 'citizen') {
	const person = await db
		.insertInto('person')
		.values({
			region_id: regionId,
			email: `discussion.${role}.${name.toLowerCase().replace(/\W/g, '')}.${stamp}@example.org`,
			display_name: name,
			password_hash: 'not used',
			role,
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return createSession(db, { id: person.id, regionId }, { userAgent: 'e2e', ip: '127.0.0.1' });
}

async function signedIn(token: string): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([{ name: 'session', value: token, url: baseUrl() }]);
	return context.newPage();
}

async function press(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
}

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	regionId = region.id;
	const field = await db
		.selectFrom('topic_field')
		.select('id')
		.where('region_id', '=', regionId)
		.where('key', '=', 'regionale-produkte')
		.executeTakeFirstOrThrow();
	const category = await db
		.selectFrom('contribution_category')
		.select('id')
		.where('region_id', '=', regionId)
		.where('key', '=', 'nutzerbeduerfnisse')
		.executeTakeFirstOrThrow();
	const row = await db
		.insertInto('contribution')
		.values({
			region_id: regionId,
			topic_field_id: field.id,
			category_id: category.id,
			title: `Dorfladen in Rimbach ${stamp}`,
			body: 'Ein Laden mit Produkten aus der Region.',
			body_html: '<p>Ein Laden mit Produkten aus der Region.</p>',
			language: 'de'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	contributionId = row.id;
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

test('comment, reply, report, hide from the queue, find it in the audit log', async () => {
	const path = `/beitraege/${contributionId}`;

	// Anna comments and replies to her own comment
	const anna = await signedIn(await personWithSession('Anna aus Rimbach'));
	await visit(anna, path);
	await anna.getByLabel('Ihr Kommentar').fill(commentText);
	await press(anna, 'Kommentar veröffentlichen');
	await expectAccessible(anna);
	await expect(anna.getByText('Ihr Kommentar ist veröffentlicht.').count()).resolves.toBe(1);
	// (the text is also in the edit form she may use for 15 minutes)
	await expect(anna.locator('p', { hasText: commentText }).count()).resolves.toBe(1);
	await anna.getByText('Antworten', { exact: true }).first().click();
	await anna.getByLabel('Ihre Antwort').fill('Zumindest am Vormittag.');
	await press(anna, 'Antwort veröffentlichen');
	await expectAccessible(anna);
	await expect(
		anna.getByRole('heading', { name: 'Diskussion (2 Kommentare)' }).count()
	).resolves.toBe(1);
	await expect(
		anna
			.getByRole('list', { name: 'Antworten' })
			.locator('p', { hasText: 'Zumindest am Vormittag.' })
			.count()
	).resolves.toBe(1);
	await anna.context().close();

	// Ben reports the comment
	const ben = await signedIn(await personWithSession('Ben aus Fürth'));
	await visit(ben, path);
	const comment = ben.getByRole('article', { name: /Anna aus Rimbach/ }).first();
	await comment.getByText('Kommentar melden').click();
	await comment.getByLabel('Grund').selectOption({ label: 'Nicht zum Thema' });
	await comment.getByLabel('Anmerkung (freiwillig)').fill('Passt nicht hierher.');
	await comment.getByRole('button', { name: 'Meldung absenden' }).click();
	await ben.waitForLoadState('load');
	await expectAccessible(ben);
	await expect(ben.getByText('Danke für Ihre Meldung.', { exact: false }).count()).resolves.toBe(1);
	await ben.context().close();

	// a moderator hides it from the queue
	const moderator = await signedIn(await personWithSession('Mia Moderation', 'moderator'));
	await visit(moderator, '/admin');
	await moderator.getByRole('link', { name: 'Moderation' }).click();
	await moderator.waitForURL('**/admin/moderation');
	await expectAccessible(moderator);
	const item = moderator.getByRole('article').filter({ hasText: commentText });
	await expect(item.getByText('Nicht zum Thema (1)', { exact: false }).count()).resolves.toBe(1);
	await item.getByLabel('Hinweis für alle (erscheint statt des Textes)').fill('Nicht zum Thema');
	await item.getByRole('button', { name: 'Ausblenden' }).click();
	await moderator.waitForLoadState('load');
	await expectAccessible(moderator);
	await expect(moderator.getByText('Ausgeblendet.', { exact: true }).count()).resolves.toBe(1);
	await expect(moderator.getByText(commentText).count()).resolves.toBe(0);
	await visit(moderator, '/admin/moderation?ansicht=ausgeblendet');
	await expect(moderator.getByText(commentText).count()).resolves.toBe(1);
	// moderators see both the note and the text
	await visit(moderator, path);
	await expect(
		moderator.getByText('Ausgeblendet durch die Moderation: Nicht zum Thema').count()
	).resolves.toBe(1);
	await expect(moderator.getByText(commentText).count()).resolves.toBe(1);
	await moderator.context().close();

	// everybody else sees only the note
	const visitor = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
	await visit(visitor, path);
	await expect(
		visitor.getByText('Ausgeblendet durch die Moderation: Nicht zum Thema').count()
	).resolves.toBe(1);
	await expect(visitor.getByText(commentText).count()).resolves.toBe(0);
	await expect(
		visitor.getByRole('heading', { name: 'Diskussion (1 Kommentar)' }).count()
	).resolves.toBe(1);
	await visitor.context().close();

	// the region admin reads it in the audit log
	const admin = await signedIn(await personWithSession('Rita Regionsadmin', 'region_admin'));
	await visit(admin, '/admin/protokoll?aktion=moderation.hidden');
	await expect(
		admin.getByText('moderation.hidden', { exact: true }).count()
	).resolves.toBeGreaterThan(0);
	await expect(admin.getByText('Mia Moderation').count()).resolves.toBeGreaterThan(0);
	await admin.context().close();
});
