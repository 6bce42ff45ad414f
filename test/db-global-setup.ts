/**
 * Integration tests: migrate once into a template database; every test file then clones it
 * (`create database … template …`, see test/db.ts), so files run in parallel in isolation.
 */
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/lib/server/db/database.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { startTestServer, uniqueName } from './postgres.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		testDatabase: { adminUrl: string; template: string };
	}
}

export default async function setup(project: TestProject) {
	const server = await startTestServer();
	const template = uniqueName('heimatleben_tpl');
	const db = createDatabase({ connectionString: await server.createDatabase(template) });
	try {
		await migrateToLatest(db);
	} finally {
		await db.destroy();
	}
	project.provide('testDatabase', { adminUrl: server.adminUrl, template });
	return async () => {
		await server.dropDatabase(template);
		await server.stop();
	};
}
