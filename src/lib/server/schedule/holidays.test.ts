import { expect, test } from 'vitest';
import { easterSunday, publicHolidays } from './holidays.ts';

test('Easter Sunday by the computus', () => {
	expect(easterSunday(2024)).toBe('2024-03-31');
	expect(easterSunday(2025)).toBe('2025-04-20');
	expect(easterSunday(2026)).toBe('2026-04-05');
	expect(easterSunday(2027)).toBe('2027-03-28');
	expect(easterSunday(2038)).toBe('2038-04-25');
});

test('Hessen 2026: nine nationwide holidays plus Corpus Christi', () => {
	const he = publicHolidays(2026, 'HE');
	expect([...he.keys()].sort()).toEqual([
		'2026-01-01',
		'2026-04-03',
		'2026-04-06',
		'2026-05-01',
		'2026-05-14',
		'2026-05-25',
		'2026-06-04',
		'2026-10-03',
		'2026-12-25',
		'2026-12-26'
	]);
	expect(he.get('2026-06-04')).toBe('fronleichnam');
	expect(publicHolidays(2026, 'BE').has('2026-06-04')).toBe(false);
	expect(publicHolidays(2026, 'BY').get('2026-11-01')).toBe('allerheiligen');
	expect(publicHolidays(2017, 'HE').get('2017-10-31')).toBe('reformationstag');
});
