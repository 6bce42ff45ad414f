/**
 * Schedules in plain forms (no JavaScript): the parts that the place and the market forms share.
 * A weekly rule is one row of fields; its optional season is two month-day fields ("from" and
 * "until", e.g. 04-01 and 09-30, may wrap over New Year). Each form names its own fields and
 * reports problems on them; the reading and writing of the season is here, once.
 */
import { exceptionSchema, type Schedule, type ScheduleRule } from './schedule.ts';
import { isCalendarDate } from './zoned-time.ts';

/** MM-DD of a day that exists in some year (02-29 does). */
export function isMonthDay(value: string): boolean {
	return /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value) && isCalendarDate(`2024-${value}`);
}

/**
 * A typed month-day as MM-DD: 04-01 and 4-1 stay in that order; a German date such as 1.4.
 * or 01.04 is day first. Anything else comes back trimmed, for the schema to reject.
 */
export function normaliseMonthDay(text: string): string {
	const value = text.trim();
	const pad = (n: string) => n.padStart(2, '0');
	const iso = /^(\d{1,2})-(\d{1,2})$/.exec(value);
	if (iso) return `${pad(iso[1]!)}-${pad(iso[2]!)}`;
	const german = /^(\d{1,2})\.(\d{1,2})\.?$/.exec(value);
	if (german) return `${pad(german[2]!)}-${pad(german[1]!)}`;
	return value;
}

export type SeasonReading =
	| { ok: true; season?: { from: string; until: string } }
	| { ok: false; field: 'from' | 'until'; message: string };

/**
 * A row's season fields: both empty is no season; only one of them is `bothMessage` on the
 * empty one. The values are normalised but not checked here: ruleSchema checks them (its
 * message, schedule.season.invalid, then belongs on the field the issue path names).
 */
export function readSeason(from: string, until: string, bothMessage: string): SeasonReading {
	const start = normaliseMonthDay(from);
	const end = normaliseMonthDay(until);
	if (start === '' && end === '') return { ok: true };
	if (start === '' || end === '') {
		return { ok: false, field: start === '' ? 'from' : 'until', message: bothMessage };
	}
	return { ok: true, season: { from: start, until: end } };
}

/** Field names of one rule row, as a form calls them. */
export interface RuleRowFields {
	day(row: number, day: number): string;
	start(row: number): string;
	end(row: number): string;
	from(row: number): string;
	until(row: number): string;
}

/** The first `rows` rules of a schedule as form values (checkboxes are 'on'). */
export function ruleRowValues(
	rules: readonly ScheduleRule[],
	fields: RuleRowFields,
	rows: number
): Record<string, string> {
	const values: Record<string, string> = {};
	rules.slice(0, rows).forEach((rule, row) => {
		for (const day of rule.weekdays) values[fields.day(row, day)] = 'on';
		values[fields.start(row)] = rule.start;
		values[fields.end(row)] = rule.end;
		if (rule.season) {
			values[fields.from(row)] = rule.season.from;
			values[fields.until(row)] = rule.season.until;
		}
	});
	return values;
}

export type ScheduleException = Schedule['exceptions'][number];

/** The exception form's raw fields (date, kind, start, end, note). */
export interface ExceptionFields {
	date: string;
	kind: 'cancelled' | 'changed' | 'extra';
	start?: string;
	end?: string;
	note?: string;
}

/**
 * Reads one exception from its form: a cancelled date has no times. Issues come back on the
 * form's field names (date, start, end, note).
 */
export function readException(
	raw: ExceptionFields
):
	| { ok: true; exception: ScheduleException }
	| { ok: false; issues: { field: string; message: string }[] } {
	const parsed = exceptionSchema.safeParse({
		date: raw.date,
		kind: raw.kind,
		start: raw.kind === 'cancelled' ? undefined : raw.start || undefined,
		end: raw.kind === 'cancelled' ? undefined : raw.end || undefined,
		note: raw.note || undefined
	});
	if (parsed.success) return { ok: true, exception: parsed.data };
	return {
		ok: false,
		issues: parsed.error.issues.map((issue) => ({
			field: String(issue.path[0] ?? 'date'),
			message: issue.message
		}))
	};
}
