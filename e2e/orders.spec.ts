/**
 * Ordering with pickup, without JavaScript: the village shop's admin starts an order round
 * (a wrong closing time first), offers a farm's potatoes and a pickup at the shop; a family
 * orders, reviews and places the order for pickup and gets the confirmation mail; the farm
 * opens and prints its list; the shop opens its lists and the tour's route sheet. Axe on every
 * page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { instantToBerlin } from '../src/lib/server/event/event.time.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

type Who = 'shop' | 'farmer' | 'family' | 'guest';
let db: DB;
let browser: Browser;
const tokens: Record<Who, string> = { shop: '', farmer: '', family: '', guest: '' };
const emails: Record<Who, string> = { shop: '', farmer: '', family: '', guest: '' };
const PASSWORD = 'Kartoffel-Acker-2027';
/** the cycle the first test creates, for the later steps */
let slug = '';
let roundName = '';
const stamp = Date.now();
const shopName = `Dorfladen Kirschhausen ${stamp}`;
const farmName = `Hof Sonnenhang ${stamp}`;
let farmSlug = '';
let placeId = '';

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	const municipality = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.orderBy('name')
		.limit(1)
		.executeTakeFirstOrThrow();
	const organisation = (slug: string, name: string, kind: string, dLat: number) =>
		db
			.insertInto('organisation')
			.values({
				region_id: region.id,
				slug,
				name,
				kind,
				sector: 'wirtschaft',
				municipality_id: municipality.id,
				lat: Number(municipality.lat) + dLat,
				lon: Number(municipality.lon),
				verified_at: new Date(),
				verified_by: null,
				created_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
	const shop = await organisation(`dorfladen-${stamp}`, shopName, 'village_shop', 0);
	farmSlug = `hof-sonnenhang-${stamp}`;
	const farm = await organisation(farmSlug, farmName, 'producer', 0.05);
	({ id: placeId } = await db
		.insertInto('place')
		.values({
			region_id: region.id,
			slug: `dorfladen-${stamp}`,
			kind: 'shop',
			shop_kind: 'village',
			name: shopName,
			street: 'Hauptstraße 3',
			municipality_id: municipality.id,
			lat: Number(municipality.lat) + 0.01,
			lon: Number(municipality.lon) + 0.01,
			organisation_id: shop.id
		})
		.returning('id')
		.executeTakeFirstOrThrow());
	await db
		.insertInto('product')
		.values({
			region_id: region.id,
			producer_id: farm.id,
			slug: `kartoffeln-${stamp}`,
			name: 'Festkochende Kartoffeln',
			category: 'potatoes',
			unit: '5 kg',
			price_cents: 650
		})
		.execute();
	const hash = await hashPassword(PASSWORD);
	for (const who of ['shop', 'farmer', 'family', 'guest'] as const) {
		emails[who] = `order-${who}.${stamp}@example.org`;
		const person = await db
			.insertInto('person')
			.values({
				region_id: region.id,
				email: emails[who],
				display_name: who === 'family' ? `Familie Berger ${stamp}` : `${who} ${stamp}`,
				password_hash: who === 'guest' ? hash : 'x',
				email_verified_at: new Date(),
				terms_accepted_at: new Date(),
				role: 'citizen'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (who === 'shop' || who === 'farmer') {
			await db
				.insertInto('organisation_member')
				.values({
					region_id: region.id,
					organisation_id: who === 'shop' ? shop.id : farm.id,
					person_id: person.id,
					role: who === 'shop' ? 'admin' : 'member'
				})
				.execute();
		}
		tokens[who] = await createSession(
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

async function as(who: Who): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	await context.addCookies([{ name: 'session', value: tokens[who], url: baseUrl() }]);
	return context.newPage();
}

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
}

test('a family orders for pickup at the village shop; farm and shop get their lists and the tour', async () => {
	const shop = await as('shop');
	await visit(shop, '/bestellen');
	await shop.getByRole('link', { name: 'Bestellrunde anlegen' }).click();
	await shop.waitForURL('**/bestellen/neu');
	await expectAccessible(shop);
	const hour = 3600_000;
	roundName = `Kartoffelrunde ${stamp}`;
	await shop.getByLabel('Name der Bestellrunde').fill(roundName);
	await shop.getByLabel('Organisiert von').selectOption({ label: shopName });
	await shop.getByLabel('Bestellbar ab').fill(instantToBerlin(new Date(Date.now() - hour)));
	await shop.getByLabel('Bestellschluss').fill(instantToBerlin(new Date(Date.now() - 2 * hour)));
	await submit(shop, 'Bestellrunde anlegen');
	await expectAccessible(shop);
	await expect(shop.getByRole('alert').textContent()).resolves.toContain(
		'Der Bestellschluss muss nach dem Beginn liegen.'
	);
	await expect(shop.getByLabel('Name der Bestellrunde').inputValue()).resolves.toBe(roundName);
	await shop.getByLabel('Bestellschluss').fill(instantToBerlin(new Date(Date.now() + 48 * hour)));
	await submit(shop, 'Bestellrunde anlegen');
	await shop.waitForURL(/\/bestellen\/kartoffelrunde-\d+\/bearbeiten$/);
	slug = /\/bestellen\/([^/]+)\/bearbeiten$/.exec(shop.url())![1]!;
	await expectAccessible(shop);

	// an offer: a negative stock is refused, then 5 bags at the product's price
	await shop
		.getByLabel('Produkt')
		.selectOption({ label: 'Festkochende Kartoffeln (5 kg, 6,50 €)' });
	await shop.getByLabel('Verfügbare Menge (optional)').fill('-3');
	await submit(shop, 'Angebot hinzufügen');
	await expectAccessible(shop);
	await expect(shop.getByRole('alert').textContent()).resolves.toContain('ganze Zahl ab 0');
	await shop.getByLabel('Verfügbare Menge (optional)').fill('5');
	await submit(shop, 'Angebot hinzufügen');
	await expect(shop.locator('main').textContent()).resolves.toContain(
		'Das Angebot ist hinzugefügt.'
	);
	// a pickup at the shop, tomorrow afternoon
	await shop.getByLabel('Ort', { exact: true }).selectOption(placeId);
	await shop.getByLabel('Abholung ab').fill(instantToBerlin(new Date(Date.now() + 24 * hour)));
	await shop.getByLabel('Abholung bis').fill(instantToBerlin(new Date(Date.now() + 27 * hour)));
	await submit(shop, 'Abholort hinzufügen');
	await expectAccessible(shop);
	await expect(shop.locator('main').textContent()).resolves.toContain(
		'Der Abholort ist hinzugefügt.'
	);

	// the family orders
	const family = await as('family');
	await visit(family, '/bestellen');
	await family.getByRole('link', { name: roundName }).click();
	await family.waitForURL(`**/bestellen/${slug}`);
	await expectAccessible(family);
	await expect(family.locator('main').textContent()).resolves.toContain('noch 5 verfügbar');
	await expect(family.locator('main').textContent()).resolves.toContain(
		'Bezahlt wird bei der Abholung.'
	);
	const quantity = family.getByLabel(/Festkochende Kartoffeln/);
	await quantity.fill('9');
	await submit(family, 'Weiter zur Übersicht');
	await expectAccessible(family);
	await expect(family.locator('main').textContent()).resolves.toContain('Nur noch 5 verfügbar.');
	await submit(family, 'Verbindlich bestellen');
	await expectAccessible(family);
	await expect(family.getByRole('alert').textContent()).resolves.toContain(
		'Von Festkochende Kartoffeln sind nur noch 5 (5 kg) verfügbar.'
	);
	await expect(family.getByLabel(/Festkochende Kartoffeln/).inputValue()).resolves.toBe('9');
	await family.getByLabel(/Festkochende Kartoffeln/).fill('2');
	await submit(family, 'Weiter zur Übersicht');
	await expect(
		family.getByRole('table', { name: 'Ihr Warenkorb' }).textContent()
	).resolves.toContain('13,00');
	await family.getByLabel(new RegExp(shopName)).check();
	await family.getByLabel('Hinweis an den Laden (optional)').fill('Wir kommen gegen 17 Uhr.');
	await submit(family, 'Verbindlich bestellen');
	await family.waitForURL(/\/konto\/bestellungen\?bestellt=\d+$/);
	await expectAccessible(family);
	const number = new URL(family.url()).searchParams.get('bestellt')!;
	await expect(family.locator('main').textContent()).resolves.toContain(
		`Ihre Bestellung Nr. ${number} ist eingegangen`
	);
	const mail = await db
		.selectFrom('mail')
		.select(['subject', 'body'])
		.where('to_address', '=', emails.family)
		.executeTakeFirstOrThrow();
	expect(mail.subject).toBe(`Ihre Bestellung Nr. ${number}`);
	expect(mail.body).toContain('2 × Festkochende Kartoffeln (5 kg');
	expect(mail.body).toContain('Gesamt: 13,00');
	expect(mail.body).toContain(shopName);
	expect(mail.body).toContain('Bezahlt wird bei der Abholung.');

	// the farm: what to bring where, printable, without names
	const farmer = await as('farmer');
	await visit(farmer, `/bestellen/${slug}/erzeuger/${farmSlug}`);
	await farmer.emulateMedia({ media: 'print' });
	const table = farmer.getByRole('table', { name: new RegExp(shopName) });
	await expect(table.textContent()).resolves.toContain('Festkochende Kartoffeln');
	await expect(table.textContent()).resolves.toMatch(/5 kg\s*2/);
	await expect(
		farmer.getByRole('link', { name: 'Liste als CSV herunterladen' }).isVisible()
	).resolves.toBe(false);
	await expect(farmer.locator('main').textContent()).resolves.not.toContain('Familie Berger');
	await expectAccessible(farmer);
	// but not the shop's lists with names
	await visit(farmer, `/bestellen/${slug}/verwaltung`, 403);

	// the shop: lists with names, CSV, and the tour
	await visit(shop, `/bestellen/${slug}/verwaltung`);
	await expect(shop.locator('main').textContent()).resolves.toContain(`Familie Berger ${stamp}`);
	const csv = await shop.request.get(`${baseUrl()}/bestellen/${slug}/verwaltung/packliste.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain(`Familie Berger ${stamp}`);
	await visit(shop, `/bestellen/${slug}/tour`);
	const sheet = (await shop.locator('main').textContent()) ?? '';
	expect(sheet).toContain('Tourenblatt');
	// collect at the farm first, then drop at the shop
	const stops = shop.locator('ol.tour > li');
	await expect(stops.count()).resolves.toBe(2);
	await expect(stops.nth(0).textContent()).resolves.toMatch(new RegExp(`${farmName}\\s*abholen`));
	await expect(stops.nth(1).textContent()).resolves.toMatch(new RegExp(`${shopName}\\s*abgeben`));
	expect(sheet).toMatch(/Gesamtstrecke: \d+,\d km/);

	// the family cancels: the stock is back
	await family.getByRole('button', { name: `Bestellung Nr. ${number} stornieren` }).click();
	await family.waitForLoadState('load');
	await expectAccessible(family);
	await expect(family.locator('main').textContent()).resolves.toContain(
		'Die Bestellung ist storniert.'
	);
	await visit(family, `/bestellen/${slug}`);
	await expect(family.locator('main').textContent()).resolves.toContain('noch 5 verfügbar');
}, 120_000);

test('signing in on the review keeps the basket; the shop changes the round and hands the order over', async () => {
	expect(slug).not.toBe('');
	// not signed in: the basket, the review, then signing in returns to the review
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	const guest = await context.newPage();
	await visit(guest, `/bestellen/${slug}`);
	await guest.getByLabel(/Festkochende Kartoffeln/).fill('3');
	await submit(guest, 'Weiter zur Übersicht');
	await expectAccessible(guest);
	// changing the basket from the review keeps what was chosen
	await guest.getByRole('link', { name: 'Warenkorb ändern' }).click();
	await expect(guest.getByLabel(/Festkochende Kartoffeln/).inputValue()).resolves.toBe('3');
	await submit(guest, 'Weiter zur Übersicht');
	await guest.getByRole('link', { name: 'Anmelden, um zu bestellen' }).click();
	await guest.waitForURL('**/konto/anmelden?next=*');
	await expectAccessible(guest);
	await guest.getByLabel('E-Mail-Adresse').fill(emails.guest);
	await guest.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
	await submit(guest, 'Anmelden');
	await guest.waitForURL(new RegExp(`/bestellen/${slug}\\?pruefen`));
	await expectAccessible(guest);
	const basket = guest.getByRole('table', { name: 'Ihr Warenkorb' });
	await expect(basket.textContent()).resolves.toContain('19,50');
	await guest.getByLabel(new RegExp(shopName)).check();
	await submit(guest, 'Verbindlich bestellen');
	await guest.waitForURL(/\/konto\/bestellungen\?bestellt=\d+$/);
	const number = new URL(guest.url()).searchParams.get('bestellt')!;
	// a hand-made address leads nowhere else
	await guest.goto(`${baseUrl()}/konto/anmelden?next=${encodeURIComponent('//evil.example/')}`);
	expect(new URL(guest.url()).host).toBe(new URL(baseUrl()).host);

	// the shop: the round's name and closing time, an offer's price and stock
	const shop = await as('shop');
	await visit(shop, `/bestellen/${slug}/bearbeiten`);
	// in the past but after the opening (the round opened an hour before the first test)
	await shop.getByLabel('Bestellschluss').fill(instantToBerlin(new Date(Date.now() - 5 * 60_000)));
	await submit(shop, 'Bestellrunde speichern');
	await expectAccessible(shop);
	await expect(shop.getByRole('alert').textContent()).resolves.toContain(
		'Es gibt schon Bestellungen: Der Bestellschluss muss in der Zukunft liegen.'
	);
	const newName = `Kartoffel- und Eierrunde ${stamp}`;
	await shop.getByLabel('Name der Bestellrunde').fill(newName);
	await shop
		.getByLabel('Bestellschluss')
		.fill(instantToBerlin(new Date(Date.now() + 72 * 3600_000)));
	await submit(shop, 'Bestellrunde speichern');
	await expectAccessible(shop);
	await expect(shop.locator('main').textContent()).resolves.toContain(
		'Die Bestellrunde ist gespeichert.'
	);
	await shop.getByLabel('Verfügbare Menge von Festkochende Kartoffeln').fill('2');
	await submit(shop, 'Festkochende Kartoffeln speichern');
	await expectAccessible(shop);
	await expect(shop.locator('main').textContent()).resolves.toContain(
		'Die Menge kann nicht kleiner sein als die schon bestellte Menge.'
	);
	await expect(
		shop.getByLabel('Verfügbare Menge von Festkochende Kartoffeln').inputValue()
	).resolves.toBe('2');
	await shop.getByLabel('Preis in Euro für Festkochende Kartoffeln').fill('7,00');
	await shop.getByLabel('Verfügbare Menge von Festkochende Kartoffeln').fill('8');
	await submit(shop, 'Festkochende Kartoffeln speichern');
	await expect(shop.locator('main').textContent()).resolves.toContain('Das Angebot ist geändert.');
	// the round in the site-wide search under its new name
	await visit(shop, `/suche?q=${encodeURIComponent('Eierrunde')}`);
	await expect(shop.getByRole('link', { name: newName }).count()).resolves.toBeGreaterThan(0);
	await expect(shop.locator('main').textContent()).resolves.toContain('Bestellrunde');

	// pickup time: the shop hands the order over
	await db
		.updateTable('order_cycle_pickup')
		.set({ starts_at: new Date(Date.now() - 60_000) })
		.where('place_id', '=', placeId)
		.execute();
	await visit(shop, `/bestellen/${slug}/verwaltung`);
	await submit(shop, `Bestellung Nr. ${number} als abgeholt markieren`);
	await expectAccessible(shop);
	await expect(shop.locator('main').textContent()).resolves.toContain(
		`Bestellung Nr. ${number} ist als abgeholt markiert.`
	);
	await expect(
		shop.getByRole('button', { name: `Bestellung Nr. ${number} als abgeholt markieren` }).count()
	).resolves.toBe(0);
	// when it was handed over: on the packing list, in its CSV, and the pick list's count
	const handedOver = shop.locator('article', { hasText: `Nr. ${number}` });
	await expect(handedOver.textContent()).resolves.toMatch(
		/Abgeholt am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/
	);
	const packing = await (
		await shop.request.get(`${baseUrl()}/bestellen/${slug}/verwaltung/packliste.csv`)
	).text();
	expect(packing.split('\r\n')[0]).toContain('status,collected_at');
	const row = packing.split('\r\n').find((r) => r.startsWith(`${number},`))!;
	expect(row).toMatch(/,collected,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/);
	const picking = await (
		await shop.request.get(`${baseUrl()}/bestellen/${slug}/verwaltung/pickliste.csv`)
	).text();
	expect(picking.split('\r\n')[0]).toBe(
		'pickup,pickup_starts_at,producer,product,unit,quantity,collected_quantity'
	);
	// the family's earlier order was cancelled: the guest's 3 are all there is, all collected
	expect(picking).toContain('Festkochende Kartoffeln,5 kg,3,3\r\n');
	await visit(guest, '/konto/bestellungen');
	const mine = guest.locator('article', { hasText: `Nr. ${number}` });
	await expect(mine.textContent()).resolves.toContain('abgeholt');
	await expect(mine.textContent()).resolves.toMatch(/Abgeholt am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
	await expectAccessible(guest);
	await expect(
		guest.getByRole('button', { name: `Bestellung Nr. ${number} stornieren` }).count()
	).resolves.toBe(0);
	// the order kept its price
	await expect(mine.textContent()).resolves.toContain('19,50');
	await context.close();
}, 120_000);
