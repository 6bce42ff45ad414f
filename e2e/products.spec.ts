/**
 * A producer's member adds a product with price, season and labels (a bad price first: a clear
 * message, everything typed kept); a visitor searches "Äpfel", finds it, opens it and sees where
 * to buy it (a market stand with its next dates, a shop with opening hours). No JavaScript; axe
 * on every page; the product page carries schema.org Product data.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
let token = '';
const stamp = Date.now();
const producerName = `Obsthof Topaz ${stamp}`;
const productName = `Äpfel Topaz ${stamp}`;

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
		.where('slug', '=', 'lindenfels')
		.executeTakeFirstOrThrow();
	const person = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `producer.${stamp}@example.org`,
			display_name: `Erzeugerin ${stamp}`,
			password_hash: 'x',
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	token = await createSession(
		db,
		{ id: person.id, regionId: region.id },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const located = {
		region_id: region.id,
		municipality_id: municipality.id,
		lat: municipality.lat,
		lon: municipality.lon
	};
	const producer = await db
		.insertInto('organisation')
		.values({
			...located,
			slug: `obsthof-topaz-${stamp}`,
			name: producerName,
			kind: 'producer',
			sector: 'wirtschaft'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('organisation_member')
		.values({
			region_id: region.id,
			organisation_id: producer.id,
			person_id: person.id,
			role: 'member'
		})
		.execute();
	const square = await db
		.insertInto('place')
		.values({ ...located, slug: `marktplatz-${stamp}`, kind: 'market_square', name: 'Marktplatz' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const market = await db
		.insertInto('market')
		.values({
			region_id: region.id,
			slug: `bauernmarkt-${stamp}`,
			name: `Bauernmarkt ${stamp}`,
			kind: 'weekly',
			place_id: square.id,
			schedule: JSON.stringify({ rules: [{ weekdays: [6], start: '08:00', end: '12:00' }] })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('market_stand')
		.values({ region_id: region.id, market_id: market.id, producer_id: producer.id })
		.execute();
	const shop = await db
		.insertInto('place')
		.values({
			...located,
			slug: `dorfladen-${stamp}`,
			kind: 'shop',
			shop_kind: 'village',
			name: `Dorfladen ${stamp}`,
			opening_hours: JSON.stringify({
				rules: [{ weekdays: [1, 2, 3, 4, 5], start: '07:30', end: '18:00' }]
			})
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('shop_producer')
		.values({ region_id: region.id, place_id: shop.id, producer_id: producer.id })
		.execute();
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function page(signedIn: boolean): Promise<Page> {
	const context = await newContext(browser, { javaScriptEnabled: false });
	context.setDefaultTimeout(10_000);
	if (signedIn) await context.addCookies([{ name: 'session', value: token, url: baseUrl() }]);
	return context.newPage();
}

test('a member adds a product; a visitor finds it with "Äpfel" and sees where to buy it', async () => {
	const member = await page(true);
	await member.goto(`${baseUrl()}/produkte`);
	await expectAccessible(member);
	await member.getByRole('link', { name: 'Produkt eintragen' }).click();
	await member.waitForURL('**/produkte/neu');
	await expectAccessible(member);

	await member.getByLabel('Name des Produkts').fill(productName);
	await member.getByLabel('Kategorie').selectOption({ label: 'Obst' });
	await member.getByLabel('Einheit').fill('1 kg');
	await member.getByLabel('Preis in Euro').fill('-2,80');
	await member.getByLabel('September').check();
	await member.getByLabel('Oktober').check();
	await member.getByLabel('Echt Odenwald').check();
	await member.getByRole('button', { name: 'Produkt speichern' }).click();
	await member.waitForLoadState('load');
	// a clear message, everything typed kept, nothing saved
	await expect(member.getByRole('alert').textContent()).resolves.toContain(
		'Preis als Betrag in Euro'
	);
	await expect(member.getByLabel('Name des Produkts').inputValue()).resolves.toBe(productName);
	await expect(member.getByLabel('Oktober').isChecked()).resolves.toBe(true);
	await expect(member.getByLabel('Echt Odenwald').isChecked()).resolves.toBe(true);
	await expect(member.getByLabel('Preis in Euro').inputValue()).resolves.toBe('-2,80');
	await expectAccessible(member);
	expect(
		await db.selectFrom('product').select('id').where('name', '=', productName).execute()
	).toHaveLength(0);

	await member.getByLabel('Preis in Euro').fill('2,80');
	await member.getByRole('button', { name: 'Produkt speichern' }).click();
	await member.waitForURL(/\/produkte\/aepfel-topaz-\d+\?angelegt=1$/);
	await expect(member.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(productName);
	await expectAccessible(member);

	const visitor = await page(false);
	await visitor.goto(`${baseUrl()}/produkte`);
	await visitor.getByLabel('Suchwort').fill('Äpfel');
	await visitor.getByRole('button', { name: 'Suchen' }).click();
	await visitor.waitForURL('**/produkte?q=*');
	await expectAccessible(visitor);
	const result = visitor.getByRole('link', { name: productName });
	await expect(result.count()).resolves.toBe(1);
	const card = ((await visitor.locator('.card', { has: result }).textContent()) ?? '').replace(
		/\s+/g,
		' '
	);
	expect(card).toContain('2,80');
	expect(card).toContain('September');
	expect(card).toContain('Echt Odenwald');
	expect(card).toContain(producerName);
	await result.click();
	await visitor.waitForURL(/\/produkte\/aepfel-topaz-\d+$/);
	await expectAccessible(visitor);
	// one space for any run of white space (Intl puts a no-break space before €)
	const text = ((await visitor.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
	expect(text).toContain('2,80 € je 1 kg');
	expect(text).toContain('September, Oktober');
	expect(text).toContain('Wo kaufen?');
	expect(text).toContain(`Bauernmarkt ${stamp}`);
	expect(text).toContain('Samstag');
	expect(text).toContain(`Dorfladen ${stamp}`);
	expect(text).toContain('Mo, Di, Mi, Do, Fr: 07:30–18:00 Uhr');
	await expect(
		visitor.getByRole('link', { name: producerName }).first().getAttribute('href')
	).resolves.toMatch(/^\/organisationen\/obsthof-topaz-\d+$/);
	const jsonLd = JSON.parse(
		(await visitor.locator('script[type="application/ld+json"]').textContent()) ?? '{}'
	);
	expect(jsonLd).toMatchObject({
		'@type': 'Product',
		name: productName,
		offers: {
			'@type': 'Offer',
			price: '2.80',
			priceCurrency: 'EUR',
			seller: { '@type': 'Organization', name: producerName }
		}
	});

	// the producer's page lists it
	await visitor.getByRole('link', { name: `Mehr über ${producerName}` }).click();
	await visitor.waitForURL(/\/organisationen\/obsthof-topaz-\d+$/);
	await expect(visitor.getByRole('link', { name: productName }).count()).resolves.toBe(1);
	await expectAccessible(visitor);

	// open data
	const api = await visitor.request.get(`${baseUrl()}/api/v1/products`);
	const body = (await api.json()) as { items: { name: string; priceCents: number }[] };
	expect(body.items.find((p) => p.name === productName)?.priceCents).toBe(280);
	const geo = await visitor.request.get(`${baseUrl()}/api/v1/producers.geojson`);
	const features = ((await geo.json()) as { features: { properties: { name: string } }[] })
		.features;
	expect(features.map((f) => f.properties.name)).toContain(producerName);
});
