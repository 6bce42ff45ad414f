/**
 * A moderator takes a contribution over as a use case, moves it to "in work" and then discards
 * it with a reason that the timeline shows; the topic field shows where it stands and the value
 * network shows its organisation as a picture and a list. No JavaScript; axe on every page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
let token = '';
let citizenToken = '';
let contributionId = '';
const stamp = Date.now();
const title = `Hofautomat in Rimbach ${stamp}`;
const organisationName = `Mosterei Kirschberg ${stamp}`;

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	const moderator = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `uc-moderator.${stamp}@example.org`,
			display_name: `Moderatorin ${stamp}`,
			password_hash: 'x',
			email_verified_at: new Date(),
			terms_accepted_at: new Date(),
			role: 'moderator'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	token = await createSession(
		db,
		{ id: moderator.id, regionId: region.id },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const field = await db
		.selectFrom('topic_field')
		.select('id')
		.where('region_id', '=', region.id)
		.where('key', '=', 'regionale-produkte')
		.executeTakeFirstOrThrow();
	const category = await db
		.selectFrom('contribution_category')
		.select('id')
		.where('region_id', '=', region.id)
		.where('key', '=', 'nutzerbeduerfnisse')
		.executeTakeFirstOrThrow();
	contributionId = (
		await db
			.insertInto('contribution')
			.values({
				region_id: region.id,
				topic_field_id: field.id,
				category_id: category.id,
				title,
				body: 'Eier, Käse und Saft rund um die Uhr.',
				body_html: '<p>Eier, Käse und Saft rund um die Uhr.</p>',
				language: 'de'
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	// the person who wrote the contribution follows it (as authors do) and later hears of its use case
	const citizen = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `uc-citizen.${stamp}@example.org`,
			display_name: `Bürgerin ${stamp}`,
			password_hash: 'x',
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('follow')
		.values({
			region_id: region.id,
			person_id: citizen.id,
			target_type: 'contribution',
			target_id: contributionId
		})
		.execute();
	citizenToken = await createSession(
		db,
		{ id: citizen.id, regionId: region.id },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const municipality = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.limit(1)
		.executeTakeFirstOrThrow();
	await db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug: `mosterei-${stamp}`,
			name: organisationName,
			kind: 'producer',
			sector: 'wirtschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			verified_at: new Date(),
			verified_by: null,
			created_by: null
		})
		.execute();
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function page(signedIn: boolean | string): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	const session = signedIn === true ? token : signedIn;
	if (session) await context.addCookies([{ name: 'session', value: session, url: baseUrl() }]);
	return context.newPage();
}

test('from a contribution to a discarded use case, and the value network, without JavaScript', async () => {
	const moderator = await page(true);
	await moderator.goto(`${baseUrl()}/beitraege/${contributionId}`);
	await expectAccessible(moderator);
	await moderator.getByRole('link', { name: 'Als Anwendungsfall übernehmen' }).click();
	await moderator.waitForURL(/\/anwendungsfaelle\/neu\?beitrag=/);
	await expectAccessible(moderator);
	await expect(moderator.getByLabel('Titel').inputValue()).resolves.toBe(title);
	await moderator.getByRole('button', { name: 'Als Anwendungsfall übernehmen' }).click();
	await moderator.waitForURL(/\/anwendungsfaelle\/[0-9a-f-]{36}$/);
	const useCaseUrl = moderator.url();
	await expectAccessible(moderator);
	await expect(moderator.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
	await expect(moderator.getByRole('link', { name: title }).count()).resolves.toBe(1);

	await moderator
		.getByLabel('Organisation', { exact: true })
		.selectOption({ label: organisationName });
	await moderator.getByLabel('Rolle').selectOption({ label: 'Träger' });
	await moderator.getByRole('button', { name: 'Organisation beteiligen' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('link', { name: organisationName }).count()).resolves.toBe(1);

	await moderator.getByLabel('Neuer Stand').selectOption({ label: 'In Umsetzung' });
	await moderator
		.getByLabel('Was ist passiert? (Markdown, optional)')
		.fill('Der Automat ist **bestellt**.');
	await moderator.getByRole('button', { name: 'Stand ändern' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('status').first().textContent()).resolves.toContain('geändert');
	await expect(moderator.getByText('Stand: Idee → In Umsetzung').count()).resolves.toBe(1);
	await expectAccessible(moderator);

	// discarding without a reason: a clear message, nothing changed
	await moderator.getByLabel('Neuer Stand').selectOption({ label: 'Verworfen' });
	await moderator.getByRole('button', { name: 'Stand ändern' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByRole('alert').first().textContent()).resolves.toContain('begründen');
	await expectAccessible(moderator);
	await moderator.getByLabel('Neuer Stand').selectOption({ label: 'Verworfen' });
	await moderator
		.getByLabel('Begründung (nötig beim Verwerfen)')
		.fill('Der Standort hat keinen Stromanschluss.');
	await moderator.getByRole('button', { name: 'Stand ändern' }).click();
	await moderator.waitForLoadState('load');
	await expect(moderator.getByText('Stand: In Umsetzung → Verworfen').count()).resolves.toBe(1);
	await expect(
		moderator.getByText('Verworfen, weil: Der Standort hat keinen Stromanschluss.').count()
	).resolves.toBe(1);
	await expect(
		moderator.locator('.timeline').getByText('Der Standort hat keinen Stromanschluss.').count()
	).resolves.toBe(1);
	await moderator.context().close();

	// the public: the contribution links to its use case, the field shows where it stands
	const visitor = await page(false);
	await visitor.goto(`${baseUrl()}/beitraege/${contributionId}`);
	await expect(
		visitor
			.getByRole('link', { name: `Aus diesem Beitrag ist ein Anwendungsfall geworden: ${title}` })
			.count()
	).resolves.toBe(1);
	await visitor.goto(useCaseUrl);
	await expectAccessible(visitor);
	await expect(visitor.getByRole('button').count()).resolves.toBeLessThanOrEqual(2);
	await visitor.goto(`${baseUrl()}/themen/regionale-produkte`);
	await expectAccessible(visitor);
	const discarded = visitor.locator('.board-column', {
		has: visitor.getByRole('heading', { name: /Verworfen/ })
	});
	await expect(discarded.getByRole('link', { name: title }).count()).resolves.toBe(1);

	await visitor.getByRole('link', { name: 'Wertschöpfungsnetzwerk ansehen' }).first().click();
	await visitor.waitForURL('**/themen/regionale-produkte/netzwerk');
	await expectAccessible(visitor);
	await expect(
		visitor.getByRole('img', { name: /Netzwerk aus \d+ Beteiligten/ }).count()
	).resolves.toBe(1);
	await expect(
		visitor.locator('svg text', { hasText: 'Mosterei Kirschberg' }).count()
	).resolves.toBe(1);
	const list = visitor.getByRole('region', { name: 'Das Netzwerk als Liste' });
	const entry = list.getByRole('listitem').filter({ hasText: organisationName });
	await expect(entry.getByRole('link', { name: title }).count()).resolves.toBe(1);
	await visitor.context().close();

	// the author of the contribution sees each change of the use case among their notifications
	const author = await page(citizenToken);
	await author.goto(`${baseUrl()}/konto/benachrichtigungen`);
	await expectAccessible(author);
	const news = author.getByRole('link', { name: `Neuer Stand beim Anwendungsfall „${title}“` });
	await expect(news.count()).resolves.toBe(2);
	await news.first().click();
	await author.waitForURL(useCaseUrl);
	await expect(author.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
	await expect(author.getByRole('button', { name: 'Folgen' }).count()).resolves.toBe(1);
	await author.context().close();
}, 120_000);
