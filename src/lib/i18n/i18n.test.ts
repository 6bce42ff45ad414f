import { describe, expect, test } from 'vitest';
import { cataloguePairs, negotiateLanguage, pick, t } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	const pairs = Object.entries(cataloguePairs).map(
		([name, [de, en]]) =>
			[name, de as Record<string, string>, en as Record<string, string>] as const
	);

	test.each(pairs)('%s: German and English have the same keys, none empty', (_name, de, en) => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
		for (const [key, text] of [...Object.entries(de), ...Object.entries(en)]) {
			expect(text.trim(), key).not.toBe('');
		}
	});

	test.each(pairs)('%s: each translation uses the same placeholders', (_name, de, en) => {
		for (const key of Object.keys(de)) {
			expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(de[key] ?? ''));
		}
	});

	test('no key is defined by two capabilities', () => {
		const seen = new Map<string, string>();
		for (const [name, de] of pairs) {
			for (const key of Object.keys(de)) {
				expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
				seen.set(key, name);
			}
		}
	});

	test('placeholders are filled', () => {
		expect(t('de', 'home.title', { region: 'Odenwald' })).toBe('Willkommen in der Region Odenwald');
		expect(t('en', 'topic.page', { page: 2, pages: 5 })).toBe('Page 2 of 5');
	});
});

describe('language of a first visit', () => {
	test('the region language wins whenever the browser accepts it', () => {
		expect(negotiateLanguage('en-US,en;q=0.9,de;q=0.5', 'de')).toBe('de');
		expect(negotiateLanguage(null, 'de')).toBe('de');
	});
	test('a browser without the region language gets the best supported one', () => {
		expect(negotiateLanguage('en-GB,en;q=0.9', 'de')).toBe('en');
		expect(negotiateLanguage('fr-FR,fr;q=0.9', 'de')).toBe('de');
		expect(negotiateLanguage('fr;q=1, en;q=0.5, de;q=0', 'de')).toBe('en');
	});
	test('region texts fall back to German', () => {
		expect(pick({ de: 'Hallo', en: '' }, 'en')).toBe('Hallo');
		expect(pick({ de: 'Hallo', en: 'Hello' }, 'en')).toBe('Hello');
	});
});
