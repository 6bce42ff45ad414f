import { describe, expect, test } from 'vitest';
import {
	addDays,
	instantToZoned,
	isCalendarDate,
	weekdayOf,
	zonedToInstant
} from './zoned-time.ts';

const Z = 'Europe/Berlin';

describe('wall-clock time in Europe/Berlin', () => {
	test('winter is UTC+1 and summer UTC+2', () => {
		expect(zonedToInstant('2026-01-15', '08:00', Z).toISOString()).toBe('2026-01-15T07:00:00.000Z');
		expect(zonedToInstant('2026-07-15', '08:00', Z).toISOString()).toBe('2026-07-15T06:00:00.000Z');
	});

	test('the same wall-clock time across the spring change (29 March 2026)', () => {
		expect(zonedToInstant('2026-03-28', '08:00', Z).toISOString()).toBe('2026-03-28T07:00:00.000Z');
		expect(zonedToInstant('2026-03-30', '08:00', Z).toISOString()).toBe('2026-03-30T06:00:00.000Z');
	});

	test('a time in the skipped hour moves forward; a repeated one means the first', () => {
		// 02:30 does not exist on 29 March 2026: the clock jumps from 02:00 to 03:00
		expect(zonedToInstant('2026-03-29', '02:30', Z).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		// 02:30 happens twice on 25 October 2026: first in summer time (UTC+2)
		expect(zonedToInstant('2026-10-25', '02:30', Z).toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(zonedToInstant('2026-10-25', '03:30', Z).toISOString()).toBe('2026-10-25T02:30:00.000Z');
	});

	test('instants back to wall-clock date, time and weekday', () => {
		expect(instantToZoned(new Date('2026-10-25T00:30:00Z'), Z)).toEqual({
			date: '2026-10-25',
			time: '02:30',
			weekday: 7
		});
		expect(instantToZoned(new Date('2026-12-31T23:30:00Z'), Z)).toEqual({
			date: '2027-01-01',
			time: '00:30',
			weekday: 5
		});
	});

	test('calendar arithmetic', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(weekdayOf('2026-11-27')).toBe(5);
		expect(weekdayOf('2026-11-29')).toBe(7);
		expect(isCalendarDate('2026-02-29')).toBe(false);
		expect(isCalendarDate('2028-02-29')).toBe(true);
		expect(isCalendarDate('2026-13-01')).toBe(false);
		expect(() => zonedToInstant('2026-01-01', '24:00', Z)).toThrow(RangeError);
	});
});
