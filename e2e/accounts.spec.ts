/**
 * A new person's whole journey, in Chromium with JavaScript off, against a server that sends
 * its mail to a real SMTP server on loopback: register, receive the mail, verify, sign in,
 * see sessions, download own data, delete the account. Plus bad input and throttling.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSmtp, linkIn, type TestSmtp } from '../test/smtp.ts';
import { expectAccessible, launch, newContext } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

let browser: Browser;
let smtp: TestSmtp;
let server: RunningServer;
let base: string;

beforeAll(async () => {
	smtp = await startSmtp();
	server = await startServer({
		DATABASE_URL: inject('e2e').databaseUrl,
		SMTP_URL: smtp.url,
		REGION_FILES: ''
	});
	base = `http://localhost:${server.port}`;
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await smtp?.close();
});

async function go(page: Page, path: string, status = 200) {
	const response = await page.goto(path.startsWith('http') ? path : base + path);
	expect(response?.status(), path).toBe(status);
	await expectAccessible(page);
}

async function submit(page: Page, name: string) {
	await Promise.all([
		page.waitForLoadState('load'),
		page.getByRole('button', { name, exact: true }).click()
	]);
	await page.waitForLoadState('load');
}

describe('a new person, without JavaScript', () => {
	test(
		'registers, verifies by mail, signs in, exports and deletes the account',
		{ timeout: 150_000 },
		async () => {
			const email = `erika.${Date.now()}@example.org`;
			const context = await newContext(browser, { javaScriptEnabled: false });
			const page = await context.newPage();

			await go(page, '/konto/registrieren');
			await page.getByLabel('E-Mail-Adresse').fill(email);
			await page.getByLabel('Name, der anderen angezeigt wird').fill('Erika M.');
			await page.getByLabel('Passwort', { exact: true }).fill('Apfelbaum im Odenwald');
			await page.getByLabel('Wohnort (freiwillig)').selectOption({ label: 'Lindenfels' });
			await page
				.getByLabel('Ich gehöre zur Zielgruppe (freiwillig)')
				.selectOption({ label: 'Senioren' });
			await expect(page.getByLabel(/Neuigkeiten/).isChecked()).resolves.toBe(false);
			await page.getByLabel(/Nutzungsbedingungen/).check();
			await submit(page, 'Registrieren');
			await expectAccessible(page);
			await expect(page.getByRole('status').textContent()).resolves.toContain(
				'Wir haben Ihnen eine E-Mail geschickt'
			);

			const mail = await smtp.waitFor(email, /bestätigen/);
			expect(mail.text).toContain('Erika M.');
			await go(page, linkIn(mail.text).replace(/^http:\/\/[^/]+/, base));
			await submit(page, 'Adresse jetzt bestätigen');
			await expect(page.getByRole('status').textContent()).resolves.toContain('bestätigt');

			// wrong password: a clear message, the e-mail kept
			await go(page, '/konto/anmelden');
			await page.getByLabel('E-Mail-Adresse').fill(email);
			await page.getByLabel('Passwort').fill('falsches Passwort');
			await submit(page, 'Anmelden');
			await expectAccessible(page);
			await expect(page.getByRole('alert').textContent()).resolves.toContain(
				'E-Mail-Adresse oder Passwort stimmen nicht'
			);
			await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe(email);
			await expect(page.getByLabel('Passwort').inputValue()).resolves.toBe('');

			await page.getByLabel('Passwort').fill('Apfelbaum im Odenwald');
			await submit(page, 'Anmelden');
			expect(page.url()).toBe(`${base}/konto`);
			await expectAccessible(page);
			await expect(page.getByText(`Angemeldet als Erika M. (${email})`).count()).resolves.toBe(1);
			await expect(page.getByText('dieses Gerät').count()).resolves.toBe(1);

			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('link', { name: 'Meine Daten herunterladen' }).click()
			]);
			const exported = JSON.parse(
				await new Promise<string>((resolve, reject) => {
					download.createReadStream().then((stream) => {
						const chunks: Buffer[] = [];
						stream.on('data', (c: Buffer) => chunks.push(c));
						stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
						stream.on('error', reject);
					}, reject);
				})
			);
			expect(exported.person).toMatchObject({
				email,
				display_name: 'Erika M.',
				municipality: 'Lindenfels'
			});

			// the export is not reachable without the session
			const anonymous = await fetch(`${base}/konto/daten.json`);
			expect(anonymous.status).toBe(401);

			await page.getByRole('link', { name: 'Konto löschen' }).click();
			await page.waitForURL('**/konto/loeschen');
			await expectAccessible(page);
			await page.getByLabel('Beiträge behalten, aber ohne meinen Namen (anonym)').check();
			await page.getByLabel('Aktuelles Passwort').fill('Apfelbaum im Odenwald');
			await submit(page, 'Konto endgültig löschen');
			await expect(page.getByRole('status').textContent()).resolves.toContain('gelöscht');

			await page.getByLabel('E-Mail-Adresse').fill(email);
			await page.getByLabel('Passwort').fill('Apfelbaum im Odenwald');
			await submit(page, 'Anmelden');
			await expect(page.getByRole('alert').textContent()).resolves.toContain('stimmen nicht');
			await context.close();
		}
	);
});

describe('bad input and attacks', () => {
	test('registration errors are listed, per field, with what was typed kept', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		await go(page, '/konto/registrieren');
		await page.getByLabel('E-Mail-Adresse').fill('not-an-address');
		await page.getByLabel('Name, der anderen angezeigt wird').fill('<script>alert(1)</script>');
		await page.getByLabel('Passwort', { exact: true }).fill('kurz');
		await submit(page, 'Registrieren');
		await expectAccessible(page);
		const summary = await page.getByRole('alert').textContent();
		expect(summary).toContain('gültige E-Mail-Adresse');
		expect(summary).toContain('mindestens 8 Zeichen');
		expect(summary).toContain('Nutzungsbedingungen');
		await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('not-an-address');
		await expect(page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid')).resolves.toBe(
			'true'
		);
		// the typed text comes back as text, never as markup
		await expect(page.getByLabel('Name, der anderen angezeigt wird').inputValue()).resolves.toBe(
			'<script>alert(1)</script>'
		);
		await context.close();
	});

	test('repeated wrong passwords are throttled: 429, a clear message, Retry-After', async () => {
		const email = `throttle.${Date.now()}@example.org`;
		let last: Response | undefined;
		for (let i = 0; i < 11; i++) {
			last = await fetch(`${base}/konto/anmelden`, {
				method: 'POST',
				headers: {
					origin: base,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ email, password: 'falsch falsch' }),
				redirect: 'manual'
			});
		}
		expect(last!.status).toBe(429);
		expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await last!.text()).toContain('Zu viele Versuche');
	});

	test('a form post from another site is refused and changes nothing', async () => {
		const response = await fetch(`${base}/konto/registrieren`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				email: 'csrf@example.org',
				displayName: 'CSRF',
				password: 'Apfelbaum im Odenwald',
				terms: 'on'
			})
		});
		expect(response.status).toBe(403);
		await new Promise((r) => setTimeout(r, 300));
		expect(smtp.mails.some((m) => m.to.includes('csrf@example.org'))).toBe(false);
	});
});
