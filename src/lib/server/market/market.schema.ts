/**
 * One schema per market action. Form fields are flat (no JavaScript): a market's schedule is
 * entered in rule rows, one per rule and a few empty ones, up to MAX_RULES (`r0_d1` … `r0_d7` weekday checkboxes, `r0_start`,
 * `r0_end`, optional season `r0_from`/`r0_until` as MM-DD, optional weeks of the month
 * `r0_w1` … `r0_w5`, `r0_w-1` for the last), and problems are reported on those field names
 * so each message sits next to its input.
 */
import { z } from 'zod';
import { MAX_RULES } from '#lib/schedule-rows.ts';
import { ruleSchema, type ScheduleRule } from '../schedule/schedule.ts';
import {
	postedRuleRows,
	readException,
	readSeason,
	readWeeksOfMonth,
	weekField,
	type RuleRowFields
} from '../schedule/schedule-form.ts';
import { isCalendarDate } from '../schedule/zoned-time.ts';

export const MARKET_KINDS = ['weekly', 'regional', 'theme', 'seasonal'] as const;
/** The product categories (one list, owned by products). */
export { CATEGORIES as PRODUCT_CATEGORIES } from '../product/product.schema.ts';
import { CATEGORIES as PRODUCT_CATEGORIES } from '../product/product.schema.ts';
/** Field names of the rule rows start with r and the row: r0_d1, r3_start. */
export const RULE_ROW_PREFIX = 'r';
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const RADII = [5, 10, 20, 50] as const;

const slugRef = z
	.string()
	.trim()
	.regex(/^[a-z0-9-]{0,100}$/, { message: 'form.invalid' })
	.optional()
	.transform((v) => v || undefined);
const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true');
const optionalText = (max: number, key: string) =>
	z
		.string()
		.trim()
		.max(max, { message: key })
		.optional()
		.transform((v) => v ?? '');
const coordinate = (min: number, max: number) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			if (!v) return undefined;
			const n = Number(v.replace(',', '.'));
			if (!Number.isFinite(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message: 'market.coordinate.invalid' });
				return z.NEVER;
			}
			return n;
		});

/** The rule rows' field names (r0_d1 … r0_w-1), for the shared schedule-form helpers. */
export const ruleField: RuleRowFields = {
	rowPrefix: RULE_ROW_PREFIX,
	day: (row, day) => `r${row}_d${day}`,
	start: (row) => `r${row}_start`,
	end: (row) => `r${row}_end`,
	from: (row) => `r${row}_from`,
	until: (row) => `r${row}_until`,
	weekPrefix: (row) => `r${row}_w`
};

/**
 * Reads the filled rule rows, as many as were posted (more than MAX_RULES is a message on
 * `rules`); a row without weekdays, times, season and weeks is left out.
 */
function readRules(raw: Record<string, unknown>, ctx: z.RefinementCtx): ScheduleRule[] {
	const rules: ScheduleRule[] = [];
	const posted = postedRuleRows(raw, ruleField);
	if (!posted.ok) ctx.addIssue({ code: 'custom', path: ['rules'], message: posted.message });
	const rows = posted.ok ? posted.rows : MAX_RULES;
	for (let row = 0; row < rows; row++) {
		const field = (part: string) => String(raw[`r${row}_${part}`] ?? '').trim();
		const weekdays = WEEKDAYS.filter((d) => raw[`r${row}_d${d}`] !== undefined);
		const [start, end, from, until] = ['start', 'end', 'from', 'until'].map(field);
		const weeks = readWeeksOfMonth(raw, ruleField, row);
		const noWeeks = weeks.ok && !weeks.weeksOfMonth;
		if (weekdays.length === 0 && !start && !end && !from && !until && noWeeks) continue;
		// a bad week is reported with the row's other problems; the row is then left out
		if (!weeks.ok) {
			ctx.addIssue({ code: 'custom', path: [weeks.field], message: weeks.message });
		}
		const season = readSeason(from ?? '', until ?? '', 'market.season.both');
		if (!season.ok) {
			ctx.addIssue({
				code: 'custom',
				path: [`r${row}_${season.field}`],
				message: season.message
			});
			continue;
		}
		const parsed = ruleSchema.safeParse({
			weekdays,
			start,
			end,
			season: season.season,
			weeksOfMonth: weeks.ok ? weeks.weeksOfMonth : undefined
		});
		if (parsed.success) {
			if (weeks.ok) rules.push(parsed.data);
			continue;
		}
		for (const issue of parsed.error.issues) {
			const [head, sub] = issue.path.map(String);
			const name =
				head === 'weekdays'
					? ruleField.day(row, 1)
					: head === 'season'
						? sub === 'until'
							? ruleField.until(row)
							: ruleField.from(row)
						: head === 'weeksOfMonth'
							? weekField(ruleField, row, 1)
							: `r${row}_${head ?? 'start'}`;
			ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
		}
	}
	return rules;
}

