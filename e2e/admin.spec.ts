/**
 * The admin area in Chromium: a region admin opens every page (axe on each, German and
 * English, on a 320 px phone too) and reads a held mail; a moderator gets the lists but not
 * the outbox or the audit log; a citizen gets 403; a visitor is sent to sign in and comes back.
 * Roles are changed through the form with JavaScript off. People are made directly in the
 * database (verified, with a known password) and sign in through the real form.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

const PASSWORD = 'Streuobstwiese am Felsberg';
const run = Date.now().toString(36);

let browser: Browser;
let db: DB;
let demoId: string;
let marburgId: string;

interface TestPerson {
	id: string;
	email: string;
	name: string;
}
let admin: TestPerson;
let moderator: TestPerson;
let citizen: TestPerson;
let newcomer: TestPerson;
let marburgAdmin: TestPerson;

async function createPerson(
	regionId: string,
	key: string,
	name: string,
	role: PersonRole,
	passwordHash: string
): Promise<TestPerson> {
	const email = `${key}.${run}@example.org`;
	const row = await db
		.insertInto('person')
		.values({
			region_id: regionId,
			email,
			display_name: name,
			password_hash: passwordHash,
			email_verified_at: new Date(),
			terms_accepted_at: new Date(),
			role
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, email, name };
}

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	const regions = await db.selectFrom('region').select(['id', 'slug']).execute();
	demoId = regions.find((r) => r.slug === 'bergstrasse-odenwald')!.id;
	marburgId = regions.find((r) => r.slug === 'marburg-biedenkopf')!.id;
	const hash = await hashPassword(PASSWORD);
	admin = await createPerson(demoId, 'admin', `Ada Admin ${run}`, 'region_admin', hash);
	moderator = await createPerson(demoId, 'mod', `Moritz Moderator ${run}`, 'moderator', hash);
	citizen = await createPerson(demoId, 'citizen', `Clara Citizen ${run}`, 'citizen', hash);
	newcomer = await createPerson(demoId, 'newcomer', `Nina Neu ${run}`, 'citizen', hash);
	marburgAdmin = await createPerson(
		marburgId,
		'mradmin',
		`Mara Marburg ${run}`,
		'region_admin',
		hash
	);
	// what the outbox holds when no SMTP server is configured (the e2e server has none)
	await db
		.insertInto('mail')
		.values({
			region_id: demoId,
			to_address: newcomer.email,
			subject: `Bitte bestätigen Sie Ihre Adresse ${run}`,
			body: `Hallo Nina,\n\nhttp://localhost/konto/bestaetigen?token=held-${run}\n`,
			status: 'held'
		})
		.execute();
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
});

/** A fresh browser context; a missing element fails within seconds, not at the test timeout. */
async function open(options: Parameters<typeof newContext>[1] = {}) {
	const context = await newContext(browser, options);
	const page = await context.newPage();
	page.setDefaultTimeout(10_000);
	return { context, page };
}

/** Signs in through the form; `next` is where the sign-in page sends the person afterwards. */
async function signIn(page: Page, person: TestPerson, host?: string) {
	await page.getByLabel('E-Mail-Adresse').fill(person.email);
	await page.getByLabel('Passwort').fill(PASSWORD);
	await Promise.all([
		page.waitForURL((url) => !url.pathname.startsWith('/konto/anmelden')),
		page.getByRole('button', { name: 'Anmelden', exact: true }).click()
	]);
	if (host) expect(new URL(page.url()).hostname).toBe(host);
}

async function noSidewaysScrolling(page: Page, path: string) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
}

const ADMIN_PAGES = [
	'/admin',
	'/admin/personen',
	'/admin/organisationen',
	'/admin/organisationen?status=offen',
	'/admin/region',
	'/admin/postausgang',
	'/admin/protokoll',
	'/admin/protokoll?aktion=account.'
];

