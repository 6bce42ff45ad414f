import { expect, test } from 'vitest';
import { dateTimeFormat, localeOf, numberFormat } from './intl.ts';

test('formatters are made once per locale and options, and format as Intl does', () => {
	const euro = numberFormat('de-DE', { style: 'currency', currency: 'EUR' });
	expect(numberFormat('de-DE', { style: 'currency', currency: 'EUR' })).toBe(euro);
	expect(euro.format(3.5)).toBe(
		new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(3.5)
	);
	expect(numberFormat('en-GB', { style: 'currency', currency: 'EUR' })).not.toBe(euro);
	const day = dateTimeFormat(localeOf('de'), { dateStyle: 'long', timeZone: 'Europe/Berlin' });
	expect(day.format(new Date('2027-03-28T22:30:00Z'))).toBe('29. März 2027');
	expect(dateTimeFormat(localeOf('en'), { dateStyle: 'long', timeZone: 'Europe/Berlin' })).not.toBe(
		day
	);
});
