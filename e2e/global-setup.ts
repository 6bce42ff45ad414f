/**
 * End-to-end tests run the production build (built here when the sources changed) against a
 * database of their own, with both shipped regions loaded, and drive Chromium.
 */
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { startTestServer, uniqueName } from '../test/postgres.ts';
import { findChromium } from './chromium.ts';
import { startServer } from './server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		e2e: { port: number; chromium: string; adminUrl: string; databaseUrl: string };
	}
}

export default async function setup(project: TestProject) {
	const chromium = findChromium();
	buildIfStale();
	const postgres = await startTestServer();
	const database = uniqueName('heimatleben_e2e');
	const url = await postgres.createDatabase(database);
	const server = await startServer({
		DATABASE_URL: url,
		REGION_FILES: 'regions/bergstrasse-odenwald.yaml,regions/marburg-biedenkopf.yaml',
		DEFAULT_REGION: 'bergstrasse-odenwald',
		// journeys check fresh content right after changing it; the cache has its own test
		PAGE_CACHE_SECONDS: '0',
		// specs make the data they need; demo data has its own database test
		DEMO_DATA: '0'
	});
	project.provide('e2e', {
		port: server.port,
		chromium,
		adminUrl: postgres.adminUrl,
		databaseUrl: url
	});
	return async () => {
		await server.stop();
		await postgres.dropDatabase(database);
		await postgres.stop();
	};
}
