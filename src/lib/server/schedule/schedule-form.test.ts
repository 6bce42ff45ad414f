import { describe, expect, test } from 'vitest';
import { hourField, parseOpeningHours } from '../place/place.schema.ts';
import { marketSchema, ruleField } from '../market/market.schema.ts';
import type { ScheduleRule } from './schedule.ts';
import {
	isMonthDay,
	normaliseMonthDay,
	readException,
	readSeason,
	readWeeksOfMonth,
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

	test('rules become rows with their seasons, one row each', () => {
		const fields = {
			rowPrefix: 'r',
			day: (row: number, day: number) => `r${row}_d${day}`,
			start: (row: number) => `r${row}_start`,
			end: (row: number) => `r${row}_end`,
			from: (row: number) => `r${row}_from`,
			until: (row: number) => `r${row}_until`,
			weekPrefix: (row: number) => `r${row}_w`
		};
		const rule = { weekdays: [6], start: '07:30', end: '13:00' };
		expect(
			ruleRowValues([{ ...rule, season: { from: '04-01', until: '09-30' } }, rule], fields)
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

	test('weeks of the month: none ticked is every week; ticked ones in order, last at the end', () => {
		expect(readWeeksOfMonth({ h0_1: 'on', h1_w1: 'on' }, hourField, 0)).toEqual({ ok: true });
		expect(readWeeksOfMonth({ 'h0_w-1': 'on', h0_w3: 'on', h0_w1: 'on' }, hourField, 0)).toEqual({
			ok: true,
			weeksOfMonth: [1, 3, -1]
		});
		// an unticked box posted as empty is not ticked
		expect(readWeeksOfMonth({ h0_w2: '' }, hourField, 0)).toEqual({ ok: true });
	});

	test('weeks of the month posted by hand outside 1–5 and -1: a message on the row', () => {
		for (const raw of [
			{ h0_w7: 'on' },
			{ h0_w0: 'on' },
			{ 'h0_w-2': 'on' },
			{ h0_wlast: 'on' },
			{ h0_w1: '3' },
			{ h0_w1: 'on', h0_w6: 'on' }
		]) {
			expect(readWeeksOfMonth(raw, hourField, 0)).toEqual({
				ok: false,
				field: 'h0_w1',
				message: 'schedule.weeksOfMonth.invalid'
			});
		}
		// the market form: the row is refused with the message at its first box, nothing else
		const market = marketSchema.safeParse({
			name: 'Monatsmarkt',
			kind: 'weekly',
			placeName: 'Platz',
			municipality: 'lindenfels',
			r0_d6: 'on',
			r0_start: '08:00',
			r0_end: '12:00',
			r0_w9: 'on'
		});
		expect(market.success).toBe(false);
		expect(market.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['r0_w1', 'schedule.weeksOfMonth.invalid']
		]);
		// the place form the same, and the row is not kept
		const issues: string[] = [];
		const hours = parseOpeningHours(
			{ h0_6: 'on', h0_start: '08:00', h0_end: '12:00', h0_w9: 'on' },
			{
				addIssue: (issue: { path?: PropertyKey[] }) => issues.push(String(issue.path?.[0]))
			} as never
		);
		expect(issues).toEqual(['h0_w1']);
		expect(hours.rules).toEqual([]);
	});

	test('round trip: rules with weeks of the month become rows and are read back unchanged, by both forms', () => {
		const rules: ScheduleRule[] = [
			{ weekdays: [6], start: '08:00', end: '12:00', weeksOfMonth: [1, 3] },
			{ weekdays: [5], start: '14:00', end: '18:00', weeksOfMonth: [-1] },
			{
				weekdays: [2, 4],
				start: '09:00',
				end: '11:00',
				season: { from: '04-01', until: '09-30' },
				weeksOfMonth: [2, 4, 5, -1]
			},
			{ weekdays: [1], start: '07:00', end: '08:00' }
		];
		const placeValues = ruleRowValues(rules, hourField);
		expect(placeValues).toMatchObject({ h0_w1: 'on', h0_w3: 'on', 'h1_w-1': 'on', h2_w5: 'on' });
		expect(Object.keys(placeValues).filter((k) => k.startsWith('h3_w'))).toEqual([]);
		expect(parseOpeningHours(placeValues).rules).toEqual(rules);

		const marketValues = ruleRowValues(rules, ruleField);
		expect(marketValues).toMatchObject({ r0_w1: 'on', r0_w3: 'on', 'r1_w-1': 'on' });
		const parsed = marketSchema.parse({
			name: 'Monatsmarkt',
			kind: 'weekly',
			placeName: 'Platz',
			municipality: 'lindenfels',
			...marketValues
		});
		expect(parsed.rules).toEqual(rules);
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
