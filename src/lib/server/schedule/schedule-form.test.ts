import { describe, expect, test } from 'vitest';
import {
	isMonthDay,
	normaliseMonthDay,
	readException,
	readSeason,
	ruleRowValues
} from './schedule-form.ts';

describe('schedule form helpers', () => {
	test('month-days: MM-DD and German day-first dates', () => {
		expect(normaliseMonthDay(' 4-1 ')).toBe('04-01');
		expect(normaliseMonthDay('10-31')).toBe('10-31');
		expect(normaliseMonthDay('1.4.')).toBe('04-01');
		expect(normaliseMonthDay('31.12')).toBe('12-31');
		expect(normaliseMonthDay('April')).toBe('April');
		expect(isMonthDay('02-29')).toBe(true);
		expect(isMonthDay('02-30')).toBe(false);
		expect(isMonthDay('13-01')).toBe(false);
	});

	test('a season needs both ends', () => {
		expect(readSeason('', '', 'both')).toEqual({ ok: true });
		expect(readSeason('1.4.', '09-30', 'both')).toEqual({
			ok: true,
			season: { from: '04-01', until: '09-30' }
		});
		expect(readSeason('', '09-30', 'both')).toEqual({ ok: false, field: 'from', message: 'both' });
		expect(readSeason('04-01', ' ', 'both')).toEqual({
			ok: false,
			field: 'until',
			message: 'both'
		});
	});

	test('rules become rows with their seasons, up to the number of rows', () => {
		const fields = {
			day: (row: number, day: number) => `r${row}_d${day}`,
			start: (row: number) => `r${row}_start`,
			end: (row: number) => `r${row}_end`,
			from: (row: number) => `r${row}_from`,
			until: (row: number) => `r${row}_until`
		};
		const rule = { weekdays: [6], start: '07:30', end: '13:00' };
		expect(
			ruleRowValues([{ ...rule, season: { from: '04-01', until: '09-30' } }, rule, rule], fields, 2)
		).toEqual({
			r0_d6: 'on',
			r0_start: '07:30',
			r0_end: '13:00',
			r0_from: '04-01',
			r0_until: '09-30',
			r1_d6: 'on',
			r1_start: '07:30',
			r1_end: '13:00'
		});
	});

	test('an exception: a cancelled day drops its times, others need them', () => {
		expect(
			readException({ date: '2026-12-24', kind: 'cancelled', start: '08:00', end: '09:00' })
		).toEqual({ ok: true, exception: { date: '2026-12-24', kind: 'cancelled' } });
		const missing = readException({ date: '2026-02-30', kind: 'changed', start: '', end: '' });
		expect(missing.ok).toBe(false);
		expect(missing.ok ? [] : missing.issues.map((i) => i.field)).toEqual(['date', 'start', 'end']);
	});
});
