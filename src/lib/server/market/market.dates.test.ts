import { expect, test } from 'vitest';
import { scheduleSchema } from '../schedule/schedule.ts';
import {
	describeRules,
	monthGrid,
	monthRange,
	periodRange,
	shiftMonth,
	today,
	weekdayRuns
} from './market.dates.ts';

test('today is the Berlin date, also just after midnight local time', () => {
	// 23:30 UTC on 31 March is 01:30 on 1 April in Berlin (summer time)
	expect(today(new Date('2027-03-31T23:30:00Z'))).toBe('2027-04-01');
	expect(today(new Date('2027-01-10T22:59:00Z'))).toBe('2027-01-10');
});

test('this week runs until Sunday, next 7 days are seven days', () => {
	// Wednesday 2027-06-09
	const now = new Date('2027-06-09T10:00:00Z');
	expect(periodRange(now, 'week')).toEqual({ from: '2027-06-09', to: '2027-06-13' });
	expect(periodRange(now, 'days7')).toEqual({ from: '2027-06-09', to: '2027-06-15' });
	// on a Sunday, this week is just today
	expect(periodRange(new Date('2027-06-13T10:00:00Z'), 'week')).toEqual({
		from: '2027-06-13',
		to: '2027-06-13'
	});
});

test('months: ranges, leap years, shifting over the year, bad input', () => {
	expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
	expect(monthRange('2027-12')).toEqual({ from: '2027-12-01', to: '2027-12-31' });
	expect(monthRange('2027-13')).toBeNull();
	expect(monthRange('27-01')).toBeNull();
	expect(shiftMonth('2027-12', 1)).toBe('2028-01');
	expect(shiftMonth('2027-01', -1)).toBe('2026-12');
	expect(shiftMonth('2027-05', 12)).toBe('2028-05');
});

test('the month grid starts on Monday and holds every day once', () => {
	// 1 March 2027 is a Monday; 1 February 2027 is a Monday too, 1 June 2027 a Tuesday
	const june = monthGrid('2027-06');
	expect(june[0]).toEqual([
		null,
		'2027-06-01',
		'2027-06-02',
		'2027-06-03',
		'2027-06-04',
		'2027-06-05',
		'2027-06-06'
	]);
	expect(june.flat().filter(Boolean)).toHaveLength(30);
	expect(june.every((week) => week.length === 7)).toBe(true);
	expect(monthGrid('nonsense')).toEqual([]);
});

test('weekday runs and rules in words', () => {
	expect(weekdayRuns([1, 2, 3, 4, 5, 6])).toEqual([[1, 6]]);
	expect(weekdayRuns([6, 3])).toEqual([
		[3, 3],
		[6, 6]
	]);
	expect(weekdayRuns([1, 2, 4, 5, 7])).toEqual([
		[1, 2],
		[4, 5],
		[7, 7]
	]);
	const schedule = scheduleSchema.parse({
		rules: [
			{ weekdays: [3, 6], start: '07:30', end: '13:30', season: { from: '04-01', until: '09-30' } }
		]
	});
	expect(describeRules(schedule)).toEqual([
		{
			runs: [
				[3, 3],
				[6, 6]
			],
			start: '07:30',
			end: '13:30',
			season: { from: '04-01', until: '09-30' }
		}
	]);
});
