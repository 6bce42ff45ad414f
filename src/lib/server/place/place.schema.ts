/**
 * One schema per place action; every message is a key of messages/place.*.json. The kinds are
 * the lists migration 2026_11_27_2900 checks. Opening hours come from weekly rows (one per rule
 * and a few empty ones, up to MAX_RULES: weekday checkboxes, start and end, optional season and
 * weeks of the month, plus "closed on public holidays") and leave as a schedule that
 * scheduleSchema accepts.
 */
import { z } from 'zod';
import { MAX_RULES } from '#lib/schedule-rows.ts';
import { scheduleSchema, type Schedule, type ScheduleRule } from '../schedule/schedule.ts';
import {
	isMonthDay,
	postedRuleRows,
	readException,
	readSeason,
	readWeeksOfMonth,
	ruleRowValues,
	type RuleRowFields
} from '../schedule/schedule-form.ts';

export const PLACE_KINDS = [
	'shop',
	'farm',
	'market_square',
	'pickup_point',
	'venue',
	'other'
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const SHOP_KINDS = ['village', 'regional', 'farm'] as const;
export type ShopKind = (typeof SHOP_KINDS)[number];

/** Radii offered for "within … km of"; the first of them is not the default. */
export const RADII = [5, 10, 20, 50] as const;
export const DEFAULT_RADIUS = 10;

/** Field names of the opening-hours rows start with h and the row: h0_start, h3_w1. */
export const HOUR_ROW_PREFIX = 'h';
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The state whose holidays "closed on public holidays" means (the region is in Hessen). */
export const HOLIDAY_STATE = 'HE';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function hasControl(text: string, allowBreaks: boolean): boolean {
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
		if (control && !(allowBreaks && (char === '\n' || char === '\t'))) return true;
	}
	return false;
}

function line(max: number, message: string, min = 0) {
	return z
		.string()
		.trim()
		.min(min, { message })
		.max(max, { message })
		.refine((v) => !hasControl(v, false), { message });
}

