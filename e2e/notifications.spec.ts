/**
 * Follows, notifications and official answers without JavaScript: Anna writes a contribution,
 * Ben comments, Anna sees the unread count and the notification; a moderator gives an official
 * answer (badge on the page and on the topic map); Anna opens it, switches her digest to
 * weekly, unfollows, and reads the page in English. axe on every page.
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
const stamp = Date.now();
const title = `Wochenmarkt in Lindenfels ${stamp}`;

async function personWithSession(name: string, role: PersonRole = 'citizen') {
	const person = await db
		.insertInto('person')
		.values({
			region_id: regionId,
			email: `notify.${role}.${name.toLowerCase().replace(/\W/g, '')}.${stamp}@example.org`,
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
	await expectAccessible(page);
}

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	regionId = region.id;
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

test('comment → notification, official answer → badge, digest weekly, in German and English', async () => {
	// Anna writes a contribution (and follows it from then on)
	const anna = await signedIn(await personWithSession('Anna Notify'));
	await visit(anna, '/themen/regionale-produkte/landkarte/neu');
	await anna.getByLabel('Titel').fill(title);
	await anna.getByLabel('Beschreibung (freiwillig)').fill('Jeden Samstag auf dem Marktplatz.');
	await anna.getByRole('radio', { name: /Nutzerbedürfnisse/ }).check();
	await press(anna, 'Beitrag veröffentlichen');
	await anna.waitForURL('**/beitraege/**');
	const path = new URL(anna.url()).pathname;
	await expect(anna.getByText('Sie folgen diesem Beitrag').count()).resolves.toBe(1);
	await expect(
		anna.getByRole('link', { name: 'Benachrichtigungen', exact: true }).count()
	).resolves.toBe(1);

	// Ben comments, and follows it from then on
	const ben = await signedIn(await personWithSession('Ben Notify'));
	await visit(ben, path);
	await expect(ben.getByRole('button', { name: 'Folgen', exact: true }).count()).resolves.toBe(1);
	await ben.getByLabel('Ihr Kommentar').fill('Gern auch mit Käse aus dem Odenwald.');
	await press(ben, 'Kommentar veröffentlichen');
	await expect(ben.getByRole('button', { name: 'Nicht mehr folgen' }).count()).resolves.toBe(1);
	await ben.context().close();

	// Anna sees the unread count in the header and the notification
	await visit(anna, '/');
	const unreadLink = anna.getByRole('link', { name: 'Benachrichtigungen (1 ungelesen)' });
	await expect(unreadLink.count()).resolves.toBe(1);
	await unreadLink.click();
	await anna.waitForURL('**/konto/benachrichtigungen');
	await expectAccessible(anna);
	const commentNote = anna.getByRole('link', { name: `Neuer Kommentar zu „${title}“` });
	await expect(commentNote.count()).resolves.toBe(1);
	await expect(anna.getByText('von Ben Notify', { exact: false }).count()).resolves.toBe(1);
	await expect(anna.getByText('1 ungelesen', { exact: true }).count()).resolves.toBe(1);

	// a moderator gives an official answer
	const moderator = await signedIn(await personWithSession('Mara Verwaltung', 'moderator'));
	await visit(moderator, path);
	await moderator
		.getByLabel('Antwort (Markdown)')
		.fill('Der Markt ist ab **Mai** genehmigt. Standort: Marktplatz.');
	await press(moderator, 'Offizielle Antwort veröffentlichen');
	await expect(
		moderator.getByText('Die offizielle Antwort ist veröffentlicht.').count()
	).resolves.toBe(1);
	await expect(
		moderator.getByRole('heading', { name: /Offizielle Antwort der Verwaltung/ }).count()
	).resolves.toBe(1);
	await expect(moderator.locator('.official-answer strong').textContent()).resolves.toBe('Mai');
	// and on the topic map card
	await visit(moderator, '/themen/regionale-produkte/landkarte');
	const card = moderator.getByRole('listitem').filter({ hasText: title });
	await expect(card.getByText('Offizielle Antwort', { exact: true }).count()).resolves.toBe(1);
	await moderator.context().close();

	// everybody sees the badge on the contribution
	const visitor = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
	await visit(visitor, path);
	await expect(visitor.getByRole('link', { name: 'Offizielle Antwort' }).count()).resolves.toBe(1);
	await expect(
		visitor.getByText('Melden Sie sich an, um diesem Beitrag zu folgen.').count()
	).resolves.toBe(1);
	await visitor.context().close();

	// Anna opens the answer's notification: it leads to the contribution and is read
	await visit(anna, '/konto/benachrichtigungen');
	await expect(anna.getByText('2 ungelesen', { exact: true }).count()).resolves.toBe(1);
	await anna.getByRole('link', { name: `Offizielle Antwort auf „${title}“` }).click();
	await anna.waitForURL((url) => url.pathname === path && url.hash === '#offizielle-antwort');
	await expectAccessible(anna);
	await expect(
		anna.getByRole('link', { name: 'Benachrichtigungen (1 ungelesen)' }).count()
	).resolves.toBe(1);
	await visit(anna, '/konto/benachrichtigungen');
	await press(anna, 'Alle als gelesen markieren');
	await expect(
		anna.getByText('Alle Benachrichtigungen sind als gelesen markiert.').count()
	).resolves.toBe(1);
	await expect(
		anna.getByRole('link', { name: 'Benachrichtigungen', exact: true }).count()
	).resolves.toBe(1);

	// the digest: daily by default, switched to weekly
	await expect(anna.getByRole('radio', { name: 'Täglich' }).isChecked()).resolves.toBe(true);
	await anna.getByRole('radio', { name: 'Wöchentlich' }).check();
	await press(anna, 'Einstellung speichern');
	await expect(anna.getByText('Ihre Einstellung ist gespeichert.').count()).resolves.toBe(1);
	await expect(anna.getByRole('radio', { name: 'Wöchentlich' }).isChecked()).resolves.toBe(true);

	// unfollow from the list
	await press(anna, `Nicht mehr folgen: „${title}“`);
	await expect(anna.getByText('Sie folgen noch nichts.').count()).resolves.toBe(1);

	// the same page in English
	await anna.goto(`${baseUrl()}/sprache/en?next=/konto/benachrichtigungen`);
	await anna.waitForURL('**/konto/benachrichtigungen');
	await expectAccessible(anna);
	await expect(anna.getByRole('heading', { name: 'Summary by e-mail' }).count()).resolves.toBe(1);
	await expect(
		anna.getByRole('link', { name: `Official answer to “${title}”` }).count()
	).resolves.toBe(1);
	await expect(anna.getByRole('radio', { name: 'Weekly' }).isChecked()).resolves.toBe(true);
	await visit(anna, path);
	await expect(
		anna.getByRole('heading', { name: /Official answer of the administration/ }).count()
	).resolves.toBe(1);
	await anna.context().close();
}, 300_000);

test('the notifications page asks anonymous visitors to sign in', async () => {
	const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
	await page.goto(`${baseUrl()}/konto/benachrichtigungen`);
	await page.waitForURL('**/konto/anmelden?next=*');
	await expectAccessible(page);
	await page.context().close();
});
