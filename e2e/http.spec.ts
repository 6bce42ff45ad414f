import { request } from 'node:http';
import { describe, expect, inject, test } from 'vitest';
import { startServer } from './server.ts';
import { createDatabase } from '../src/lib/server/db/database.ts';

interface Reply {
	status: number;
	headers: Headers;
	text(): Promise<string>;
	json(): Promise<any>;
}

/** A request to the test server with any Host header (fetch cannot set Host). */
function send(
	method: string,
	path: string,
	host = 'localhost',
	headers: Record<string, string> = {},
	body?: string,
	port = inject('e2e').port
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: '127.0.0.1', port, method, path, headers: { host, ...headers } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					const h = new Headers();
					for (const [k, v] of Object.entries(res.headers)) {
						if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
					}
					resolve({
						status: res.statusCode ?? 0,
						headers: h,
						text: async () => text,
						json: async () => JSON.parse(text)
					});
				});
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

const get = (path: string, host?: string, headers?: Record<string, string>) =>
	send('GET', path, host, headers);

describe('HTTP contract', () => {
	test('every response carries the security headers and a strict CSP', async () => {
		for (const path of ['/', '/healthz', '/api/v1/region', '/theme.css', '/logo.svg', '/nope']) {
			const response = await get(path);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).not.toContain('unsafe-inline');
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
			expect(response.headers.get('permissions-policy'), path).toContain('camera=()');
			expect(response.headers.get('x-request-id'), path).toMatch(/^[\w-]{8,}$/);
			// no HSTS over plain http
			expect(response.headers.get('strict-transport-security'), path).toBeNull();
		}
	});

	test('healthz reports the database and the version', async () => {
		const response = await get('/healthz');
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ status: 'ok', database: { ok: true } });
		expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
	});

	test('a request id sent by a proxy is kept, a malformed one replaced', async () => {
		const kept = await get('/healthz', 'localhost', { 'x-request-id': 'proxy-1234abcd' });
		expect(kept.headers.get('x-request-id')).toBe('proxy-1234abcd');
		const replaced = await get('/healthz', 'localhost', { 'x-request-id': '<script>' });
		expect(replaced.headers.get('x-request-id')).not.toBe('<script>');
	});

	test('the language switch only returns to same-site paths', async () => {
		const response = await get('/sprache/en?next=//evil.example/');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/');
		expect(response.headers.get('set-cookie')).toMatch(/lang=en;.*HttpOnly/i);
	});

	test('open data in standard formats, per region', async () => {
		const geo = await get('/api/v1/municipalities.geojson');
		expect(geo.headers.get('content-type')).toContain('application/geo+json');
		const collection = await geo.json();
		expect(collection.type).toBe('FeatureCollection');
		expect(collection.features).toHaveLength(34);
		const [lon, lat] = collection.features[0].geometry.coordinates;
		expect(lat).toBeGreaterThan(49);
		expect(lon).toBeLessThan(10);

		const csv = await (
			await get('/api/v1/municipalities.csv', 'marburg-biedenkopf.localtest')
		).text();
		expect(csv.split('\r\n')[0]).toBe('slug,name,district,latitude,longitude,approximate');
		expect(csv).toContain('Stadtallendorf');
		expect(csv).not.toContain('Heppenheim');

		const region = await (await get('/api/v1/region', 'marburg-biedenkopf.localtest')).json();
		expect(region.slug).toBe('marburg-biedenkopf');
	});

	test('a cross-site form post is refused', async () => {
		const response = await send(
			'POST',
			'/suche',
			'localhost',
			{ origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			'q=x'
		);
		expect(response.status).toBe(403);
	});

	test('behind an https proxy: HSTS and Secure cookies; forwarded headers only when trusted', async () => {
		const behindProxy = await startServer({
			DATABASE_URL: inject('e2e').databaseUrl,
			TRUST_PROXY: '1',
			REGION_FILES: ''
		});
		const direct = await startServer({
			DATABASE_URL: inject('e2e').databaseUrl,
			PUBLIC_URL: 'https://heimat.example.de',
			REGION_FILES: ''
		});
		try {
			const proxied = await send(
				'GET',
				'/sprache/en?next=/',
				'localhost',
				{ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'marburg-biedenkopf.localtest' },
				undefined,
				behindProxy.port
			);
			expect(proxied.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
			expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/i);
			const region = await send(
				'GET',
				'/api/v1/region',
				'localhost',
				{ 'x-forwarded-host': 'marburg-biedenkopf.localtest' },
				undefined,
				behindProxy.port
			);
			expect((await region.json()).slug).toBe('marburg-biedenkopf');

			// the main test server does not trust proxies: a forged header changes nothing
			const forged = await send('GET', '/api/v1/region', 'localhost', {
				'x-forwarded-proto': 'https',
				'x-forwarded-host': 'marburg-biedenkopf.localtest'
			});
			expect(forged.headers.get('strict-transport-security')).toBeNull();
			expect((await forged.json()).slug).toBe('bergstrasse-odenwald');

			const https = await send('GET', '/', 'localhost', {}, undefined, direct.port);
			expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
		} finally {
			await behindProxy.stop();
			await direct.stop();
		}
	});

	test('anonymous page views are micro-cached; signed-in ones never', async () => {
		const { databaseUrl } = inject('e2e');
		const cachedServer = await startServer({
			DATABASE_URL: databaseUrl,
			REGION_FILES: '',
			PAGE_CACHE_SECONDS: '60'
		});
		const db = createDatabase({ connectionString: databaseUrl, max: 1 });
		try {
			const page = () =>
				send(
					'GET',
					'/themen/regionale-produkte',
					'localhost',
					{ accept: 'text/html' },
					undefined,
					cachedServer.port
				);
			const first = await page();
			const marker = `Cache-Probe ${Date.now()}`;
			const before = await db
				.selectFrom('use_case')
				.select(['id', 'title'])
				.where('key', '=', 'dorfladen')
				.executeTakeFirstOrThrow();
			await db
				.updateTable('use_case')
				.set({ title: JSON.stringify({ de: marker, en: marker }) })
				.where('id', '=', before.id)
				.execute();
			const second = await page();
			expect(await second.text()).toBe(await first.text());
			expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
			// a signed-in visitor (any session cookie) gets a fresh rendering
			const fresh = await send(
				'GET',
				'/themen/regionale-produkte',
				'localhost',
				{ accept: 'text/html', cookie: 'session=not-a-valid-session-token-but-present' },
				undefined,
				cachedServer.port
			);
			expect(await fresh.text()).toContain(marker);
			await db
				.updateTable('use_case')
				.set({ title: JSON.stringify(before.title) })
				.where('id', '=', before.id)
				.execute();
		} finally {
			await db.destroy();
			await cachedServer.stop();
		}
	});
});
