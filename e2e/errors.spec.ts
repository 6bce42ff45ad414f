/**
 * When something unexpected breaks (here: a table the page needs has gone), the person gets an
 * error page in their language with a reference number, and no internals leak; the log line
 * carries the same reference.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { uniqueName } from '../test/postgres.ts';
import { expectAccessible, launch, newContext } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

let browser: Browser;
let server: RunningServer;
const database = uniqueName('heimatleben_e2e_err');

async function admin(url: string, statement: string) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

const { adminUrl } = inject('e2e');
const url = new URL(adminUrl);
url.pathname = `/${database}`;

beforeAll(async () => {
	await admin(adminUrl, `create database "${database}"`);
	server = await startServer({ DATABASE_URL: url.toString() });
	// break the page's query behind the running app's back
	await admin(url.toString(), 'alter table use_case rename to use_case_gone');
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await admin(adminUrl, `drop database if exists "${database}" with (force)`);
});

test('an unexpected error shows a friendly page with a reference, in both languages', async () => {
	for (const [locale, title] of [
		['de-DE', 'Da ist etwas schiefgegangen'],
		['en-GB', 'Something went wrong']
	] as const) {
		const context = await newContext(browser, { locale });
		const page = await context.newPage();
		if (locale === 'en-GB') await page.goto(`http://localhost:${server.port}/sprache/en`);
		const response = await page.goto(`http://localhost:${server.port}/themen/regionale-produkte`);
		expect(response?.status()).toBe(500);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
		const body = (await page.content()).toLowerCase();
		for (const leak of ['use_case', 'relation', 'does not exist', 'stack', '.ts:']) {
			expect(body).not.toContain(leak);
		}
		const requestId = response?.headers()['x-request-id'];
		expect(requestId).toBeTruthy();
		await expect(page.getByText(requestId!).count()).resolves.toBe(1);
		await expectAccessible(page);
		expect(server.output()).toContain(`"requestId":"${requestId}"`);
		await context.close();
	}
	// the rest of the site keeps working
	const other = await fetch(`http://127.0.0.1:${server.port}/beteiligung`);
	expect(other.status).toBe(200);
});