describe('a region admin', () => {
	// every admin page with axe: close to a minute on a busy 2-core machine
	test(
		'is sent to sign in, comes back, and every admin page passes axe',
		{ timeout: 180_000 },
		async () => {
			const { context, page } = await open();
			await visit(page, '/admin/personen?suche=Ada');
			expect(page.url()).toBe(
				baseUrl() + '/konto/anmelden?next=' + encodeURIComponent('/admin/personen?suche=Ada')
			);
			await signIn(page, admin);
			expect(page.url()).toBe(baseUrl() + '/admin/personen?suche=Ada');
			await expectAccessible(page);

			const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
			await expect(nav.getByRole('link', { name: 'Verwaltung' }).count()).resolves.toBe(1);
			for (const path of ADMIN_PAGES) await visit(page, path);

			// the overview: numbers as text beside the bars
			await visit(page, '/admin');
			await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
				'Verwaltung: Überblick'
			);
			const people = page.getByRole('region', { name: 'Personen' });
			await expect(people.getByText('Registriert').count()).resolves.toBe(1);

			// people: e-mail addresses for region admins, no role form for oneself
			await visit(page, `/admin/personen?suche=${run}`);
			const table = page.getByRole('table');
			await expect(
				table.getByRole('columnheader', { name: 'E-Mail-Adresse' }).count()
			).resolves.toBe(1);
			await expect(table.getByText(citizen.email).count()).resolves.toBe(1);
			const own = table.getByRole('row', { name: new RegExp(admin.name) });
			await expect(own.getByRole('combobox').count()).resolves.toBe(0);
			await expect(own.getByText('Eigene Rolle: nicht änderbar').count()).resolves.toBe(1);
			// nothing of the other region
			await expect(table.getByText(marburgAdmin.name).count()).resolves.toBe(0);

			// the outbox: never cached, the held mail's text readable
			const response = await page.goto(baseUrl() + '/admin/postausgang');
			expect(response?.status()).toBe(200);
			expect(response?.headers()['cache-control']).toContain('no-store');
			const subject = `Bitte bestätigen Sie Ihre Adresse ${run}`;
			await expect(
				page
					.getByRole('row', { name: new RegExp(subject) })
					.getByText('Zurückgehalten')
					.count()
			).resolves.toBe(1);
			const text = page.locator('details', { hasText: subject });
			await expect(text.getByText(`token=held-${run}`).isVisible()).resolves.toBe(false);
			await text.getByText('Text anzeigen').click();
			await expect(text.getByText(`token=held-${run}`).isVisible()).resolves.toBe(true);
			await expectAccessible(page);

			// the audit log shows the sign-in, from which address, filtered by action
			await visit(page, '/admin/protokoll?aktion=account.login');
			const login = page.getByRole('row', { name: new RegExp(`${admin.name}.*Angemeldet`) });
			await expect(login.count()).resolves.toBeGreaterThan(0);
			await expect(page.getByRole('table').getByText('admin.role_changed').count()).resolves.toBe(
				0
			);

			// in English too
			await page.goto(baseUrl() + '/sprache/en');
			for (const path of ADMIN_PAGES) await visit(page, path);
			await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
				'Audit log'
			);
			await context.close();
		}
	);

	test('reads the admin pages on a 320 px phone without the page scrolling sideways', async () => {
		const { context, page } = await open({ width: 320 });
		await visit(page, '/konto/anmelden?next=/admin');
		await signIn(page, admin);
		for (const path of ADMIN_PAGES) {
			await visit(page, path);
			await noSidewaysScrolling(page, path);
		}
		await context.close();
	});

	test('of another region sees only that region', async () => {
		const { context, page } = await open();
		const marburg = baseUrl('marburg-biedenkopf.localtest');
		await visit(page, `${marburg}/konto/anmelden?next=/admin/personen`);
		await signIn(page, marburgAdmin, 'marburg-biedenkopf.localtest');
		await visit(page, `${marburg}/admin/personen?suche=${run}`);
		await expect(page.getByRole('table').getByText(marburgAdmin.name).count()).resolves.toBe(1);
		await expect(page.getByText(admin.name).count()).resolves.toBe(0);
		await visit(page, `${marburg}/admin/postausgang`);
		await expect(page.getByText(`token=held-${run}`).count()).resolves.toBe(0);
		await context.close();
	});
});