const marketFields = z.object({
	name: z
		.string({ message: 'market.name.invalid' })
		.trim()
		.min(2, { message: 'market.name.invalid' })
		.max(150, { message: 'market.name.invalid' }),
	kind: z.enum(MARKET_KINDS, { message: 'market.kind.invalid' }),
	description: optionalText(4000, 'market.description.tooLong'),
	uncertain: checkbox,
	skipHolidays: checkbox,
	/** an existing market square (its slug), or empty to create one from the fields below */
	place: slugRef,
	placeName: optionalText(150, 'market.placeName.invalid'),
	street: optionalText(150, 'market.street.invalid'),
	municipality: slugRef,
	lat: coordinate(-90, 90),
	lon: coordinate(-180, 180),
	/** the organiser organisation (kind market_organiser), by slug; empty: none */
	organiser: slugRef
});

/** The market form; every problem is reported at once (fields, rule rows and place). */
export const marketSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
	const parsed = marketFields.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
		}
	}
	const rules = readRules(raw, ctx);
	const text = (key: string) => (typeof raw[key] === 'string' ? raw[key].trim() : '');
	if (!text('place')) {
		// a new market square: name and municipality; coordinates optional, but both or none
		if (text('placeName').length < 2) {
			ctx.addIssue({ code: 'custom', path: ['placeName'], message: 'market.placeName.invalid' });
		}
		if (!text('municipality')) {
			ctx.addIssue({
				code: 'custom',
				path: ['municipality'],
				message: 'market.municipality.required'
			});
		}
		if (Boolean(text('lat')) !== Boolean(text('lon'))) {
			ctx.addIssue({ code: 'custom', path: ['lat'], message: 'market.coordinate.both' });
		}
	}
	const fields = parsed.data;
	if (!fields) return z.NEVER;
	return {
		name: fields.name,
		kind: fields.kind,
		description: fields.description,
		uncertain: fields.uncertain,
		skipHolidays: fields.skipHolidays,
		place: fields.place,
		newPlace: fields.place
			? undefined
			: {
					name: fields.placeName,
					street: fields.street,
					municipality: fields.municipality ?? '',
					point:
						fields.lat !== undefined && fields.lon !== undefined
							? { lat: fields.lat, lon: fields.lon }
							: undefined
				},
		organiser: fields.organiser,
		rules
	};
});
export type MarketInput = z.output<typeof marketSchema>;

export const exceptionFormSchema = z
	.object({
		date: z.string().trim(),
		kind: z.enum(['cancelled', 'changed', 'extra'], { message: 'market.exception.kind.invalid' }),
		start: z.string().trim().optional(),
		end: z.string().trim().optional(),
		note: optionalText(200, 'market.note.tooLong')
	})
	.transform((raw, ctx) => {
		const read = readException(raw);
		if (read.ok) return read.exception;
		for (const issue of read.issues) {
			ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
		}
		return z.NEVER;
	});
export type ExceptionInput = z.output<typeof exceptionFormSchema>;

export const removeExceptionSchema = z.object({
	index: z.coerce.number({ message: 'form.invalid' }).int().min(0).max(499)
});

/** Deleting a market: the box "Ja, endgültig löschen" must be ticked (no JavaScript confirm). */
export const deleteMarketSchema = z.object({
	confirm: z.literal('on', { message: 'market.delete.confirmRequired' })
});

const date = z.string().trim().refine(isCalendarDate, { message: 'market.date.invalid' });

export const standSchema = z.object({
	producer: z.uuid({ message: 'market.producer.required' }),
	label: optionalText(60, 'market.stand.label.tooLong'),
	regular: checkbox
});
export type StandInput = z.output<typeof standSchema>;

export const removeStandSchema = z.object({ producer: z.uuid({ message: 'form.invalid' }) });

export const attendanceSchema = z.object({
	producer: z.uuid({ message: 'market.producer.required' }),
	date,
	status: z.enum(['present', 'absent'], { message: 'market.attendance.status.invalid' }),
	note: optionalText(200, 'market.note.tooLong')
});
export type AttendanceInput = z.output<typeof attendanceSchema>;

/** /maerkte?art=weekly&gemeinde=bensheim&monat=2027-06 — unknown values are ignored. */
export const marketListQuerySchema = z.object({
	art: z.enum(MARKET_KINDS).optional().catch(undefined),
	gemeinde: z
		.string()
		.regex(/^[a-z0-9-]{1,100}$/)
		.optional()
		.catch(undefined),
	monat: z
		.string()
		.regex(/^\d{4}-(0[1-9]|1[0-2])$/)
		.optional()
		.catch(undefined),
	/** the page of the market list (the calendar is not paged) */
	seite: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});

/** /einkaufen: what, where, how far, when. Only a municipality makes it a search. */
export const shoppingQuerySchema = z.object({
	kategorie: z.enum(PRODUCT_CATEGORIES).optional().catch(undefined),
	suche: z
		.string()
		.trim()
		.max(80)
		.optional()
		.catch(undefined)
		.transform((v) => v || undefined),
	ort: z
		.string()
		.regex(/^[a-z0-9-]{1,100}$/)
		.optional()
		.catch(undefined),
	umkreis: z.coerce
		.number()
		.refine((n) => (RADII as readonly number[]).includes(n))
		.catch(10)
		.default(10),
	zeitraum: z.enum(['woche', '7tage']).catch('woche').default('woche')
});
export type ShoppingQuery = z.output<typeof shoppingQuerySchema>;
