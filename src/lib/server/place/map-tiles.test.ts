import { describe, expect, test } from 'vitest';
import { readConfig, tileOrigin, withImageSource } from '../config.ts';

describe('map tiles', () => {
	test('no tile server by default: nothing to allow', () => {
		const config = readConfig({});
		expect(config.MAP_TILE_URL).toBeUndefined();
		expect(config.mapTileOrigin).toBeNull();
	});

	test('a configured tile server is allowed as an image source, subdomains as *', () => {
		const config = readConfig({
			MAP_TILE_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
			MAP_TILE_ATTRIBUTION: '© OpenStreetMap contributors'
		});
		expect(config.mapTileOrigin).toBe('https://tile.openstreetmap.org');
		expect(tileOrigin('https://{s}.tiles.example.org:8443/x/{z}/{x}/{y}.png')).toBe(
			'https://*.tiles.example.org:8443'
		);
		expect(() => readConfig({ MAP_TILE_URL: 'javascript:alert(1)//{z}{x}{y}' })).toThrow();
		expect(() =>
			readConfig({ MAP_TILE_URL: "https://a.org/{z}/{x}/{y}.png; script-src 'unsafe-inline'" })
		).toThrow();
		expect(() => readConfig({ MAP_TILE_URL: 'https://a.org/tiles.png' })).toThrow();
	});

	test('only img-src gets the tile host, once', () => {
		const policy =
			"default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data:; connect-src 'self'";
		const allowed = withImageSource(policy, 'https://tile.openstreetmap.org');
		expect(allowed).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'"
		);
		expect(withImageSource(allowed, 'https://tile.openstreetmap.org')).toBe(allowed);
	});
});
