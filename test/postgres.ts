/**
 * The PostgreSQL server the tests use: TEST_DATABASE_URL when set (CI uses the machine's
 * PostgreSQL), otherwise an embedded one in a temporary folder, started here and stopped after.
 * Each run works in databases of its own (a run-unique prefix), so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../src/lib/server/db/embedded.ts';

export interface TestServer {
	/** URL of a maintenance database on the server, used to create and drop databases. */
	adminUrl: string;
	urlFor(database: string): string;
	createDatabase(name: string, template?: string): Promise<string>;
	dropDatabase(name: string): Promise<void>;
	stop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
	return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function startTestServer(): Promise<TestServer> {
	let adminUrl = process.env.TEST_DATABASE_URL;
	let stopEmbedded = async () => {};
	let tempDir: string | undefined;
	if (!adminUrl) {
		tempDir = mkdtempSync(join(tmpdir(), 'heimatleben-test-'));
		// as root, the embedded PostgreSQL runs as "postgres", which must enter the folder
		chmodSync(tempDir, 0o755);
		const embedded = await startEmbeddedDatabase(tempDir, {
			log: { info: () => {}, warn: (m) => console.warn(m) }
		});
		adminUrl = embedded.url.replace(/\/heimatleben$/, '/postgres');
		stopEmbedded = embedded.stop;
	}
	const urlFor = (database: string) => {
		const url = new URL(adminUrl!);
		url.pathname = `/${database}`;
		return url.toString();
	};
	const admin = async (statement: string) => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	return {
		adminUrl,
		urlFor,
		async createDatabase(name, template) {
			await admin(`create database "${name}"${template ? ` template "${template}"` : ''}`);
			return urlFor(name);
		},
		async dropDatabase(name) {
			await admin(`drop database if exists "${name}" with (force)`);
		},
		async stop() {
			await stopEmbedded();
			if (tempDir) rmSync(tempDir, { recursive: true, force: true });
		}
	};
}
