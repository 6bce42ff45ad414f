/**
 * The survey forms: the builder's (one zod schema per action) and the answers, which are
 * validated by a zod schema per question type, built from the question itself.
 */
import { z } from 'zod';
import type { SurveyQuestionKind } from '../db/schema.ts';
import { slugify } from '../region/region-import.service.ts';

export const QUESTION_KINDS = [
	'single',
	'multiple',
	'scale',
	'text',
	'ranking',
	'matrix'
] as const satisfies readonly SurveyQuestionKind[];

const DATE = /^(20\d\d)-\d{2}-\d{2}$/;
/** A real day of this century: 2026-02-31 is not one (the database would refuse it). */
export function isCalendarDay(value: string): boolean {
	if (!DATE.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
const optionalDate = (message: string) =>
	z
		.string()
		.trim()
		.refine((v) => v === '' || isCalendarDay(v), { message })
		.transform((v) => (v === '' ? null : v));
const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on');

export const surveySchema = z
	.object({
		title: z
			.string()
			.trim()
			.min(3, { message: 'survey.title.invalid' })
			.max(150, { message: 'survey.title.invalid' }),
		intro: z.string().trim().max(4000, { message: 'survey.intro.tooLong' }),
		topicField: z
			.string()
			.regex(/^$|^[a-z0-9-]{1,80}$/, { message: 'survey.topicField.invalid' })
			.default(''),
		mode: z.enum(['anonymous', 'linked'], { message: 'survey.mode.invalid' }),
		opensOn: optionalDate('survey.opensOn.invalid'),
		closesOn: optionalDate('survey.closesOn.invalid'),
		liveResults: checkbox,
		onePerBrowser: checkbox
	})
	.refine((v) => v.opensOn === null || v.closesOn !== null, {
		path: ['closesOn'],
		message: 'survey.closesOn.required'
	})
	.refine((v) => v.opensOn === null || v.closesOn === null || v.closesOn >= v.opensOn, {
		path: ['closesOn'],
		message: 'survey.closesOn.beforeOpens'
	});
export type SurveyInput = z.infer<typeof surveySchema>;

/** One label per line, blank lines ignored. */
const lines = (message: string, min: number) =>
	z
		.string()
		.default('')
		.transform((v) =>
			v
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter((line) => line !== '')
		)
		.refine((v) => v.length >= min && v.length <= 20, { message })
		.refine((v) => v.every((line) => line.length <= 200), { message })
		.refine((v) => new Set(v).size === v.length, { message: 'survey.options.duplicate' });

export const questionSchema = z
	.object({
		kind: z.enum(QUESTION_KINDS, { message: 'survey.kind.invalid' }),
		text: z
			.string()
			.trim()
			.min(1, { message: 'survey.question.required' })
			.max(500, { message: 'survey.question.tooLong' }),
		required: checkbox,
		options: z.string().default(''),
		rows: z.string().default(''),
		columns: z.string().default(''),
		scaleMin: z.string().default('1'),
		scaleMax: z.string().default('5'),
		labelMin: z.string().trim().max(100, { message: 'survey.label.tooLong' }).default(''),
		labelMax: z.string().trim().max(100, { message: 'survey.label.tooLong' }).default(''),
		/** "<question id>:<option id>" of an earlier choice question, or '' */
		condition: z
			.string()
			.regex(/^$|^[0-9a-f-]{36}:[0-9a-f-]{36}$/i, { message: 'survey.condition.invalid' })
			.default('')
	})
	.transform((v, ctx) => {
		const parse = <T>(schema: z.ZodType<T>, value: unknown, path: string, message?: string): T => {
			const result = schema.safeParse(value);
			if (result.success) return result.data;
			ctx.addIssue({
				code: 'custom',
				path: [path],
				message: message ?? result.error.issues[0]!.message
			});
			return undefined as T;
		};
		const needsOptions = v.kind === 'single' || v.kind === 'multiple' || v.kind === 'ranking';
		const scale =
			v.kind === 'scale'
				? parse(
						z
							.object({
								min: z.coerce.number().int().min(0).max(1),
								max: z.coerce.number().int().min(2).max(10)
							})
							.refine((s) => s.max > s.min),
						{ min: v.scaleMin, max: v.scaleMax },
						'scaleMax',
						'survey.scale.invalid'
					)
				: null;
		const [questionId, optionId] = v.condition ? v.condition.split(':') : [];
		return {
			kind: v.kind,
			text: v.text,
			required: v.required,
			options: needsOptions ? parse(lines('survey.options.invalid', 2), v.options, 'options') : [],
			rows: v.kind === 'matrix' ? parse(lines('survey.rows.invalid', 1), v.rows, 'rows') : [],
			columns:
				v.kind === 'matrix' ? parse(lines('survey.columns.invalid', 2), v.columns, 'columns') : [],
			scaleMin: scale?.min ?? null,
			scaleMax: scale?.max ?? null,
			labelMin: v.kind === 'scale' ? v.labelMin : '',
			labelMax: v.kind === 'scale' ? v.labelMax : '',
			condition: questionId && optionId ? { questionId, optionId } : null
		};
	});
export type QuestionInput = z.infer<typeof questionSchema>;

export const moveSchema = z.object({
	question: z.string().uuid({ message: 'form.invalid' }),
	direction: z.enum(['up', 'down'], { message: 'form.invalid' })
});

export const questionIdSchema = z.object({
	question: z.string().uuid({ message: 'form.invalid' })
});

export const resultFilterSchema = z.object({
	zielgruppe: z
		.string()
		.regex(/^[a-z0-9-]{1,80}$/)
		.optional()
		.catch(undefined),
	// a slug from the place list, or a place name typed where the list would be too long
	gemeinde: z
		.string()
		.max(120)
		.optional()
		.transform((v) => (v ? slugify(v) : undefined))
		.pipe(
			z
				.string()
				.regex(/^[a-z0-9-]{1,80}$/)
				.optional()
		)
		.catch(undefined),
	seite: z.coerce.number().int().min(1).max(10000).catch(1).default(1)
});

// --- answering -------------------------------------------------------------------------

export interface QuestionDef {
	id: string;
	position: number;
	kind: SurveyQuestionKind;
	text: string;
	required: boolean;
	scaleMin: number | null;
	scaleMax: number | null;
	labelMin: string;
	labelMax: string;
	condition: { questionId: string; optionId: string } | null;
	/** choices (single, multiple, ranking) */
	options: { id: string; label: string }[];
	/** matrix rows and the shared columns */
	rows: { id: string; label: string }[];
	columns: { id: string; label: string }[];
}

export interface AnswerRow {
	questionId: string;
	optionId: string | null;
	value: number | null;
	text: string | null;
}

/** The form as sent: every name with all its values (checkboxes send several). */
export type RawAnswers = Map<string, string[]>;

export function rawAnswers(data: FormData): RawAnswers {
	const raw: RawAnswers = new Map();
	for (const [name, value] of data) {
		if (typeof value !== 'string') continue;
		const list = raw.get(name) ?? [];
		list.push(value.slice(0, 5000));
		raw.set(name, list);
	}
	return raw;
}

const MESSAGES = {
	required: 'survey.answer.required',
	choice: 'survey.answer.invalidChoice',
	scale: 'survey.answer.scale',
	text: 'survey.answer.tooLong',
	ranking: 'survey.answer.ranking',
	matrix: 'survey.answer.matrix'
} as const;
export type AnswerError = (typeof MESSAGES)[keyof typeof MESSAGES];

/** A zod schema for one question's answer; `undefined` means not answered. */
export function answerSchema(q: QuestionDef) {
	const optionIds = new Set(q.options.map((o) => o.id));
	switch (q.kind) {
		case 'single':
			return z
				.string()
				.refine((v) => optionIds.has(v), { message: MESSAGES.choice })
				.transform((v) => [{ optionId: v, value: null, text: null }]);
		case 'multiple':
			return z
				.array(z.string())
				.min(1)
				.refine((v) => v.every((id) => optionIds.has(id)) && new Set(v).size === v.length, {
					message: MESSAGES.choice
				})
				.transform((v) => v.map((optionId) => ({ optionId, value: null, text: null })));
		case 'scale':
			return z
				.string()
				.regex(/^\d{1,2}$/, { message: MESSAGES.scale })
				.transform(Number)
				.refine((v) => v >= (q.scaleMin ?? 1) && v <= (q.scaleMax ?? 5), {
					message: MESSAGES.scale
				})
				.transform((value) => [{ optionId: null, value, text: null }]);
		case 'text':
			return z
				.string()
				.max(4000, { message: MESSAGES.text })
				.transform((text) => [{ optionId: null, value: null, text }]);
		case 'ranking':
			return z
				.array(z.string())
				.refine((ranks) => isPermutation(ranks, q.options.length), { message: MESSAGES.ranking })
				.transform((ranks) =>
					ranks.map((rank, i) => ({ optionId: q.options[i]!.id, value: Number(rank), text: null }))
				);
		case 'matrix':
			return z
				.array(z.string())
				.refine(
					(cells) =>
						cells.every((c) => c === '' || (/^\d{1,2}$/.test(c) && Number(c) < q.columns.length)),
					{ message: MESSAGES.matrix }
				)
				.refine((cells) => !q.required || cells.every((c) => c !== ''), {
					message: MESSAGES.matrix
				})
				.transform((cells) =>
					cells.flatMap((c, i) =>
						c === '' ? [] : [{ optionId: q.rows[i]!.id, value: Number(c), text: null }]
					)
				);
	}
}

/** Ranks as typed: "1".."n", each exactly once. */
export function isPermutation(ranks: readonly string[], n: number): boolean {
	if (ranks.length !== n) return false;
	const seen = new Set<number>();
	for (const rank of ranks) {
		if (!/^\d{1,2}$/.test(rank)) return false;
		const value = Number(rank);
		if (value < 1 || value > n || seen.has(value)) return false;
		seen.add(value);
	}
	return true;
}

/** The form field values of one question, or undefined when it was left empty. */
function valueOf(q: QuestionDef, raw: RawAnswers): string | string[] | undefined {
	const name = `q-${q.id}`;
	switch (q.kind) {
		case 'single':
		case 'scale': {
			const v = raw.get(name)?.[0]?.trim() ?? '';
			return v === '' ? undefined : v;
		}
		case 'text': {
			const v = raw.get(name)?.[0]?.trim() ?? '';
			return v === '' ? undefined : v;
		}
		case 'multiple': {
			const v = (raw.get(name) ?? []).filter((x) => x !== '');
			return v.length === 0 ? undefined : v;
		}
		case 'ranking': {
			const v = q.options.map((o) => raw.get(`${name}-${o.id}`)?.[0]?.trim() ?? '');
			return v.every((x) => x === '') ? undefined : v;
		}
		case 'matrix': {
			const v = q.rows.map((r) => raw.get(`${name}-${r.id}`)?.[0]?.trim() ?? '');
			return v.every((x) => x === '') ? undefined : v;
		}
	}
}

/** Whether a question is shown, given the chosen options of the earlier ones. */
export function conditionMet(q: QuestionDef, chosen: Map<string, Set<string>>): boolean {
	if (!q.condition) return true;
	return chosen.get(q.condition.questionId)?.has(q.condition.optionId) ?? false;
}

/**
 * Validates a whole response. Questions whose condition is not met are neither required nor
 * stored, whatever was sent for them. Returns the answer rows, or a message key per question.
 */
export function validateAnswers(
	questions: readonly QuestionDef[],
	raw: RawAnswers
): { ok: true; answers: AnswerRow[] } | { ok: false; errors: Record<string, AnswerError> } {
	const answers: AnswerRow[] = [];
	const errors: Record<string, AnswerError> = {};
	const chosen = new Map<string, Set<string>>();
	for (const q of [...questions].sort((a, b) => a.position - b.position)) {
		if (!conditionMet(q, chosen)) continue;
		const value = valueOf(q, raw);
		if (value === undefined) {
			if (q.required) errors[q.id] = MESSAGES.required;
			continue;
		}
		const parsed = answerSchema(q).safeParse(value);
		if (!parsed.success) {
			errors[q.id] = (parsed.error.issues[0]?.message as AnswerError) ?? MESSAGES.choice;
			if (!Object.values(MESSAGES).includes(errors[q.id]!)) errors[q.id] = MESSAGES.choice;
			continue;
		}
		if (q.kind === 'single' || q.kind === 'multiple') {
			chosen.set(q.id, new Set(parsed.data.map((a) => a.optionId!)));
		}
		for (const a of parsed.data) answers.push({ questionId: q.id, ...a });
	}
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

// --- CSV ---------------------------------------------------------------------------------

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break. */
export function csvField(value: string | number | null): string {
	if (value === null) return '';
	const text = String(value);
	// a leading = + - @ would be a formula in a spreadsheet: neutralise it
	const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
	return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: readonly (string | number | null)[]): string {
	return values.map(csvField).join(',') + '\r\n';
}
