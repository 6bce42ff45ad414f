/**
 * A topic field's page links what the network offers for it: "Regionale Produkte" leads to
 * shopping, markets, products, ordering with pickup and the shops on the map, in German and
 * English, every link answering 200, and its use cases do not claim there are none; a field
 * without offers shows no such section, and its use cases say there are none yet. axe on each
 * topic page.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, newContext, visit } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

const OFFERS = {
	de: [
		['Regional einkaufen', '/einkaufen'],
		['Märkte', '/maerkte'],
		['Produkte', '/produkte'],
		['Bestellen mit Abholung', '/bestellen'],
		['Hofläden und Dorfläden', '/orte?art=shop']
	],
	en: [
		['Buy regional', '/einkaufen'],
		['Markets', '/maerkte'],
		['Products', '/produkte'],
		['Order and pick up', '/bestellen'],
		['Farm shops and village shops', '/orte?art=shop']
	]
} as const;

test('"Regionale Produkte" links its offers, and each of them opens', async () => {
	for (const lang of ['de', 'en'] as const) {
		const context = await newContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		if (lang === 'en') await page.goto(`${baseUrl()}/sprache/en`);
		await visit(page, '/themen/regionale-produkte');
		const heading = lang === 'de' ? 'Was das Netzwerk anbietet' : 'What the network offers';
		const section = page.getByRole('region', { name: heading });
		const links = section.getByRole('link');
		await expect(links.count()).resolves.toBe(OFFERS[lang].length);
		for (const [index, [name, href]] of OFFERS[lang].entries()) {
			await expect(links.nth(index).textContent()).resolves.toBe(name);
			await expect(links.nth(index).getAttribute('href')).resolves.toBe(href);
			const response = await page.request.get(new URL(href, baseUrl()).href);
			expect(response.status(), `status of ${href}`).toBe(200);
		}
		// the link leads where it says: the directory opens filtered to shops
		await section.getByRole('link', { name: OFFERS[lang][4][0] }).click();
		await page.waitForLoadState('load');
		expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/orte?art=shop');
		await context.close();
	}
});

test('a topic field without offers of its own shows none, and its use cases say so', async () => {
	const context = await newContext(browser, { javaScriptEnabled: false });
	const page = await context.newPage();
	await visit(page, '/themen/wohnen-arbeiten');
	await expect(
		page.getByRole('heading', { name: 'Was das Netzwerk anbietet' }).count()
	).resolves.toBe(0);
	const useCase = page.getByRole('article', { name: 'Pop-up-Nutzung von Leerständen' });
	await expect(useCase.textContent()).resolves.toContain(
		'Auf der Plattform gibt es für diesen Anwendungsfall noch keine Angebote.'
	);
	await context.close();
});

test('on a field with offers no use case says there are none', async () => {
	const context = await newContext(browser, { javaScriptEnabled: false });
	const page = await context.newPage();
	await visit(page, '/themen/regionale-produkte');
	await expect(page.getByRole('article').count()).resolves.toBeGreaterThan(0);
	await expect(
		page
			.getByText('Auf der Plattform gibt es für diesen Anwendungsfall noch keine Angebote.')
			.count()
	).resolves.toBe(0);
	await context.close();
});
