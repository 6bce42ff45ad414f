import { existsSync } from 'node:fs';

const CANDIDATES = [
	process.env.CHROMIUM_PATH,
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable'
];

/** The browser the end-to-end tests drive; fails loudly (never skips) when there is none. */
export function findChromium(): string {
	const found = CANDIDATES.find((path) => path && existsSync(path));
	if (!found) {
		throw new Error(
			'No Chromium found for the end-to-end tests. Install one, e.g. on Debian/Ubuntu: ' +
				'`sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.'
		);
	}
	return found;
}
