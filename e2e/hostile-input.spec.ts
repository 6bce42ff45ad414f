/**
 * Property-based: random and hostile input at every page, endpoint and form action the app has
 * (found by reading src/routes), anonymous and signed in. Whatever comes in, the answer is never
 * a 500, and text shown back is escaped. The routes are discovered, so new ones are covered.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import fc from 'fast-check';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';
import { createSession } from '../src/lib/server/account/session.ts';

const ROUTES = new URL('../src/routes', import.meta.url).pathname;

interface Target {
	path: string;
	actions: string[];
	page: boolean;
}

const SAMPLE: Record<string, string[]> = {
	key: ['regionale-produkte', 'gibt-es-nicht'],
	slug: ['gibt-es-nicht', 'x'],
	lang: ['de', 'xx'],
	legal: ['impressum', 'datenschutz'],
	id: ['00000000-0000-0000-0000-000000000000', '1']
};

function discover(dir = ROUTES): Target[] {
	const found: Target[] = [];
	for (const entry of readdirSync(dir)) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) found.push(...discover(full));
	}
	const files = readdirSync(dir);
	const pageServer = files.includes('+page.server.ts')
		? readFileSync(join(dir, '+page.server.ts'), 'utf8')
		: '';
	if (!pageServer && !files.includes('+server.ts') && !files.includes('+page.svelte')) return found;
	const actions = pageServer.includes('export const actions')
		? [
				...pageServer
					.slice(pageServer.indexOf('export const actions'))
					.matchAll(/^\t(\w+): async/gm)
			].map((m) => m[1]!)
		: [];
	const route =
		'/' +
		relative(ROUTES, dir)
			.split('/')
			.filter((s) => !/^\(.*\)$/.test(s))
			.join('/');
	const variants = [route];
	for (const [, name] of route.matchAll(/\[(\w+)(?:=\w+)?\]/g)) {
		const next: string[] = [];
		for (const v of variants)
			for (const sample of SAMPLE[name!] ?? ['x']) next.push(v.replace(/\[[^\]]+\]/, sample));
		variants.splice(0, variants.length, ...next);
	}
	for (const path of variants)
		found.push({
			path: path === '/' ? '/' : path.replace(/\/$/, ''),
			actions,
			page: !files.includes('+server.ts')
		});
	return found;
}

const FIELDS = [
	'email',
	'password',
	'currentPassword',
	'displayName',
	'name',
	'token',
	'q',
	'description',
	'website',
	'phone',
	'street',
	'postcode',
	'lat',
	'lon',
	'municipality',
	'kind',
	'sector',
	'role',
	'session',
	'contributions',
	'terms',
	'newsletter',
	'language',
	'targetGroup',
	'openingHours',
	'person',
	'id',
	'seite'
];

const hostileValue = (long: number) =>
	fc.oneof(
		fc.string({ maxLength: 40 }),
		fc.string({ unit: 'grapheme', maxLength: 40 }),
		fc.constantFrom(
			'<script>alert(1)</script>',
			'"><img src=x onerror=alert(1)>',
			"' OR 1=1 --",
			'\u0000',
			'\u202e\u0041',
			'../../../etc/passwd',
			'javascript:alert(1)',
			'%00%ff',
			'{{7*7}}${7*7}',
			'-1',
			'1e308',
			'NaN',
			'00000000-0000-0000-0000-000000000000',
			'x'.repeat(long),
			'🏡🌾',
			'on',
			''
		)
	);

const fieldName = fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 }));
// form bodies may be long (up to the 512 KB body limit); URLs stay within what servers accept
const formData = fc.dictionary(fieldName, hostileValue(100_000), { maxKeys: 8 });
const queryData = fc.dictionary(fieldName, hostileValue(2_000), { maxKeys: 4 });

let db: DB;
let base: string;
let personId: string;

beforeAll(async () => {
	db = createDatabase({ connectionString: inject('e2e').databaseUrl, max: 2 });
	base = `http://127.0.0.1:${inject('e2e').port}`;
	const region = await db
		.selectFrom('region')
		.select('id')
		.where('slug', '=', 'bergstrasse-odenwald')
		.executeTakeFirstOrThrow();
	const person = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email: `hostile.${Date.now()}@example.org`,
			display_name: '<img src=x onerror=alert(1)>',
			password_hash: await hashPassword('Apfelbaum im Odenwald'),
			email_verified_at: new Date(),
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	personId = person.id;
});

afterAll(async () => {
	await db?.destroy();
});

async function sessionCookie(): Promise<string> {
	const region = await db
		.selectFrom('person')
		.select('region_id')
		.where('id', '=', personId)
		.executeTakeFirstOrThrow();
	const token = await createSession(
		db,
		{ id: personId, regionId: region.region_id },
		{ userAgent: 'fast-check', ip: '127.0.0.1' }
	);
	return `session=${token}`;
}

const statuses = new Map<number, number>();

/** node:http, because fetch cannot set the Host header the region is resolved from. */
function send(
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: string
): Promise<number> {
	const { pathname, search } = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: inject('e2e').port,
				method,
				path: pathname + search,
				headers: { host: 'localhost', ...headers }
			},
			(res) => {
				res.resume();
				res.on('end', () => {
					const status = res.statusCode ?? 0;
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
					resolve(status);
				});
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

const targets = discover();

test('the route discovery finds the app’s pages and actions', () => {
	const paths = targets.map((t) => t.path);
	expect(paths).toEqual(
		expect.arrayContaining(['/', '/suche', '/konto/registrieren', '/konto/anmelden'])
	);
	expect(targets.find((t) => t.path === '/konto')?.actions).toEqual(
		expect.arrayContaining(['profile', 'password'])
	);
});

describe.each([
	['anonymous', false],
	['signed in', true]
])('%s', (_who, signedIn) => {
	test('no page or endpoint answers a random query with a 500', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...targets), queryData, async (target, query) => {
				const params = new URLSearchParams(query);
				const headers: Record<string, string> = { accept: 'text/html' };
				if (signedIn) headers.cookie = await sessionCookie();
				const status = await send('GET', `${base}${target.path}?${params}`, headers);
				expect(status, `GET ${target.path}?${params}`).toBeLessThan(500);
			}),
			{ numRuns: 60 }
		);
	}, 120_000);

	test('no form action answers random or hostile input with a 500', async () => {
		const actions = targets.flatMap((t) => t.actions.map((a) => ({ path: t.path, action: a })));
		expect(actions.length).toBeGreaterThan(5);
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...actions), formData, async ({ path, action }, data) => {
				const headers: Record<string, string> = {
					origin: 'http://localhost',
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				};
				if (signedIn) headers.cookie = await sessionCookie();
				const url = `${base}${path}${action === 'default' ? '' : `?/${action}`}`;
				const status = await send('POST', url, headers, new URLSearchParams(data).toString());
				expect(status, `POST ${url} ${JSON.stringify(data).slice(0, 300)}`).toBeLessThan(500);
			}),
			{ numRuns: 120 }
		);
	}, 240_000);
});

test('the random input reached the pages and actions, not only the CSRF check', () => {
	const handled = [...statuses]
		.filter(([status]) => status !== 403)
		.reduce((sum, [, n]) => sum + n, 0);
	expect(handled, JSON.stringify([...statuses])).toBeGreaterThan(200);
});

test('a hostile display name is shown as text, never as markup', async () => {
	const response = await fetch(`${base}/konto`, { headers: { cookie: await sessionCookie() } });
	const html = await response.text();
	expect(html).toContain('&lt;img src=x onerror=alert(1)>');
	expect(html).not.toContain('<img src=x onerror');
});
