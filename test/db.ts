/** A fresh, migrated database for one test file, cloned from the run's template. */
import { inject } from 'vitest';
import pg from 'pg';
import { createDatabase, type DB } from '../src/lib/server/db/database.ts';
import { uniqueName } from './postgres.ts';

export interface TestDatabase {
	db: DB;
	url: string;
	destroy(): Promise<void>;
}

async function admin(adminUrl: string, statement: string) {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const { adminUrl, template } = inject('testDatabase');
	const name = uniqueName('heimatleben_t');
	await admin(adminUrl, `create database "${name}" template "${template}"`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const db = createDatabase({ connectionString: url.toString(), max: 5 });
	return {
		db,
		url: url.toString(),
		async destroy() {
			await db.destroy();
			// Pools the test made itself are ended by now, but their sockets may still be
			// closing: wait for them (briefly), so that the forced drop below terminates nobody.
			await waitForNoConnections(adminUrl, name);
			await admin(adminUrl, `drop database if exists "${name}" with (force)`);
		}
	};
}

async function waitForNoConnections(adminUrl: string, database: string, timeoutMs = 3000) {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		const until = Date.now() + timeoutMs;
		while (Date.now() < until) {
			const { rows } = await client.query<{ n: number }>(
				'select count(*)::int as n from pg_stat_activity where datname = $1',
				[database]
			);
			if (rows[0]!.n === 0) return;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	} finally {
		await client.end();
	}
}

/**
 * A pool of the test's own (e.g. to count statements): a connection ended by dropping the
 * test database afterwards is not a failure, any other error is.
 */
export function testPool(connectionString: string, max = 3): pg.Pool {
	const pool = new pg.Pool({ connectionString, max });
	pool.on('error', (error) => {
		if ((error as { code?: string }).code !== '57P01') throw error;
	});
	return pool;
}
