/**
 * Recurring schedules — the building block for market days, opening hours, consultation hours
 * and coworking availability: weekly rules (weekdays and times), optionally only in a season
 * of the year ("07:30 from April to September, 08:00 from October"), only in certain weeks of
 * the month ("first Saturday"), within a validity period, skipping public holidays, with
 * exceptions for single dates (cancelled, changed times, extra dates).
 *
 * Times are wall-clock times in the schedule's zone; occurrences carry the exact instants, so
 * a market at 07:30 stays at 07:30 across the daylight-saving changes.
 */
import { z } from 'zod';
import { MAX_RULES } from '#lib/schedule-rows.ts';
import { publicHolidays, STATES, type HolidayKey } from './holidays.ts';
import {
	addDays,
	instantToZoned,
	isCalendarDate,
	weekdayOf,
	zonedToInstant
} from './zoned-time.ts';

/** Zones found valid: constructing a formatter to check one costs ~0.1 ms, per parse. */
const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
	if (knownZones.has(zone)) return true;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
	} catch {
		return false;
	}
	if (knownZones.size < 1000) knownZones.add(zone);
	return true;
}

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'schedule.time.invalid' });
const date = z.string().refine(isCalendarDate, { message: 'schedule.date.invalid' });
const monthDay = z
	.string()
	.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'schedule.season.invalid' })
	.refine((md) => isCalendarDate(`2024-${md}`), { message: 'schedule.season.invalid' });

export const ruleSchema = z
	.object({
		/** ISO weekdays: 1 = Monday … 7 = Sunday */
		weekdays: z
			.array(z.number().int().min(1).max(7))
			.min(1, { message: 'schedule.weekdays.required' })
			.max(7)
			.transform((days) => [...new Set(days)].sort()),
		start: time,
		end: time,
		/** Only from this day of the year until that one, inclusive; may wrap over New Year. */
		season: z.object({ from: monthDay, until: monthDay }).optional(),
		/** Only in these weeks of the month: 1–5, or -1 for the last. */
		weeksOfMonth: z
			.array(z.union([z.number().int().min(1).max(5), z.literal(-1)]))
			.min(1)
			.max(6)
			.optional()
	})
	.refine((rule) => rule.end > rule.start, {
		message: 'schedule.end.beforeStart',
		path: ['end']
	});

export const exceptionSchema = z
	.object({
		date,
		kind: z.enum(['cancelled', 'changed', 'extra']),
		start: time.optional(),
		end: time.optional(),
		note: z.string().trim().max(200).optional()
	})
	.refine((e) => e.kind === 'cancelled' || (e.start !== undefined && e.end !== undefined), {
		message: 'schedule.exception.timesRequired',
		path: ['start']
	})
	.refine((e) => e.kind === 'cancelled' || (e.end ?? '') > (e.start ?? ''), {
		message: 'schedule.end.beforeStart',
		path: ['end']
	});

export const scheduleSchema = z
	.object({
		timeZone: z
			.string()
			.default('Europe/Berlin')
			.refine(isTimeZone, { message: 'schedule.timeZone.invalid' }),
		rules: z.array(ruleSchema).max(MAX_RULES).default([]),
		exceptions: z.array(exceptionSchema).max(500).default([]),
		validFrom: date.optional(),
		validUntil: date.optional(),
		/** Skip the public holidays of this state (e.g. HE for Hessen). */
		skipHolidaysIn: z.enum(STATES as [string, ...string[]]).optional()
	})
	.refine((s) => !s.validFrom || !s.validUntil || s.validUntil >= s.validFrom, {
		message: 'schedule.validity.invalid',
		path: ['validUntil']
	})
	.refine((s) => s.rules.length > 0 || s.exceptions.some((e) => e.kind === 'extra'), {
		message: 'schedule.rules.required',
		path: ['rules']
	});

export type ScheduleInput = z.input<typeof scheduleSchema>;
export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleRule = z.output<typeof ruleSchema>;

