import { describe, expect, test } from 'vitest';
import { openAt, scheduleSchema } from '../schedule/schedule.ts';
import {
	listQuerySchema,
	parseOpeningHours,
	placeSchema,
	scheduleToFormValues,
	toSchedule
} from './place.schema.ts';

describe('place form', () => {
	test('schema: per-field messages for bad input', () => {
		const result = placeSchema.safeParse({
			name: 'X',
			kind: 'shop',
			shopKind: '',
			municipality: 'Lindenfels!',
			postcode: '123',
			lat: '49.1',
			lon: '',
			h1_3: 'on',
			h1_start: '25:00',
			h1_end: '',
			h2_start: '10:00',
			h2_end: '09:00'
		});
		expect(result.success).toBe(false);
		const fields = Object.fromEntries(
			result.error!.issues.map((issue) => [String(issue.path[0]), issue.message])
		);
		expect(fields).toMatchObject({
			name: 'place.name.invalid',
			municipality: 'place.municipality.required',
			postcode: 'place.postcode.invalid',
			h1_start: 'place.hours.time',
			h1_end: 'place.hours.time',
			h2_1: 'place.hours.days',
			h2_end: 'place.hours.endBeforeStart'
		});
		// shop kind and the coordinate pair are checked once the fields themselves are valid
		const second = placeSchema.safeParse({
			name: 'Laden',
			kind: 'shop',
			municipality: 'lindenfels',
			lat: '49.1'
		});
		expect(second.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
			['shopKind', 'place.shopKind.required'],
			['lon', 'place.location.both']
		]);
	});

	test('opening-hours rows become a schedule and back', () => {
		const hours = parseOpeningHours({
			h0_1: 'on',
			h0_2: 'on',
			h0_3: 'on',
			h0_start: '8:00',
			h0_end: '12:30',
			h1_6: 'on',
			h1_start: '09:00',
			h1_end: '13:00',
			// an empty row is skipped
			h2_start: '',
			h2_end: '',
			holidays: 'on'
		});
		expect(hours).toEqual({
			rules: [
				{ weekdays: [1, 2, 3], start: '08:00', end: '12:30' },
				{ weekdays: [6], start: '09:00', end: '13:00' }
			],
			closedOnHolidays: true
		});
		const schedule = toSchedule(hours)!;
		expect(schedule.skipHolidaysIn).toBe('HE');
		// Monday 1 December 2026, 10:00 in Berlin is 09:00 UTC
		expect(openAt(schedule, new Date('2026-12-01T09:00:00Z')).open).toBe(true);
		expect(openAt(schedule, new Date('2026-12-01T12:00:00Z')).open).toBe(false);
		// Christmas Day is a Friday holiday; nothing on Fridays anyway, but Easter Monday 2027 is
		expect(openAt(schedule, new Date('2027-03-29T08:00:00Z')).open).toBe(false);
		expect(openAt(schedule, new Date('2027-04-05T08:00:00Z')).open).toBe(true);
		expect(scheduleToFormValues(schedule)).toEqual({
			h0_1: 'on',
			h0_2: 'on',
			h0_3: 'on',
			h0_start: '08:00',
			h0_end: '12:30',
			h1_6: 'on',
			h1_start: '09:00',
			h1_end: '13:00',
			holidays: 'on'
		});
		expect(toSchedule({ rules: [], closedOnHolidays: true })).toBeNull();
	});

	test('an edit keeps the exceptions of the stored schedule', () => {
		const stored = toSchedule({
			rules: [{ weekdays: [1], start: '08:00', end: '10:00' }],
			closedOnHolidays: false
		})!;
		stored.exceptions = [{ date: '2026-12-24', kind: 'cancelled' }];
		const next = toSchedule(
			{ rules: [{ weekdays: [2], start: '08:00', end: '10:00' }], closedOnHolidays: false },
			stored
		)!;
		expect(next.rules).toEqual([{ weekdays: [2], start: '08:00', end: '10:00' }]);
		expect(next.exceptions).toEqual([{ date: '2026-12-24', kind: 'cancelled' }]);
	});

	test('a schedule with seasons survives the round trip through the form', () => {
		const original = scheduleSchema.parse({
			timeZone: 'Europe/Berlin',
			rules: [
				{
					weekdays: [2, 5],
					start: '09:00',
					end: '18:00',
					season: { from: '04-01', until: '10-31' }
				},
				// winter over New Year
				{ weekdays: [5], start: '10:00', end: '16:00', season: { from: '11-01', until: '03-31' } },
				{ weekdays: [6], start: '08:00', end: '12:00' }
			],
			exceptions: [
				{ date: '2026-12-24', kind: 'cancelled' },
				{ date: '2027-05-01', kind: 'extra', start: '10:00', end: '14:00', note: 'Hoffest' }
			],
			skipHolidaysIn: 'HE'
		});
		const values = scheduleToFormValues(original);
		expect(values).toMatchObject({ h0_from: '04-01', h0_until: '10-31', h1_from: '11-01' });
		const parsed = placeSchema.safeParse({
			name: 'Hofladen',
			kind: 'farm',
			municipality: 'lindenfels',
			...values
		});
		expect(parsed.success).toBe(true);
		expect(toSchedule(parsed.data!.openingHours, original)).toEqual(original);
	});

	test('season fields: German dates are read, one half alone or a bad day is a message', () => {
		const hours = parseOpeningHours({
			h0_3: 'on',
			h0_start: '9:00',
			h0_end: '12:00',
			h0_from: '1.4.',
			h0_until: '30.9'
		});
		expect(hours.rules[0]!.season).toEqual({ from: '04-01', until: '09-30' });
		const result = placeSchema.safeParse({
			name: 'Hofladen',
			kind: 'farm',
			municipality: 'lindenfels',
			h0_1: 'on',
			h0_start: '09:00',
			h0_end: '12:00',
			h0_from: '04-01',
			h1_2: 'on',
			h1_start: '09:00',
			h1_end: '12:00',
			h1_from: '02-30',
			h1_until: '13-01',
			// a season alone is a row too: its days and times are missing
			h2_until: '12-31'
		});
		expect(result.success).toBe(false);
		const issues = Object.fromEntries(
			result.error!.issues.map((issue) => [String(issue.path[0]), issue.message])
		);
		expect(issues).toMatchObject({
			h0_until: 'place.hours.seasonBoth',
			h1_from: 'schedule.season.invalid',
			h1_until: 'schedule.season.invalid',
			h2_from: 'place.hours.seasonBoth',
			h2_1: 'place.hours.days',
			h2_start: 'place.hours.time'
		});
	});

	test('the directory query falls back to safe values', () => {
		expect(listQuerySchema.parse({ art: 'castle', umkreis: '7', seite: '-1', ort: 'A B' })).toEqual(
			{
				art: undefined,
				ort: undefined,
				umkreis: 10,
				seite: 1
			}
		);
		expect(listQuerySchema.parse({ art: 'shop', umkreis: '50', ort: 'lindenfels' })).toMatchObject({
			art: 'shop',
			umkreis: 50,
			ort: 'lindenfels'
		});
	});
});