describe('a moderator', () => {
	test('sees people without e-mail addresses, and neither outbox nor audit log', async () => {
		const { context, page } = await open();
		await visit(page, '/admin/postausgang');
		expect(page.url()).toContain('/konto/anmelden?next=%2Fadmin%2Fpostausgang');
		await signIn(page, moderator);
		// back at the outbox, which is not for moderators
		expect(page.url()).toBe(baseUrl() + '/admin/postausgang');
		await expect(page.getByText('Dafür fehlt Ihnen die Berechtigung.').count()).resolves.toBe(1);
		await expectAccessible(page);
		await visit(page, '/admin/postausgang', 403);
		await visit(page, '/admin/protokoll', 403);

		await visit(page, '/admin');
		const adminNav = page.getByRole('navigation', { name: 'Bereiche der Verwaltung' });
		await expect(adminNav.getByRole('link', { name: 'Personen' }).count()).resolves.toBe(1);
		await expect(adminNav.getByRole('link', { name: 'Postausgang' }).count()).resolves.toBe(0);
		await expect(adminNav.getByRole('link', { name: 'Protokoll' }).count()).resolves.toBe(0);

		await visit(page, `/admin/personen?suche=${run}`);
		const table = page.getByRole('table');
		await expect(table.getByText(citizen.name).count()).resolves.toBe(1);
		await expect(table.getByRole('columnheader', { name: 'E-Mail-Adresse' }).count()).resolves.toBe(
			0
		);
		await expect(page.getByText('@example.org').count()).resolves.toBe(0);
		await expect(table.getByRole('combobox').count()).resolves.toBe(0);
		// searching by an address finds nobody: no way to test whether one is registered
		await visit(page, `/admin/personen?suche=${encodeURIComponent(citizen.email)}`);
		await expect(page.getByText('Keine Personen gefunden.').count()).resolves.toBe(1);

		await visit(page, '/admin/organisationen');
		await visit(page, '/admin/region');
		// a role change posted by hand is refused
		const post = await page.request.post(baseUrl() + '/admin/personen?/role', {
			form: { person: citizen.id, role: 'region_admin' },
			headers: { origin: baseUrl() },
			maxRedirects: 0
		});
		expect(post.status()).toBe(403);
		await context.close();
	});
});

describe('a citizen', () => {
	test('gets 403 in the admin area and no link to it', async () => {
		const { context, page } = await open();
		await visit(page, '/konto/anmelden');
		await signIn(page, citizen);
		const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
		await expect(nav.getByRole('link', { name: 'Verwaltung' }).count()).resolves.toBe(0);
		for (const path of ['/admin', '/admin/personen', '/admin/region', '/admin/postausgang']) {
			await visit(page, path, 403);
		}
		await expect(page.getByText('Dafür fehlt Ihnen die Berechtigung.').count()).resolves.toBe(1);
		await context.close();
	});
});

// axe needs JavaScript in the page; these pages passed it above, with JavaScript on.
describe('without JavaScript', () => {
	async function load(page: Page, path: string) {
		const response = await page.goto(baseUrl() + path);
		expect(response?.status(), path).toBe(200);
	}

	test('a region admin appoints a moderator with the form; the audit log records it', async () => {
		const { context, page } = await open({ javaScriptEnabled: false });
		await load(page, `/konto/anmelden?next=${encodeURIComponent(`/admin/personen?suche=${run}`)}`);
		await signIn(page, admin);
		const row = page.getByRole('row', { name: new RegExp(newcomer.name) });
		await row.getByLabel(`Neue Rolle für ${newcomer.name}`).selectOption({ label: 'Moderator:in' });
		await Promise.all([
			page.waitForURL(/\?\/role/),
			row.getByRole('button', { name: `Rolle ändern – ${newcomer.name}` }).click()
		]);
		await expect(page.getByRole('status').textContent()).resolves.toBe(
			`${newcomer.name} hat jetzt die Rolle „Moderator:in“.`
		);
		// back on the same search
		await expect(page.getByRole('searchbox').inputValue()).resolves.toBe(run);
		const stored = await db
			.selectFrom('person')
			.select('role')
			.where('id', '=', newcomer.id)
			.executeTakeFirstOrThrow();
		expect(stored.role).toBe('moderator');

		// one's own role is not offered, and a hand-made request for it is refused
		const own = await page.request.post(baseUrl() + '/admin/personen?/role', {
			form: { person: admin.id, role: 'citizen' },
			headers: { origin: baseUrl(), accept: 'text/html' }
		});
		expect(own.status()).toBe(409);
		expect(await own.text()).toContain('Ihre eigene Rolle können Sie nicht ändern.');

		await load(page, '/admin/protokoll?aktion=admin.role_changed');
		const entry = page.getByRole('row', { name: new RegExp(`${admin.name}.*Rolle geändert`) });
		await expect(entry.first().textContent()).resolves.toContain(newcomer.name);
		await expect(entry.first().textContent()).resolves.toContain('newRole: moderator');
		await expect(page.locator('script:not([type="application/ld+json"])').count()).resolves.toBe(0);
		await context.close();
	});
});
