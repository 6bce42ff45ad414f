import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ precompress: true }),
			// Scripts only from this server, each page's inline bootstrap with a nonce; styles only
			// from files (region colours come from /theme.css, never from inline style attributes).
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self'],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			},
			version: { name: version },
			compilerOptions: { runes: true }
		})
	],
	server: { port: 3000 },
	build: { target: 'es2022' }
});
