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
			await admin(adminUrl, `drop database if exists "${name}" with (force)`);
		}
	};
}
