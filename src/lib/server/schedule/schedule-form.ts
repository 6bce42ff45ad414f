/**
 * Schedules in plain forms (no JavaScript): the parts that the place and the market forms share.
 * A weekly rule is one row of fields; its optional season is two month-day fields ("from" and
 * "until", e.g. 04-01 and 09-30, may wrap over New Year), and its optional weeks of the month
 * are six checkboxes (1st … 5th, last: "first Saturday of the month"; none ticked = every
 * week). Each form names its own fields and reports problems on them; the reading and writing
 * of season and weeks is here, once. A form has as many rows as the schedule has rules (and a
 * few empty ones, #lib/schedule-rows.ts), up to MAX_RULES.
 */
import { MAX_RULES, usedRuleRows } from '#lib/schedule-rows.ts';
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
	/** every field of row n starts with this prefix and `n_` (h0_start, r3_d1); no other field does */
	rowPrefix: string;
	day(row: number, day: number): string;
	start(row: number): string;
	end(row: number): string;
	from(row: number): string;
	until(row: number): string;
	/**
	 * The start of the row's week-of-month checkbox names; the week follows (1 … 5, -1 for the
	 * last), e.g. h0_w + 3. No other field of the form may start with it.
	 */
	weekPrefix(row: number): string;
}

/** The weeks of the month a rule may be limited to, in the order the form shows them. */
export const WEEKS_OF_MONTH = [1, 2, 3, 4, 5, -1] as const;
export type WeekOfMonth = (typeof WEEKS_OF_MONTH)[number];

/** The checkbox name of one week of the month in a row. */
export function weekField(fields: RuleRowFields, row: number, week: WeekOfMonth): string {
	return `${fields.weekPrefix(row)}${week}`;
}

export type WeeksReading =
	{ ok: true; weeksOfMonth?: WeekOfMonth[] } | { ok: false; field: string; message: string };

/**
 * A row's week-of-month checkboxes: none ticked is every week (no weeksOfMonth). A ticked box
 * sends 'on'; a name or value that the form never sends (h0_w7, h0_w1=3 — posted by hand) is
 * a message on the row's first box, so nothing is saved.
 */
export function readWeeksOfMonth(
	raw: Record<string, unknown>,
	fields: RuleRowFields,
	row: number
): WeeksReading {
	const prefix = fields.weekPrefix(row);
	const ticked = new Set<WeekOfMonth>();
	for (const [key, value] of Object.entries(raw)) {
		if (!key.startsWith(prefix)) continue;
		const week = WEEKS_OF_MONTH.find((w) => key === `${prefix}${w}`);
		if (week === undefined || (value !== 'on' && value !== '')) {
			return {
				ok: false,
				field: weekField(fields, row, 1),
				message: 'schedule.weeksOfMonth.invalid'
			};
		}
		if (value === 'on') ticked.add(week);
	}
	const weeks = WEEKS_OF_MONTH.filter((w) => ticked.has(w));
	return weeks.length > 0 ? { ok: true, weeksOfMonth: weeks } : { ok: true };
}

export type RuleRowsReading = { ok: true; rows: number } | { ok: false; message: string };

/**
 * How many rule rows a posted form holds (the last row with anything in it). More than
 * MAX_RULES is the message schedule.rules.tooMany: a form never shows more rows, so they were
 * added by hand, and nothing is saved rather than some rules silently left out.
 */
export function postedRuleRows(
	raw: Record<string, unknown>,
	fields: RuleRowFields
): RuleRowsReading {
	const rows = usedRuleRows(raw, fields.rowPrefix);
	return rows > MAX_RULES ? { ok: false, message: 'schedule.rules.tooMany' } : { ok: true, rows };
}

/** Every rule of a schedule as form values, one row each (checkboxes are 'on'). */
export function ruleRowValues(
	rules: readonly ScheduleRule[],
	fields: RuleRowFields
): Record<string, string> {
	const values: Record<string, string> = {};
	rules.forEach((rule, row) => {
		for (const day of rule.weekdays) values[fields.day(row, day)] = 'on';
		values[fields.start(row)] = rule.start;
		values[fields.end(row)] = rule.end;
		if (rule.season) {
			values[fields.from(row)] = rule.season.from;
			values[fields.until(row)] = rule.season.until;
		}
		for (const week of rule.weeksOfMonth ?? []) {
			values[weekField(fields, row, week as WeekOfMonth)] = 'on';
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
