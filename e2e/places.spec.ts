/**
 * Places in Chromium against the production build: without JavaScript, a visitor finds the
 * places within 10 km of Lindenfels (nearest first, with distances) and opens one with its
 * opening hours; an organisation's admin adds their shop with opening hours through the form
 * (a bad row first: message, input kept); the GeoJSON is a valid FeatureCollection. axe runs
 * on every page.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { distanceKm } from '../src/lib/server/place/geo.ts';
import { createServer, type Server } from 'node:http';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

let browser: Browser;
let db: DB;
let regionId: string;
let lindenfels: { id: string; lat: number; lon: number };

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	regionId = (
		await db
			.selectFrom('region')
			.select('id')
			.where('slug', '=', 'bergstrasse-odenwald')
			.executeTakeFirstOrThrow()
	).id;
	lindenfels = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.where('slug', '=', 'lindenfels')
		.executeTakeFirstOrThrow();
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

async function signedIn(
	personId: string,
	options: { javaScriptEnabled?: boolean } = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const token = await createSession(
		db,
		{ id: personId, regionId },
		{ userAgent: 'e2e', ip: '127.0.0.1' }
	);
	const context = await newContext(browser, { javaScriptEnabled: options.javaScriptEnabled });
	await context.addCookies([{ name: 'session', value: token, url: baseUrl(), httpOnly: true }]);
	return { context, page: await context.newPage() };
}

async function submit(page: Page, name: string) {
	await Promise.all([
		page.waitForEvent('load'),
		page.getByRole('button', { name, exact: true }).click()
	]);
	await expectAccessible(page);
}

const tag = () => randomBytes(3).toString('hex');

async function slugOf(name: string): Promise<string> {
	const row = await db
		.selectFrom('place')
		.select('slug')
		.where('region_id', '=', regionId)
		.where('name', '=', name)
		.executeTakeFirstOrThrow();
	return row.slug;
}

describe('places', () => {
	test('without JavaScript: places within 10 km of Lindenfels, nearest first; one with its opening hours', async () => {
		const suffix = tag();
		const far = (
			await db
				.selectFrom('municipality')
				.select(['id', 'lat', 'lon', 'name'])
				.where('region_id', '=', regionId)
				.execute()
		).find((m) => distanceKm(m, lindenfels) > 25)!;
		const north = (km: number) => ({ lat: lindenfels.lat + km / 111.195, lon: lindenfels.lon });
		await db
			.insertInto('place')
			.values([
				{
					region_id: regionId,
					slug: `hofladen-nah-${suffix}`,
					name: `Hofladen Nah ${suffix}`,
					kind: 'shop',
					shop_kind: 'farm',
					street: 'Burgstraße 1',
					postcode: '64678',
					municipality_id: lindenfels.id,
					...north(2),
					opening_hours: JSON.stringify({
						timeZone: 'Europe/Berlin',
						rules: [{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '12:30' }],
						exceptions: [],
						skipHolidaysIn: 'HE'
					})
				},
				{
					region_id: regionId,
					slug: `abholstelle-mitte-${suffix}`,
					name: `Abholstelle Mitte ${suffix}`,
					kind: 'pickup_point',
					shop_kind: null,
					municipality_id: lindenfels.id,
					...north(6)
				},
				{
					region_id: regionId,
					slug: `weit-weg-${suffix}`,
					name: `Weit weg ${suffix}`,
					kind: 'shop',
					shop_kind: 'village',
					municipality_id: far.id,
					lat: far.lat,
					lon: far.lon
				}
			])
			.execute();

		const context = await newContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		await visit(page, '/orte');
		// the region's municipalities have their own page, linked from here
		await expect(
			page.getByRole('link', { name: /^Städte und Gemeinden der Region/ }).getAttribute('href')
		).resolves.toBe('/orte/gemeinden');
		await page.getByLabel('Im Umkreis um').selectOption({ label: 'Lindenfels' });
		await page.getByLabel('Umkreis', { exact: true }).selectOption('10');
		await submit(page, 'Suchen');
		expect(page.url()).toContain('ort=lindenfels');
		expect(page.url()).toContain('umkreis=10');
		const results = page.locator('section[aria-labelledby="results"]');
		await expect(results.getByRole('heading', { level: 2 }).textContent()).resolves.toMatch(
			/im Umkreis von 10 km um Lindenfels/
		);
		const names = await results.locator('ol.results > li > a').allTextContents();
		const mine = names.filter((n) => n.endsWith(suffix));
		expect(mine).toEqual([`Hofladen Nah ${suffix}`, `Abholstelle Mitte ${suffix}`]);
		await expect(
			results.locator('li', { hasText: `Hofladen Nah ${suffix}` }).textContent()
		).resolves.toContain('2 km entfernt');
		await expect(page.getByRole('img', { name: 'Karte der Orte' }).count()).resolves.toBe(1);

		await Promise.all([
			page.waitForEvent('load'),
			results.getByRole('link', { name: `Hofladen Nah ${suffix}` }).click()
		]);
		await expectAccessible(page);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			`Hofladen Nah ${suffix}`
		);
		const hours = page.getByRole('table');
		await expect(hours.getByRole('row', { name: /Montag/ }).textContent()).resolves.toContain(
			'08:00–12:30'
		);
		await expect(hours.getByRole('row', { name: /Sonntag/ }).textContent()).resolves.toContain(
			'geschlossen'
		);
		await expect(page.locator('.open-state').textContent()).resolves.toMatch(
			/geöffnet bis 12:30|öffnet wieder/
		);
		const jsonLd = JSON.parse(
			(await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}'
		);
		expect(jsonLd).toMatchObject({
			'@type': 'Store',
			geo: { '@type': 'GeoCoordinates' },
			openingHoursSpecification: [{ opens: '08:00', closes: '12:30' }]
		});
		// the pages ship no script without a tile server
		await expect(page.locator('script:not([type="application/ld+json"])').count()).resolves.toBe(0);
		await context.close();
	});

	test('an organisation admin adds their shop with opening hours', async () => {
		const suffix = tag();
		const person = await db
			.insertInto('person')
			.values({
				region_id: regionId,
				email: `place.${suffix}@example.org`,
				display_name: 'Lena Laden',
				password_hash: await hashPassword('Apfelbaum im Odenwald'),
				email_verified_at: new Date(),
				terms_accepted_at: new Date(),
				role: 'citizen'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const organisation = await db
			.insertInto('organisation')
			.values({
				region_id: regionId,
				slug: `dorfladen-verein-${suffix}`,
				name: `Dorfladen-Verein ${suffix}`,
				kind: 'village_shop',
				sector: 'zivilgesellschaft',
				municipality_id: lindenfels.id,
				lat: lindenfels.lat,
				lon: lindenfels.lon,
				created_by: person.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('organisation_member')
			.values({
				region_id: regionId,
				organisation_id: organisation.id,
				person_id: person.id,
				role: 'admin'
			})
			.execute();

		const { context, page } = await signedIn(person.id, { javaScriptEnabled: false });
		await visit(page, '/orte/neu');
		const name = `Dorfladen Schenkenberg ${suffix}`;
		await page.getByLabel('Name', { exact: true }).fill(name);
		await page.getByLabel('Art des Ortes').selectOption('shop');
		await page.getByLabel('Art des Ladens').selectOption('village');
		await page.getByLabel('Straße und Hausnummer').fill('Schenkenberg 3');
		await page.getByLabel('Postleitzahl').fill('64678');
		await page.getByLabel('Stadt oder Gemeinde').selectOption({ label: 'Lindenfels' });
		const row1 = page.getByRole('group', { name: 'Zeile 1' });
		for (const day of ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag']) {
			await row1.getByLabel(day).check();
		}
		await row1.getByLabel('Von').fill('08:00');
		await row1.getByLabel('Bis').fill('12:30');
		const row2 = page.getByRole('group', { name: 'Zeile 2' });
		await row2.getByLabel('Samstag').check();
		await row2.getByLabel('Von').fill('13:00');
		await row2.getByLabel('Bis').fill('09:00');
		await page.getByLabel('An Feiertagen in Hessen geschlossen').check();
		await submit(page, 'Ort eintragen');
		// the bad row: a message at its field, everything typed kept, nothing saved
		await expect(page.getByRole('alert').textContent()).resolves.toContain(
			'Das Ende muss nach dem Beginn liegen.'
		);
		await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(name);
		await expect(
			page.getByRole('group', { name: 'Zeile 1' }).getByLabel('Dienstag').isChecked()
		).resolves.toBe(true);
		await expect(
			db.selectFrom('place').select('id').where('name', '=', name).execute()
		).resolves.toEqual([]);
		await page.getByRole('group', { name: 'Zeile 2' }).getByLabel('Bis').fill('13:00');
		await page.getByRole('group', { name: 'Zeile 2' }).getByLabel('Von').fill('09:00');
		await submit(page, 'Ort eintragen');
		await expect(page.getByRole('status').textContent()).resolves.toContain('eingetragen');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(name);
		await expect(
			page.getByRole('link', { name: `Dorfladen-Verein ${suffix}` }).count()
		).resolves.toBe(1);
		const hours = page.getByRole('table');
		await expect(hours.getByRole('row', { name: /Samstag/ }).textContent()).resolves.toContain(
			'09:00–13:00'
		);
		await expect(page.getByText('An Feiertagen geschlossen.').count()).resolves.toBe(1);
		// its team edits it
		await Promise.all([
			page.waitForEvent('load'),
			page.getByRole('link', { name: 'Ort bearbeiten' }).click()
		]);
		await expectAccessible(page);
		await expect(
			page.getByRole('group', { name: 'Zeile 2' }).getByLabel('Von').inputValue()
		).resolves.toBe('09:00');
		// a seasonal row: Sundays in summer only; half a season first is a message at its field
		const row3 = page.getByRole('group', { name: 'Zeile 3' });
		await row3.getByLabel('Sonntag').check();
		await row3.getByLabel('Von').fill('14:00');
		await row3.getByLabel('Bis').fill('17:00');
		await row3.getByLabel('Saisonbeginn').fill('1.5.');
		await submit(page, 'Speichern');
		await expect(page.getByRole('alert').textContent()).resolves.toContain(
			'Bitte Beginn und Ende der Saison angeben.'
		);
		await expect(
			page.getByRole('group', { name: 'Zeile 3' }).getByLabel('Saisonbeginn').inputValue()
		).resolves.toBe('1.5.');
		await page.getByRole('group', { name: 'Zeile 3' }).getByLabel('Saisonende').fill('09-30');
		await submit(page, 'Speichern');
		await expect(
			page
				.getByRole('table')
				.getByRole('row', { name: /Sonntag/ })
				.textContent()
		).resolves.toMatch(/14:00–17:00\s*\(von 1\. Mai bis 30\. Sept?\.?\)/);
		// editing again shows the season, and saving unchanged keeps it
		await visit(page, `/orte/${await slugOf(name)}/bearbeiten`);
		const again = page.getByRole('group', { name: 'Zeile 3' });
		await expect(again.getByLabel('Saisonbeginn').inputValue()).resolves.toBe('05-01');
		await expect(again.getByLabel('Saisonende').inputValue()).resolves.toBe('09-30');
		const stored = () =>
			db
				.selectFrom('place')
				.select('opening_hours')
				.where('name', '=', name)
				.executeTakeFirstOrThrow();
		const before = (await stored()).opening_hours;
		expect(before).toMatchObject({
			rules: [{}, {}, { weekdays: [7], season: { from: '05-01', until: '09-30' } }]
		});
		// a day with different hours, added without JavaScript, survives the next save
		await page.getByLabel('Datum').fill('2030-12-24');
		await page.getByLabel('Art', { exact: true }).selectOption('cancelled');
		await submit(page, 'Abweichenden Tag eintragen');
		await expect(page.getByRole('status').textContent()).resolves.toContain('gespeichert');
		await expect(page.locator('#ausnahmen li').first().textContent()).resolves.toContain(
			'Geschlossen'
		);
		await submit(page, 'Speichern');
		await expect((await stored()).opening_hours).toEqual({
			...(before as object),
			exceptions: [{ date: '2030-12-24', kind: 'cancelled' }]
		});
		await context.close();
	}, 180_000);

	test('GeoJSON: a FeatureCollection with [lon, lat] points; CSV with a header', async () => {
		const response = await fetch(baseUrl() + '/api/v1/places.geojson?art=shop');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/geo+json');
		const body = await response.json();
		expect(body.type).toBe('FeatureCollection');
		expect(Array.isArray(body.features)).toBe(true);
		expect(body.features.length).toBeGreaterThan(0);
		for (const feature of body.features) {
			expect(feature.type).toBe('Feature');
			expect(feature.geometry.type).toBe('Point');
			const [lon, lat] = feature.geometry.coordinates;
			expect(typeof lon).toBe('number');
			expect(typeof lat).toBe('number');
			// the region lies around 49.6° N, 8.8° E: longitude first
			expect(lon).toBeGreaterThan(7);
			expect(lon).toBeLessThan(10);
			expect(lat).toBeGreaterThan(49);
			expect(lat).toBeLessThan(51);
			expect(feature.properties).toMatchObject({ kind: 'shop' });
			expect(typeof feature.properties.name).toBe('string');
			expect(typeof feature.properties.address).toBe('string');
			expect(typeof feature.properties.municipality).toBe('string');
			expect(feature.properties.url).toMatch(/^http:\/\/localhost:\d+\/orte\/[a-z0-9-]+$/);
		}
		const csv = await (await fetch(baseUrl() + '/api/v1/places.csv')).text();
		expect(csv.split('\r\n')[0]).toBe(
			'slug,name,kind,shop_kind,street,postcode,municipality,latitude,longitude,url'
		);
	});
});

describe('the map with a tile server', () => {
	// a 1×1 PNG stands in for every tile; /broken/ answers 404 for all of them
	const PNG = Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
		'base64'
	);
	let tiles: Server;
	let tilePort: number;
	let requested = 0;

	beforeAll(async () => {
		tiles = createServer((request, response) => {
			requested++;
			if (request.url?.startsWith('/ok/')) {
				response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
			} else {
				response.writeHead(404).end();
			}
		});
		await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
		tilePort = (tiles.address() as { port: number }).port;
	});
	afterAll(async () => {
		await new Promise((resolve) => tiles?.close(resolve));
	});

	async function placeWithServer(path: 'ok' | 'broken') {
		const server: RunningServer = await startServer({
			DATABASE_URL: inject('e2e').databaseUrl,
			REGION_FILES: '',
			DEMO_DATA: '0',
			MAP_TILE_URL: `http://127.0.0.1:${tilePort}/${path}/{z}/{x}/{y}.png`,
			MAP_TILE_ATTRIBUTION: '© Kacheln <Test>'
		});
		const slug = `kartenort-${path}-${tag()}`;
		await db
			.insertInto('place')
			.values({
				region_id: regionId,
				slug,
				name: `Kartenort ${path}`,
				kind: 'pickup_point',
				shop_kind: null,
				municipality_id: lindenfels.id,
				lat: lindenfels.lat,
				lon: lindenfels.lon
			})
			.execute();
		return { server, url: `http://localhost:${server.port}/orte/${slug}` };
	}

	test('with JavaScript the tiles show; the CSP allows their host for images only', async () => {
		const { server, url } = await placeWithServer('ok');
		try {
			const context = await newContext(browser);
			const page = await context.newPage();
			const response = await page.goto(url);
			const policy = response!.headers()['content-security-policy']!;
			expect(policy).toMatch(new RegExp(`img-src [^;]*http://127\\.0\\.0\\.1:${tilePort}`));
			expect(policy).not.toMatch(new RegExp(`(script|connect|default)-src [^;]*127\\.0\\.0\\.1`));
			await page.locator('.leaflet-container .leaflet-tile-loaded').first().waitFor();
			expect(requested).toBeGreaterThan(0);
			await expect(page.getByRole('region', { name: 'Kartenort ok' }).isVisible()).resolves.toBe(
				true
			);
			// the SVG gives way to the tiles; the attribution is text, not markup
			await expect(page.getByRole('img', { name: 'Kartenort ok' }).isVisible()).resolves.toBe(
				false
			);
			await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toContain(
				'© Kacheln <Test>'
			);
			await expectAccessible(page);
			await context.close();
		} finally {
			await server.stop();
		}
	});

	test('when no tile loads, the SVG map comes back with a note', async () => {
		const { server, url } = await placeWithServer('broken');
		try {
			const context = await newContext(browser);
			const page = await context.newPage();
			await page.goto(url);
			await page.getByRole('status').filter({ hasText: 'Kartenkacheln' }).waitFor();
			await expect(page.getByRole('img', { name: 'Kartenort broken' }).isVisible()).resolves.toBe(
				true
			);
			await expect(page.locator('.leaflet-container').count()).resolves.toBe(0);
			await expectAccessible(page);
			await context.close();
		} finally {
			await server.stop();
		}
	});
});
