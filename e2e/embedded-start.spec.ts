/**
 * What a new user does: start with no DATABASE_URL. The server creates an embedded PostgreSQL
 * under DATA_DIR, loads the demo region, serves it, and stops cleanly on SIGTERM/SIGINT. The
 * second start reuses the data without seeding again; after a crash (SIGKILL) it recovers.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import pg from 'pg';
import { startServer } from './server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'heimatleben-start-'));
chmodSync(dataDir, 0o755);
const env = {
	DATABASE_URL: '',
	DATA_DIR: dataDir,
	REGION_FILES: undefined,
	DEFAULT_REGION: undefined
};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function postgresPid(): number | null {
	const file = join(dataDir, 'postgres', 'postmaster.pid');
	return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number | null): boolean {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function home(port: number): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/`);
	expect(response.status).toBe(200);
	return response.text();
}

async function regionCreatedAt(): Promise<string> {
	// read through the app's own database while it runs: one region, created on the first start
	const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
	const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3];
	const client = new pg.Client({
		connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/heimatleben`
	});
	await client.connect();
	try {
		const { rows } = await client.query('select slug, created_at from region');
		expect(rows.map((r) => r.slug)).toEqual(['bergstrasse-odenwald']);
		return String(rows[0].created_at);
	} finally {
		await client.end();
	}
}

test('first start creates the database and loads the demo region; stop is clean', async () => {
	const server = await startServer(env, 90_000);
	expect(await home(server.port)).toContain('Bergstraße-Odenwald');
	expect(server.output()).toContain('region loaded on first start');
	const createdAt = await regionCreatedAt();
	const pid = postgresPid();
	expect(alive(pid)).toBe(true);

	const stopped = await server.stop('SIGTERM');
	expect(stopped.code).toBe(0);
	expect(stopped.ms).toBeLessThan(5000);
	expect(alive(pid)).toBe(false);

	// second start: same data, no seeding, quick
	const again = await startServer(env);
	expect(await home(again.port)).toContain('Bergstraße-Odenwald');
	expect(again.output()).not.toContain('region loaded on first start');
	expect(again.output()).not.toContain('creating the embedded database');
	expect(await regionCreatedAt()).toBe(createdAt);
	const readyMs = Number(/"ms":(\d+),"embedded":true/.exec(again.output())?.[1]);
	expect(readyMs).toBeLessThan(5000);

	// a crash leaves PostgreSQL running; the next start stops that orphan and carries on
	const orphan = postgresPid();
	await again.stop('SIGKILL');
	expect(alive(orphan)).toBe(true);
	const recovered = await startServer(env);
	expect(await home(recovered.port)).toContain('Bergstraße-Odenwald');
	expect(recovered.output()).toContain('left running by an earlier process');
	const last = await recovered.stop('SIGINT');
	expect(last.code).toBe(0);
	expect(alive(postgresPid())).toBe(false);
}, 180_000);

/** The app processes a primary forked (their parent is the primary). */
function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (parent === pid && command.includes('server.ts')) children.push(Number(entry));
		} catch {
			// ended meanwhile
		}
	}
	return children;
}

test('WEB_CONCURRENCY=2: two app processes share the port, one that dies is replaced, stop is clean', async () => {
	const server = await startServer({ ...env, WEB_CONCURRENCY: '2' }, 90_000);
	try {
		// the ready line is logged as the port is reported: give the log a moment to arrive
		for (let i = 0; i < 20 && !server.output().includes('"processes":2'); i++)
			await new Promise((resolve) => setTimeout(resolve, 100));
		expect(server.output()).toContain('"processes":2');
		const workers = childrenOf(server.child.pid!);
		expect(workers).toHaveLength(2);
		// requests at once are answered by both processes
		const pages = await Promise.all(Array.from({ length: 20 }, () => home(server.port)));
		expect(pages.every((page) => page.includes('Bergstraße-Odenwald'))).toBe(true);

		// a killed process drops its open connections (a client's keep-alive ones too); the other
		// serves meanwhile, and the primary starts a replacement
		process.kill(workers[0]!, 'SIGKILL');
		let replaced: number[] = [];
		for (let i = 0; i < 50 && replaced.length < 2; i++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			replaced = childrenOf(server.child.pid!);
		}
		expect(replaced).toHaveLength(2);
		expect(replaced).not.toContain(workers[0]);
		expect(server.output()).toContain('an app process ended; starting another');
		const again = await fetch(`http://127.0.0.1:${server.port}/`, {
			headers: { connection: 'close' }
		});
		expect(again.status).toBe(200);

		const pid = postgresPid();
		const stopped = await server.stop('SIGTERM');
		expect(stopped.code).toBe(0);
		expect(childrenOf(server.child.pid!)).toEqual([]);
		expect(alive(pid)).toBe(false);
	} finally {
		// a failed expectation must not leave the processes (and their PostgreSQL) running
		if (server.child.exitCode === null && server.child.signalCode === null) {
			const left = childrenOf(server.child.pid!);
			await server.stop('SIGKILL');
			for (const pid of left) if (alive(pid)) process.kill(pid, 'SIGKILL');
		}
	}
}, 180_000);
