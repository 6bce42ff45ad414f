import { expect, test } from 'vitest';
import { occurrences, scheduleSchema } from '../schedule/schedule.ts';
import { readDates, readSchedule } from './market.service.ts';

const stored = {
	timeZone: 'Europe/Berlin',
	rules: [{ weekdays: [2, 5], start: '07:30', end: '12:30' }],
	exceptions: [{ date: '2027-06-11', kind: 'cancelled' }],
	skipHolidaysIn: 'HE'
};

test('a schedule read from its JSON text or its object is parsed once and frozen', () => {
	const fromText = readSchedule(JSON.stringify(stored));
	const again = readSchedule(JSON.stringify(stored));
	expect(again).toBe(fromText);
	expect(Object.isFrozen(fromText)).toBe(true);
	expect(Object.isFrozen(fromText.rules[0])).toBe(true);
	expect(() => readSchedule('{"rules": "every day"}')).toThrow();
});

test('dates of a read schedule are computed once per range, frozen, and equal to a fresh expansion', () => {
	const schedule = readSchedule(JSON.stringify(stored));
	const june = readDates(schedule, '2027-06-01', '2027-06-30');
	expect(readDates(schedule, '2027-06-01', '2027-06-30')).toBe(june);
	expect(Object.isFrozen(june)).toBe(true);
	expect(Object.isFrozen(june[0])).toBe(true);
	const fresh = occurrences(scheduleSchema.parse(stored), '2027-06-01', '2027-06-30');
	expect(june).toEqual(fresh);
	// the cancelled Friday is there, marked
	expect(june.find((o) => o.date === '2027-06-11')?.cancelled).toBe(true);
	// another range is its own entry
	expect(readDates(schedule, '2027-07-01', '2027-07-31')).not.toBe(june);
	// an unfrozen schedule (being edited) is expanded every time
	const editable = scheduleSchema.parse(stored);
	expect(readDates(editable, '2027-06-01', '2027-06-30')).not.toBe(
		readDates(editable, '2027-06-01', '2027-06-30')
	);
});
