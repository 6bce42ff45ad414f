/** An organisation admin uploads a logo without JavaScript; strangers cannot; the file is inert. */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import { createSession } from '../src/lib/server/account/session.ts';
import { baseUrl, expectAccessible, launch, newContext } from './browser.ts';

let db: DB;
let browser: Browser;
const slug = `logo-test-${Date.now()}`;
let adminToken: string;
let strangerToken: string;

async function person(regionId: string, email: string) {
	const row = await db
		.insertInto('person')
		.values({
			region_id: regionId,
			email,
			display_name: email.split('@')[0]!,
			password_hash: await hashPassword('Apfelbaum im Odenwald'),
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const token = await createSession(
		db,
		{ id: row.id, regionId },
		{ userAgent: 'test', ip: '127.0.0.1' }
	);
	return { id: row.id, token };
}

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	const place = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.where('slug', '=', 'erbach')
		.executeTakeFirstOrThrow();
	const admin = await person(region.id, `${slug}-admin@example.org`);
	const stranger = await person(region.id, `${slug}-stranger@example.org`);
	adminToken = admin.token;
	strangerToken = stranger.token;
	const org = await db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug,
			name: 'Logo-Hof',
			kind: 'farm_shop',
			sector: 'wirtschaft',
			municipality_id: place.id,
			lat: place.lat,
			lon: place.lon,
			created_by: admin.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('organisation_member')
		.values({ region_id: region.id, organisation_id: org.id, person_id: admin.id, role: 'admin' })
		.execute();
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

const SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#2f6b3a"/></svg>';

test('an organisation admin uploads a logo without JavaScript and it shows on the profile', async () => {
	const context = await newContext(browser, { javaScriptEnabled: false });
	await context.addCookies([{ name: 'session', value: adminToken, url: baseUrl() }]);
	const page = await context.newPage();
	await page.goto(`${baseUrl()}/organisationen/${slug}`);
	await page.getByRole('link', { name: 'Logo ändern' }).click();
	await page.waitForURL(`**/organisationen/${slug}/logo-aendern`);
	await expectAccessible(page);

	// a file that is not an image: a clear message, nothing stored
	await page.getByLabel('Logo-Datei').setInputFiles({
		name: 'logo.png',
		mimeType: 'image/png',
		buffer: Buffer.from('<html>not an image</html>')
	});
	await page.getByRole('button', { name: 'Logo hochladen' }).click();
	await page.waitForLoadState('load');
	await expect(page.getByRole('alert').textContent()).resolves.toContain(
		'PNG, JPEG, WebP oder SVG'
	);
	await expectAccessible(page);

	await page
		.getByLabel('Logo-Datei')
		.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG) });
	await page.getByRole('button', { name: 'Logo hochladen' }).click();
	await page.waitForLoadState('load');
	await expect(page.getByRole('status').textContent()).resolves.toContain('gespeichert');

	await page.goto(`${baseUrl()}/organisationen/${slug}`);
	const logo = page.getByRole('img', { name: 'Logo von Logo-Hof' });
	await expect(logo.count()).resolves.toBe(1);
	const src = await logo.getAttribute('src');
	const served = await fetch(baseUrl() + src);
	expect(served.headers.get('content-type')).toBe('image/svg+xml');
	expect(served.headers.get('content-security-policy')).toContain('sandbox');
	expect(served.headers.get('x-content-type-options')).toBe('nosniff');
	expect(await served.text()).toBe(SVG);
	await context.close();
});

test('someone who may not edit the organisation cannot change its logo', async () => {
	const page = await fetch(`${baseUrl()}/organisationen/${slug}/logo-aendern`, {
		headers: { cookie: `session=${strangerToken}` },
		redirect: 'manual'
	});
	expect(page.status).toBe(403);
	const form = new FormData();
	form.set('logo', new Blob([SVG], { type: 'image/svg+xml' }), 'x.svg');
	const upload = await fetch(`${baseUrl()}/organisationen/${slug}/logo-aendern?/remove`, {
		method: 'POST',
		headers: { cookie: `session=${strangerToken}`, origin: baseUrl(), accept: 'text/html' },
		body: form,
		redirect: 'manual'
	});
	expect(upload.status).toBe(403);
	const still = await fetch(`${baseUrl()}/organisationen/${slug}/logo`);
	expect(still.status).toBe(200);
});