/** A coordinate typed with a decimal point or a German decimal comma; empty means none. */
function coordinate(limit: number, message: string) {
	return z
		.string()
		.trim()
		.transform((value, ctx) => {
			if (value === '') return null;
			const number = Number(value.replace(',', '.'));
			if (!/^-?\d{1,3}([.,]\d{1,7})?$/.test(value) || Math.abs(number) > limit) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return number;
		});
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Field names of one row of the opening-hours form. */
export const hourField: RuleRowFields = {
	rowPrefix: HOUR_ROW_PREFIX,
	day: (row, day) => `h${row}_${day}`,
	start: (row) => `h${row}_start`,
	end: (row) => `h${row}_end`,
	from: (row) => `h${row}_from`,
	until: (row) => `h${row}_until`,
	weekPrefix: (row) => `h${row}_w`
};

export interface OpeningHoursInput {
	rules: ScheduleRule[];
	closedOnHolidays: boolean;
}

/**
 * Reads the opening-hours rows of a form (as many as were posted; more than MAX_RULES is a
 * message on `hours`, so nothing is saved): a row without days, times, season and weeks is
 * skipped; a row with only some of them gets a message on the field that is missing. Times may
 * be typed as 9:00; the optional season as 04-01 or 1.4.; the optional weeks of the month are
 * checkboxes (schedule-form.ts, shared with markets).
 */
export function parseOpeningHours(
	raw: Record<string, unknown>,
	ctx?: z.RefinementCtx
): OpeningHoursInput {
	const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
	const time = (value: string) => (/^\d:\d\d$/.test(value) ? `0${value}` : value);
	const rules: OpeningHoursInput['rules'] = [];
	const posted = postedRuleRows(raw, hourField);
	if (!posted.ok) ctx?.addIssue({ code: 'custom', path: ['hours'], message: posted.message });
	const rows = posted.ok ? posted.rows : MAX_RULES;
	for (let row = 0; row < rows; row++) {
		const weekdays = WEEKDAYS.filter((day) => {
			const value = raw[hourField.day(row, day)];
			return value !== undefined && value !== '' && value !== false;
		});
		const start = time(text(hourField.start(row)));
		const end = time(text(hourField.end(row)));
		const from = text(hourField.from(row));
		const until = text(hourField.until(row));
		const weeks = readWeeksOfMonth(raw, hourField, row);
		if (
			weekdays.length === 0 &&
			start === '' &&
			end === '' &&
			from === '' &&
			until === '' &&
			weeks.ok &&
			!weeks.weeksOfMonth
		) {
			continue;
		}
		const issue = (field: string, message: string) =>
			ctx?.addIssue({ code: 'custom', path: [field], message });
		let ok = true;
		if (!weeks.ok) {
			issue(weeks.field, weeks.message);
			ok = false;
		}
		const season = readSeason(from, until, 'place.hours.seasonBoth');
		if (!season.ok) {
			issue(hourField[season.field](row), season.message);
			ok = false;
		} else if (season.season) {
			for (const part of ['from', 'until'] as const) {
				if (!isMonthDay(season.season[part])) {
					issue(hourField[part](row), 'schedule.season.invalid');
					ok = false;
				}
			}
		}
		if (weekdays.length === 0) {
			issue(hourField.day(row, 1), 'place.hours.days');
			ok = false;
		}
		if (!TIME.test(start)) {
			issue(hourField.start(row), 'place.hours.time');
			ok = false;
		}
		if (!TIME.test(end)) {
			issue(hourField.end(row), 'place.hours.time');
			ok = false;
		} else if (TIME.test(start) && end <= start) {
			issue(hourField.end(row), 'place.hours.endBeforeStart');
			ok = false;
		}
		if (ok && season.ok && weeks.ok) {
			rules.push({
				weekdays: [...weekdays],
				start,
				end,
				...(season.season ? { season: season.season } : {}),
				...(weeks.weeksOfMonth ? { weeksOfMonth: weeks.weeksOfMonth } : {})
			});
		}
	}
	const holidays = raw.holidays;
	return {
		rules,
		closedOnHolidays: holidays !== undefined && holidays !== '' && holidays !== false
	};
}

/** The form's rows as a schedule (null: no opening hours given), checked by scheduleSchema. */
export function toSchedule(hours: OpeningHoursInput, keep?: Schedule | null): Schedule | null {
	if (hours.rules.length === 0) return null;
	return scheduleSchema.parse({
		timeZone: 'Europe/Berlin',
		rules: hours.rules,
		// exceptions (closed for holidays, extra days) set elsewhere survive an edit of the rows
		exceptions: keep?.exceptions ?? [],
		validFrom: keep?.validFrom,
		validUntil: keep?.validUntil,
		skipHolidaysIn: hours.closedOnHolidays ? HOLIDAY_STATE : undefined
	});
}

/** A schedule as form values: each rule with its season and weeks of the month. */
export function scheduleToFormValues(schedule: Schedule | null): Record<string, string> {
	if (!schedule) return {};
	const values = ruleRowValues(schedule.rules, hourField);
	if (schedule.skipHolidaysIn) values.holidays = 'on';
	return values;
}

const baseSchema = z.object({
	name: line(150, 'place.name.invalid', 2),
	kind: z.enum(PLACE_KINDS, { message: 'place.kind.required' }),
	shopKind: z
		.string()
		.trim()
		.default('')
		.transform((v) => v as ShopKind | ''),
	description: z
		.string()
		.default('')
		.transform((v) => v.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.max(4000, { message: 'place.description.invalid' })
				.refine((v) => !hasControl(v, true), { message: 'place.description.invalid' })
		),
	street: line(150, 'place.street.invalid').default(''),
	postcode: z
		.string()
		.trim()
		.default('')
		.refine((v) => v === '' || /^[0-9]{5}$/.test(v), { message: 'place.postcode.invalid' }),
	municipality: z
		.string({ message: 'place.municipality.required' })
		.trim()
		.regex(SLUG_PATTERN, { message: 'place.municipality.required' })
		.max(100, { message: 'place.municipality.required' }),
	lat: coordinate(90, 'place.lat.invalid').default(null),
	lon: coordinate(180, 'place.lon.invalid').default(null),
	/** the operating organisation's slug, or empty */
	organisation: z
		.string()
		.trim()
		.default('')
		.refine((v) => v === '' || (v.length <= 100 && SLUG_PATTERN.test(v)), {
			message: 'place.organisation.invalid'
		})
});

/** The opening-hours rows, read from the same form data (their messages come with the rest). */
const openingHoursSchema = z
	.looseObject({})
	.transform((raw, ctx) => ({ openingHours: parseOpeningHours(raw, ctx) }));

export const placeSchema = z
	.intersection(
		baseSchema.superRefine((value, ctx) => {
			if (value.kind === 'shop' && !SHOP_KINDS.includes(value.shopKind as ShopKind)) {
				ctx.addIssue({ code: 'custom', path: ['shopKind'], message: 'place.shopKind.required' });
			}
			if ((value.lat === null) !== (value.lon === null)) {
				ctx.addIssue({
					code: 'custom',
					path: [value.lat === null ? 'lat' : 'lon'],
					message: 'place.location.both'
				});
			}
		}),
		openingHoursSchema
	)
	.transform((value) => ({
		name: value.name,
		kind: value.kind,
		shopKind: value.kind === 'shop' ? (value.shopKind as ShopKind) : null,
		description: value.description,
		street: value.street,
		postcode: value.postcode,
		municipality: value.municipality,
		lat: value.lat,
		lon: value.lon,
		organisation: value.organisation,
		openingHours: value.openingHours
	}));
export type PlaceInput = z.output<typeof placeSchema>;

/** One day with different hours (shared reading with the market's exceptions). */
export const placeExceptionSchema = z
	.object({
		date: z.string().trim().max(20).default(''),
		kind: z.enum(['cancelled', 'changed', 'extra'], {
			message: 'place.exception.kind.invalid'
		}),
		start: z.string().trim().max(10).default(''),
		end: z.string().trim().max(10).default(''),
		note: z.string().trim().max(200, { message: 'place.exception.note.tooLong' }).default('')
	})
	.transform((raw, ctx) => {
		const read = readException({
			...raw,
			start: raw.start.replace(/^(\d):/, '0$1:'),
			end: raw.end.replace(/^(\d):/, '0$1:')
		});
		if (read.ok) return read.exception;
		for (const issue of read.issues) {
			ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
		}
		return z.NEVER;
	});

export const removePlaceExceptionSchema = z.object({
	index: z.coerce.number({ message: 'form.invalid' }).int().min(0).max(499)
});

/** Deleting a place: the box "Ja, endgültig löschen" must be ticked (no JavaScript confirm). */
export const deletePlaceSchema = z.object({
	confirm: z.literal('on', { message: 'place.delete.confirmRequired' })
});

/** Which producers a shop stocks: organisation ids (read with FormData.getAll). */
export const shopProducersSchema = z.object({
	producers: z.array(z.uuid({ message: 'form.invalid' })).max(500, { message: 'form.invalid' })
});

/** The directory's query string: kind, centre municipality, radius, page. */
export const listQuerySchema = z.object({
	art: z.enum(PLACE_KINDS).optional().catch(undefined),
	ort: z
		.string()
		.regex(/^[a-z0-9-]{1,80}$/)
		.optional()
		.catch(undefined),
	/** or around a place, found by (the start of) its name */
	nahe: z
		.string()
		.trim()
		.max(100)
		.optional()
		.catch(undefined)
		.transform((v) => (v ? v : undefined)),
	umkreis: z.coerce
		.number()
		.refine((v) => (RADII as readonly number[]).includes(v))
		.catch(DEFAULT_RADIUS),
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The open-data endpoints' filter. */
export const openDataQuerySchema = z.object({
	art: z.enum(PLACE_KINDS).optional().catch(undefined)
});
