/** `npm test`: the whole suite (unit, PostgreSQL integration, Chromium end-to-end) in one run. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
// `npm install <package>` deletes node_modules/$app (SvelteKit's generated tsconfig and types),
// which the test transform reads: regenerate it first.
spawnSync(
	process.execPath,
	[join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync'],
	{
		cwd: root,
		stdio: 'inherit'
	}
);
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }
});
process.exit(result.status ?? 1);
