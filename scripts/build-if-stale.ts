/**
 * Builds the app when the sources changed since the last build (or there is none), so that
 * `npm start` on a fresh clone just works and a second start costs no build.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const INPUTS = ['src', 'messages', 'static', 'vite.config.ts', 'package.json', 'package-lock.json'];
const STAMP = join(root, 'build', '.source-hash');

function* files(path: string): Generator<string> {
	if (!existsSync(path)) return;
	if (statSync(path).isFile()) {
		yield path;
		return;
	}
	for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
		a.name.localeCompare(b.name)
	)) {
		if (entry.name.endsWith('.test.ts')) continue;
		yield* files(join(path, entry.name));
	}
}

export function sourceHash(): string {
	const hash = createHash('sha256');
	for (const input of INPUTS) {
		for (const file of files(join(root, input))) {
			hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
		}
	}
	return hash.digest('hex');
}

export function buildIfStale(): void {
	const hash = sourceHash();
	if (existsSync(join(root, 'build', 'handler.js')) && existsSync(STAMP)) {
		if (readFileSync(STAMP, 'utf8') === hash) return;
	}
	console.log('Building HeimatLeben (first start or changed sources) …');
	const started = Date.now();
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit',
		// always the production build: vitest sets NODE_ENV=test, which would otherwise give the
		// end-to-end tests (and a later start or bench reusing the stamp) a slower development build
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (result.status !== 0) throw new Error('The build failed (see above).');
	writeFileSync(STAMP, hash);
	console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (import.meta.main) buildIfStale();
