import { describe, expect, test } from 'vitest';
import { occurrences, openAt, scheduleSchema, upcoming, type ScheduleInput } from './schedule.ts';

const parse = (input: ScheduleInput) => scheduleSchema.parse(input);

/** Bensheim's weekly market: Monday to Saturday, 07:30 in summer, 08:00 from October. */
const bensheim = parse({
	rules: [
		{
			weekdays: [1, 2, 3, 4, 5, 6],
			start: '07:30',
			end: '13:00',
			season: { from: '04-01', until: '09-30' }
		},
		{
			weekdays: [1, 2, 3, 4, 5, 6],
			start: '08:00',
			end: '13:00',
			season: { from: '10-01', until: '03-31' }
		}
	],
	skipHolidaysIn: 'HE'
});

describe('recurring schedules', () => {
	test('seasonal times switch on the right days and keep the wall clock across daylight saving', () => {
		const week = occurrences(bensheim, '2026-03-27', '2026-04-02');
		expect(week.map((o) => [o.date, o.start, o.startsAt.toISOString()])).toEqual([
			['2026-03-27', '08:00', '2026-03-27T07:00:00.000Z'],
			['2026-03-28', '08:00', '2026-03-28T07:00:00.000Z'],
			// Sunday 29 March: no market; summer time from here on
			['2026-03-30', '08:00', '2026-03-30T06:00:00.000Z'],
			['2026-03-31', '08:00', '2026-03-31T06:00:00.000Z'],
			['2026-04-01', '07:30', '2026-04-01T05:30:00.000Z'],
			['2026-04-02', '07:30', '2026-04-02T05:30:00.000Z']
		]);
		const october = occurrences(bensheim, '2026-09-30', '2026-10-01');
		expect(october.map((o) => o.start)).toEqual(['07:30', '08:00']);
	});

	test('public holidays are shown as cancelled, and a changed date overrides one', () => {
		const easter = occurrences(bensheim, '2026-04-03', '2026-04-06');
		expect(easter.map((o) => [o.date, o.cancelled, o.holiday])).toEqual([
			['2026-04-03', true, 'karfreitag'],
			['2026-04-04', false, undefined],
			['2026-04-06', true, 'ostermontag']
		]);
		const special = parse({
			...bensheim,
			exceptions: [
				{ date: '2026-04-06', kind: 'changed', start: '10:00', end: '14:00', note: 'Ostermarkt' }
			]
		});
		const monday = occurrences(special, '2026-04-06', '2026-04-06');
		expect(monday).toMatchObject([
			{ start: '10:00', end: '14:00', cancelled: false, changed: true, note: 'Ostermarkt' }
		]);
	});

	test('cancelled and extra dates, validity and the first Saturday of the month', () => {
		const theme = parse({
			rules: [{ weekdays: [6], weeksOfMonth: [1], start: '10:00', end: '16:00' }],
			validFrom: '2026-03-01',
			validUntil: '2026-06-30',
			exceptions: [
				{ date: '2026-04-04', kind: 'cancelled', note: 'Baustelle' },
				{ date: '2026-05-20', kind: 'extra', start: '16:00', end: '20:00', note: 'Feierabendmarkt' }
			]
		});
		const dates = occurrences(theme, '2026-01-01', '2026-12-31').map((o) => [o.date, o.cancelled]);
		expect(dates).toEqual([
			['2026-03-07', false],
			['2026-04-04', true],
			['2026-05-02', false],
			['2026-05-20', false],
			['2026-06-06', false]
		]);
	});

	test('the last week of the month and seasons over New Year', () => {
		const last = parse({
			rules: [{ weekdays: [5], weeksOfMonth: [-1], start: '15:00', end: '18:00' }]
		});
		expect(occurrences(last, '2026-11-01', '2026-12-31').map((o) => o.date)).toEqual([
			'2026-11-27',
			'2026-12-25'
		]);
		const winter = parse({
			rules: [
				{
					weekdays: [1, 2, 3, 4, 5, 6, 7],
					start: '09:00',
					end: '10:00',
					season: { from: '12-30', until: '01-02' }
				}
			]
		});
		expect(occurrences(winter, '2026-12-28', '2027-01-04').map((o) => o.date)).toEqual([
			'2026-12-30',
			'2026-12-31',
			'2027-01-01',
			'2027-01-02'
		]);
	});

	test('upcoming dates and opening hours', () => {
		const now = new Date('2026-11-27T10:00:00Z'); // Friday 11:00 in Bensheim
		expect(openAt(bensheim, now)).toEqual({ open: true, until: new Date('2026-11-27T12:00:00Z') });
		expect(openAt(bensheim, new Date('2026-11-29T10:00:00Z'))).toEqual({ open: false });
		const next = upcoming(bensheim, now, 3);
		expect(next.map((o) => o.date)).toEqual(['2026-11-27', '2026-11-28', '2026-11-30']);
		// over Christmas: 25 and 26 December are holidays in Hessen
		const christmas = upcoming(bensheim, new Date('2026-12-24T13:00:00Z'), 2);
		expect(christmas.map((o) => o.date)).toEqual(['2026-12-28', '2026-12-29']);
	});

	test('bad schedules are refused with message keys', () => {
		const problems = (input: unknown) =>
			scheduleSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		expect(problems({ rules: [{ weekdays: [], start: '08:00', end: '07:00' }] })).toEqual([
			'rules.0.weekdays: schedule.weekdays.required',
			'rules.0.end: schedule.end.beforeStart'
		]);
		expect(problems({ rules: [{ weekdays: [1], start: '08:00', end: '07:00' }] })).toEqual([
			'rules.0.end: schedule.end.beforeStart'
		]);
		expect(problems({ rules: [{ weekdays: [1], start: '25:00', end: '26:00' }] })).toContain(
			'rules.0.start: schedule.time.invalid'
		);
		expect(
			problems({
				rules: [
					{ weekdays: [1], start: '08:00', end: '09:00', season: { from: '02-30', until: '03-01' } }
				]
			})
		).toEqual(['rules.0.season.from: schedule.season.invalid']);
		expect(problems({ rules: [], exceptions: [] })).toEqual(['rules: schedule.rules.required']);
		expect(
			problems({
				rules: [{ weekdays: [1], start: '08:00', end: '09:00' }],
				exceptions: [{ date: '2026-02-30', kind: 'cancelled' }]
			})
		).toEqual(['exceptions.0.date: schedule.date.invalid']);
		expect(
			problems({
				rules: [{ weekdays: [1], start: '08:00', end: '09:00' }],
				timeZone: 'Mars/Olympus'
			})
		).toEqual(['timeZone: schedule.timeZone.invalid']);
		expect(() => occurrences(bensheim, '2026-01-01', '2028-01-01')).toThrow(RangeError);
	});
});

test('every message key a schedule can report exists in both languages', async () => {
	const { t } = await import('../../i18n/index.ts');
	const source = (await import('node:fs')).readFileSync(
		new URL('./schedule.ts', import.meta.url),
		'utf8'
	);
	const keys = [...new Set([...source.matchAll(/'(schedule\.[\w.]+)'/g)].map((m) => m[1]!))];
	expect(keys.length).toBeGreaterThan(5);
	for (const key of keys) {
		for (const lang of ['de', 'en'] as const) {
			expect(t(lang, key as never)).not.toBe(key);
		}
	}
});
