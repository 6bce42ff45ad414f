import { describe, expect, test } from 'vitest';
import { marketFormat } from '#lib/components/market/format.ts';
import { daysInWeeks, weeksList } from './weeks.ts';

describe('weeks of the month in words', () => {
	test('lists: ordered, the last at the end, in German and English', () => {
		expect(weeksList('de', [3, 1])).toBe('1. und 3.');
		expect(weeksList('de', [-1, 5, 1])).toBe('1., 5. und letzter');
		expect(weeksList('en', [-1, 2])).toBe('2nd and last');
		expect(weeksList('en', [4])).toBe('4th');
	});

	test('one weekday or several', () => {
		expect(daysInWeeks('de', [1, 3], { single: 'Samstag' })).toBe('1. und 3. Samstag im Monat');
		expect(daysInWeeks('en', [-1], { single: 'Friday' })).toBe('last Friday of the month');
		expect(daysInWeeks('de', [1], { several: 'Freitag und Samstag' })).toBe(
			'Freitag und Samstag (jeweils nur der 1. im Monat)'
		);
	});

	test('a market rule says its weeks; without them it reads as before', () => {
		const rule = { runs: [[6, 6]] as [number, number][], start: '08:00', end: '12:00' };
		expect(marketFormat('de').rule({ ...rule, season: null, weeksOfMonth: [1, 3] })).toBe(
			'1. und 3. Samstag im Monat, 08:00–12:00 Uhr'
		);
		expect(marketFormat('en').rule({ ...rule, season: null, weeksOfMonth: [1, 3] })).toBe(
			'1st and 3rd Saturday of the month, 08:00–12:00'
		);
		expect(
			marketFormat('de').rule({
				...rule,
				season: { from: '04-01', until: '09-30' },
				weeksOfMonth: [-1]
			})
		).toBe('letzter Samstag im Monat, 08:00–12:00 Uhr (vom 1. April bis 30. September)');
		expect(marketFormat('de').rule({ ...rule, season: null, weeksOfMonth: null })).toBe(
			'Samstag, 08:00–12:00 Uhr'
		);
	});
});
