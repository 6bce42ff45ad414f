import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, expectAccessible, launch, newContext, visit } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

describe('a visitor of the demo region', () => {
	test('finds the topic fields on the home page and opens one', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		await visit(page, '/');
		await expect
			.poll(() => page.getByRole('heading', { level: 1 }).textContent())
			.toBe('Willkommen in der Region Bergstraße-Odenwald');
		const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
		for (const name of [
			'Regionale Produkte und Lieferketten',
			'Wohnen, Arbeiten und Coworking',
			'Gesundheitsvorsorge und Pflege',
			'Erholung, Freizeit und Tourismus',
			'Mitmachen',
			'Suche',
			'Anmelden'
		]) {
			await expect(nav.getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
		}
		const main = page.getByRole('main');
		await main.getByRole('link', { name: 'Regionale Produkte und Lieferketten' }).click();
		await page.waitForURL('**/themen/regionale-produkte');
		await expectAccessible(page);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Regionale Produkte und Lieferketten'
		);
		await expect(
			page.getByRole('heading', { name: 'Wochen-, Regional- und Themenmärkte', level: 3 }).count()
		).resolves.toBe(1);
		// the field links the network's offers once; its use cases do not deny them
		await expect(
			page.getByRole('region', { name: 'Was das Netzwerk anbietet' }).count()
		).resolves.toBe(1);
		await expect(
			page
				.getByText('Auf der Plattform gibt es für diesen Anwendungsfall noch keine Angebote.')
				.count()
		).resolves.toBe(0);
		await expect(
			nav
				.getByRole('link', { name: 'Regionale Produkte und Lieferketten' })
				.getAttribute('aria-current')
		).resolves.toBe('page');
		await context.close();
	});

	test('reaches the content with the keyboard through the skip link', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		await visit(page, '/beteiligung');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
		await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
		await page.keyboard.press('Enter');
		await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
		await context.close();
	});

	test('switches to English and the choice is remembered', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		await visit(page, '/themen/gesundheit-pflege');
		const toEnglish = page.getByRole('link', { name: 'Switch to English' });
		await expect(toEnglish.getAttribute('lang')).resolves.toBe('en');
		await toEnglish.click();
		await page.waitForURL('**/themen/gesundheit-pflege');
		await expectAccessible(page);
		await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Health care and nursing care'
		);
		await visit(page, '/');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Welcome to the region Bergstraße-Odenwald'
		);
		await page.getByRole('link', { name: 'Auf Deutsch umschalten' }).click();
		await page.waitForURL(baseUrl() + '/');
		await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
		await context.close();
	});

	// 26 pages with axe each: about a minute on a busy 2-core machine
	test(
		'every page of the shell passes axe, in German and in English',
		{ timeout: 180_000 },
		async () => {
			const paths = [
				'/',
				'/themen/wohnen-arbeiten',
				'/themen/freizeit-tourismus',
				'/beteiligung',
				'/orte',
				'/orte/gemeinden',
				'/suche',
				'/suche?q=markt',
				'/konto',
				'/impressum',
				'/datenschutz',
				'/barrierefreiheit',
				'/offene-daten'
			];
			for (const locale of ['de-DE', 'en-GB']) {
				const context = await newContext(browser, { locale });
				const page = await context.newPage();
				if (locale === 'en-GB') await page.goto(baseUrl() + '/sprache/en');
				for (const path of paths) await visit(page, path);
				await visit(page, '/gibt-es-nicht', 404);
				await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
					locale === 'de-DE' ? 'Seite nicht gefunden' : 'Page not found'
				);
				await context.close();
			}
		}
	);

	test('searches and finds use cases and places, with German word forms', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		await visit(page, '/suche');
		await page.getByLabel('Suchbegriff').fill('Märkte');
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL('**/suche?q=M*');
		await expectAccessible(page);
		await expect(
			page.getByRole('link', { name: 'Wochen-, Regional- und Themenmärkte' }).count()
		).resolves.toBe(1);
		await page.getByLabel('Suchbegriff').fill('Michelstadt');
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL('**/suche?q=Michelstadt');
		await expect(
			page.getByRole('link', { name: 'Michelstadt', exact: true }).count()
		).resolves.toBe(1);
		await context.close();
	});

	test('reads every page on a 320 px wide phone without sideways scrolling', async () => {
		const context = await newContext(browser, { width: 320 });
		const page = await context.newPage();
		for (const path of [
			'/',
			'/themen/regionale-produkte',
			'/orte',
			'/orte/gemeinden',
			'/suche?q=markt',
			'/datenschutz'
		]) {
			await visit(page, path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
		}
		await context.close();
	});
});

describe('without JavaScript', () => {
	test('searching, switching language and navigating all work', async () => {
		const context = await newContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(baseUrl() + '/');
		await page.getByRole('link', { name: 'Suche', exact: true }).click();
		await page.waitForURL('**/suche');
		await page.getByLabel('Suchbegriff').fill('Pflege');
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL('**/suche?q=Pflege');
		await expect(
			page.getByRole('link', { name: 'Gesundheitsvorsorge und Pflege' }).first().isVisible()
		).resolves.toBe(true);
		await page.getByRole('link', { name: 'Switch to English' }).click();
		await page.waitForURL('**/suche?q=Pflege');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Search');
		await page.getByRole('link', { name: 'Places', exact: true }).click();
		await page.waitForURL('**/orte');
		await page.getByRole('link', { name: /^Towns and municipalities of/ }).click();
		await page.waitForURL('**/orte/gemeinden');
		await expect(
			page.getByRole('img', { name: 'Map of the towns and municipalities' }).count()
		).resolves.toBe(1);
		// the pages ship no script at all
		await expect(page.locator('script:not([type="application/ld+json"])').count()).resolves.toBe(0);
		await context.close();
	});
});

describe('two regions on one installation', () => {
	test('each host name shows its own region and nothing of the other', async () => {
		const context = await newContext(browser);
		const page = await context.newPage();
		const marburg = baseUrl('marburg-biedenkopf.localtest');
		await visit(page, marburg + '/');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Willkommen in der Region Marburg-Biedenkopf'
		);
		await expect(
			page
				.getByRole('navigation', { name: 'Hauptnavigation' })
				.getByRole('link', { name: 'Mobilität und Nahversorgung' })
				.count()
		).resolves.toBe(1);
		await visit(page, marburg + '/themen/mobilitaet');
		// the demo region has no such topic field, and its search does not see Marburg's places
		await visit(page, baseUrl('bergstrasse-odenwald.localtest') + '/themen/mobilitaet', 404);
		await visit(page, baseUrl('bergstrasse-odenwald.localtest') + '/suche?q=Stadtallendorf');
		await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain(
			'Keine Treffer'
		);
		await visit(page, marburg + '/suche?q=Stadtallendorf');
		await expect(page.getByRole('link', { name: 'Stadtallendorf' }).count()).resolves.toBe(1);
		await context.close();
	});
});
