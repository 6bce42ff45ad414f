import { describe, expect, test } from 'vitest';
import de from '../../../messages/de.json' with { type: 'json' };
import en from '../../../messages/en.json' with { type: 'json' };
import { negotiateLanguage, pick, t } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	test('German and English have the same keys, none empty', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
		for (const [key, text] of [...Object.entries(de), ...Object.entries(en)]) {
			expect(text.trim(), key).not.toBe('');
		}
	});

	test('each translation uses the same placeholders', () => {
		for (const key of Object.keys(de) as (keyof typeof de)[]) {
			expect(placeholders(en[key]), key).toEqual(placeholders(de[key]));
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
