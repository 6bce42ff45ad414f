import { defineConfig } from 'vitest/config';

/**
 * Three sizes of tests, one command (`npm test`):
 * - unit: pure functions, no database (`*.test.ts`)
 * - db: real PostgreSQL, one cloned database per file (`*.db.test.ts`)
 * - e2e: the production build in Chromium, with axe on every page (`e2e/*.spec.ts`)
 */
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
					exclude: ['src/**/*.db.test.ts'],
					environment: 'node'
				}
			},
			{
				test: {
					name: 'db',
					include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
					environment: 'node',
					globalSetup: ['test/db-global-setup.ts'],
					testTimeout: 20_000,
					hookTimeout: 60_000
				}
			},
			{
				test: {
					name: 'e2e',
					include: ['e2e/**/*.spec.ts'],
					environment: 'node',
					globalSetup: ['e2e/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
