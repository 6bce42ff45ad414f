import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { t } from '../../i18n/index.ts';
import { topicOffers } from './topic-offers.ts';

test('regional products link shopping, markets, products, ordering and the shops', () => {
	expect(topicOffers('regionale-produkte').map((o) => [o.href, t('de', o.label)])).toEqual([
		['/einkaufen', 'Regional einkaufen'],
		['/maerkte', 'Märkte'],
		['/produkte', 'Produkte'],
		['/bestellen', 'Bestellen mit Abholung'],
		['/orte?art=shop', 'Hofläden und Dorfläden']
	]);
});

test('the fields of both region files: offers only for regional products so far', async () => {
	for (const file of ['bergstrasse-odenwald', 'marburg-biedenkopf']) {
		const region = parse(await readFile(`regions/${file}.yaml`, 'utf8')) as {
			topicFields: { key: string }[];
		};
		const keys = region.topicFields.map((f) => f.key);
		expect(keys).toContain('regionale-produkte');
		for (const key of keys) {
			expect(topicOffers(key).length > 0, key).toBe(key === 'regionale-produkte');
		}
	}
	// an unknown key, or one an object has anyway, is no field with offers
	expect(topicOffers('toString')).toEqual([]);
	expect(topicOffers('__proto__')).toEqual([]);
});
