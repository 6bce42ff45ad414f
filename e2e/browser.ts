/**
 * Helpers for the journeys: a Chromium that resolves `*.localtest` to this machine (so each
 * region is reached by its own host name), and `visit`, which loads a page and fails the test
 * when axe finds any WCAG 2.1 A/AA violation on it.
 */
import { inject, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export function baseUrl(host = 'localhost'): string {
	return `http://${host}:${inject('e2e').port}`;
}

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: inject('e2e').chromium,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--host-resolver-rules=MAP *.localtest 127.0.0.1'
		]
	});
}

/** Contexts without JavaScript, and a JavaScript-enabled twin of each in which axe can run. */
const withoutScript = new WeakMap<BrowserContext, BrowserContext>();

export async function newContext(
	browser: Browser,
	options: { javaScriptEnabled?: boolean; width?: number; locale?: string } = {}
): Promise<BrowserContext> {
	const settings = {
		viewport: { width: options.width ?? 1280, height: 900 },
		locale: options.locale ?? 'de-DE'
	};
	const context = await browser.newContext({
		...settings,
		javaScriptEnabled: options.javaScriptEnabled ?? true
	});
	if (options.javaScriptEnabled === false) {
		const twin = await browser.newContext(settings);
		withoutScript.set(context, twin);
		// the browser may be closing already; then the twin goes with it
		context.on('close', () => void twin.close().catch(() => {}));
	}
	return context;
}

/**
 * axe runs as a script in the page. For a page shown without JavaScript, the very same markup
 * is loaded into a scripted twin page on the same origin (so styles apply) and checked there.
 */
async function pageForAxe(page: Page): Promise<Page> {
	const twin = withoutScript.get(page.context());
	if (!twin) return page;
	const html = await page.content();
	const checker = twin.pages()[0] ?? (await twin.newPage());
	await checker.goto(new URL('/healthz', page.url()).href);
	await checker.setContent(html, { waitUntil: 'load' });
	return checker;
}

export async function expectAccessible(shown: Page): Promise<void> {
	const page = await pageForAxe(shown);
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.analyze();
	const problems = results.violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
	);
	expect(problems, `axe violations on ${shown.url()}`).toEqual([]);
}

/** Goes to a path (or URL), checks the status and runs axe. */
export async function visit(page: Page, path: string, status = 200): Promise<void> {
	const response = await page.goto(path.startsWith('http') ? path : baseUrl() + path);
	expect(response?.status(), `status of ${path}`).toBe(status);
	await expectAccessible(page);
}
