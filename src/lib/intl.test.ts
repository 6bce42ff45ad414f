import { expect, test } from 'vitest';
import {
	dateFormatter,
	dateTimeFormat,
	dateTimeFormatter,
	decimalFormatter,
	localeOf,
	longDateFormatter,
	numberFormat,
	numberFormatter
} from './intl.ts';

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

test('page formatters: dates in the region’s time zone, numbers grouped, two decimals', () => {
	// 22:30 UTC on 28 March 2027 is already 29 March in Berlin (summer time)
	const late = '2027-03-28T22:30:00Z';
	expect(dateTimeFormatter('de')(late)).toBe('29.03.2027, 00:30');
	expect(dateTimeFormatter('en')(late)).toBe('29 Mar 2027, 00:30');
	expect(dateFormatter('de')(late)).toBe('29.03.2027');
	expect(dateFormatter('en')(late)).toBe('29 Mar 2027');
	expect(longDateFormatter('de')(late)).toBe('29. März 2027');
	expect(longDateFormatter('en')(late)).toBe('29 March 2027');
	expect(numberFormatter('de')(1234567)).toBe('1.234.567');
	expect(numberFormatter('en')(1234567)).toBe('1,234,567');
	expect(decimalFormatter('de')(2.5)).toBe('2,50');
	expect(decimalFormatter('en')(2)).toBe('2.00');
	// built on the remembered formatters: the same Intl object behind every call
	expect(numberFormat(localeOf('de'), {})).toBe(numberFormat('de-DE'));
});