/** A stored schedule, or null when there is none or it no longer parses. */
export function storedSchedule(value: unknown): Schedule | null {
	if (value === null || value === undefined) return null;
	const parsed = scheduleSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

export interface Occurrence {
	/** the local date, YYYY-MM-DD */
	date: string;
	/** local wall-clock times, HH:MM */
	start: string;
	end: string;
	startsAt: Date;
	endsAt: Date;
	/** a date that would have taken place but does not (cancelled, or a public holiday) */
	cancelled: boolean;
	/** times differ from the rule, or it is an extra date */
	changed: boolean;
	note?: string;
	holiday?: HolidayKey;
}

/** The longest span one expansion may cover: a calendar of a year and a bit. */
export const MAX_SPAN_DAYS = 400;

function inSeason(date: string, season: ScheduleRule['season']): boolean {
	if (!season) return true;
	const md = date.slice(5);
	return season.from <= season.until
		? md >= season.from && md <= season.until
		: md >= season.from || md <= season.until; // wraps over New Year
}

function weekOfMonthMatches(date: string, weeks: ScheduleRule['weeksOfMonth']): boolean {
	if (!weeks) return true;
	const day = Number(date.slice(8, 10));
	const nth = Math.ceil(day / 7);
	const isLast = addDays(date, 7).slice(0, 7) !== date.slice(0, 7);
	return weeks.some((w) => (w === -1 ? isLast : w === nth));
}

/**
 * Every occurrence from `from` to `to` (local dates, inclusive), in time order. Cancelled
 * dates are included with `cancelled: true`, so calendars can show them as cancelled.
 */
export function occurrences(schedule: Schedule, from: string, to: string): Occurrence[] {
	if (!isCalendarDate(from) || !isCalendarDate(to)) throw new RangeError('occurrences: bad dates');
	const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
	if (days > MAX_SPAN_DAYS) throw new RangeError(`occurrences: at most ${MAX_SPAN_DAYS} days`);
	const zone = schedule.timeZone;
	const exceptions = new Map<string, Schedule['exceptions']>();
	for (const exception of schedule.exceptions) {
		exceptions.set(exception.date, [...(exceptions.get(exception.date) ?? []), exception]);
	}
	const holidays = new Map<number, ReadonlyMap<string, HolidayKey>>();
	const holidayOn = (day: string) => {
		if (!schedule.skipHolidaysIn) return undefined;
		const year = Number(day.slice(0, 4));
		let map = holidays.get(year);
		if (!map) holidays.set(year, (map = publicHolidays(year, schedule.skipHolidaysIn)));
		return map.get(day);
	};
	const make = (
		day: string,
		start: string,
		end: string,
		extra: Partial<Occurrence> = {}
	): Occurrence => ({
		date: day,
		start,
		end,
		startsAt: zonedToInstant(day, start, zone),
		endsAt: zonedToInstant(day, end, zone),
		cancelled: false,
		changed: false,
		...extra
	});

	const result: Occurrence[] = [];
	for (let day = from; day <= to; day = addDays(day, 1)) {
		const valid =
			(!schedule.validFrom || day >= schedule.validFrom) &&
			(!schedule.validUntil || day <= schedule.validUntil);
		const weekday = weekdayOf(day);
		const regular = valid
			? schedule.rules
					.filter(
						(rule) =>
							rule.weekdays.includes(weekday) &&
							inSeason(day, rule.season) &&
							weekOfMonthMatches(day, rule.weeksOfMonth)
					)
					.map((rule) => make(day, rule.start, rule.end))
			: [];
		const todays = exceptions.get(day) ?? [];
		const cancelled = todays.find((e) => e.kind === 'cancelled');
		const changed = todays.find((e) => e.kind === 'changed');
		const extras = todays.filter((e) => e.kind === 'extra');
		const holiday = holidayOn(day);
		if (cancelled) {
			result.push(...regular.map((o) => ({ ...o, cancelled: true, note: cancelled.note })));
		} else if (changed) {
			result.push(
				make(day, changed.start!, changed.end!, { changed: true, note: changed.note, holiday })
			);
		} else if (holiday) {
			result.push(...regular.map((o) => ({ ...o, cancelled: true, holiday })));
		} else {
			result.push(...regular);
		}
		for (const extra of extras) {
			result.push(make(day, extra.start!, extra.end!, { changed: true, note: extra.note }));
		}
	}
	return result.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The next `count` dates that take place, from an instant on (one that is running counts). */
export function upcoming(schedule: Schedule, now: Date, count: number, horizonDays = 366) {
	const today = instantToZoned(now, schedule.timeZone).date;
	const found: Occurrence[] = [];
	for (let from = today; found.length < count; from = addDays(from, 92)) {
		if (Date.parse(from) - Date.parse(today) > horizonDays * 86_400_000) break;
		const to = addDays(from, 91);
		for (const o of occurrences(schedule, from, to)) {
			if (!o.cancelled && o.endsAt > now) found.push(o);
		}
	}
	return found.slice(0, count);
}

/** Whether the schedule is open at an instant (opening hours), and if so until when. */
export function openAt(schedule: Schedule, now: Date): { open: boolean; until?: Date } {
	const today = instantToZoned(now, schedule.timeZone).date;
	const running = occurrences(schedule, addDays(today, -1), today).find(
		(o) => !o.cancelled && o.startsAt <= now && o.endsAt > now
	);
	return running ? { open: true, until: running.endsAt } : { open: false };
}
