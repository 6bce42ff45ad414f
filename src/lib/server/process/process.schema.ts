import { z } from 'zod';
import { DEFAULT_SWITCHES, PHASE_KINDS, SWITCHES, TEMPLATE_KEYS, type Phase } from './phases.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on');

/** A calendar day as the start of that day in Germany (where the regions are). */
export function berlinMidnight(day: string): Date {
	if (!DATE.test(day)) return new Date(NaN);
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const guess = Date.UTC(y, m - 1, d);
	// 2026-02-31 is no day
	if (new Date(guess).getUTCDate() !== d || y < 1000) return new Date(NaN);
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Berlin',
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(new Date(guess));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return new Date(guess - (shown - guess));
}

/** The calendar day in Germany of a moment, as YYYY-MM-DD (for date fields). */
export function berlinDay(at: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);
}

const day = (message: string) =>
	z
		.string()
		.trim()
		.regex(DATE, { message })
		.refine((v) => !Number.isNaN(berlinMidnight(v).getTime()), { message })
		.refine((v) => v >= '2000-01-01' && v <= '2100-12-31', { message });

const common = {
	title: z
		.string()
		.trim()
		.min(3, { message: 'process.title.invalid' })
		.max(150, { message: 'process.title.invalid' }),
	description: z.string().trim().max(10000, { message: 'process.description.tooLong' }),
	topicField: z
		.string()
		.regex(/^([a-z0-9-]{1,80})?$/, { message: 'process.topicField.invalid' })
		.optional()
		.transform((v) => v || null)
};

export const createProcessSchema = z.object({
	...common,
	template: z.enum(TEMPLATE_KEYS as [string, ...string[]], {
		message: 'process.template.required'
	}),
	start: day('process.start.invalid')
});
export type CreateProcessInput = z.infer<typeof createProcessSchema>;

const phaseSchema = z.object({
	kind: z.enum(PHASE_KINDS, { message: 'process.phase.kind' }),
	start: day('process.phase.start'),
	end: z.union([z.literal(''), day('process.phase.end')]).optional(),
	contributing: checkbox,
	commenting: checkbox,
	supporting: checkbox,
	voting: checkbox,
	results: checkbox
});

export const updateProcessSchema = z.object({
	...common,
	phases: z
		.array(phaseSchema)
		.min(1, { message: 'process.phases.none' })
		.max(20)
		// the timeline rules on the calendar days (the database checks them again)
		.superRefine((phases, ctx) => {
			phases.forEach((phase, i) => {
				const previous = phases[i - 1];
				if (previous && phase.start <= previous.start) {
					ctx.addIssue({ code: 'custom', path: [i, 'start'], message: 'process.phase.order' });
				}
				if (phase.end && i < phases.length - 1) {
					ctx.addIssue({ code: 'custom', path: [i, 'end'], message: 'process.phase.endNotLast' });
				} else if (phase.end && phase.end <= phase.start) {
					ctx.addIssue({
						code: 'custom',
						path: [i, 'end'],
						message: 'process.phase.endBeforeStart'
					});
				}
			});
		})
});
export type UpdateProcessInput = {
	title: string;
	description: string;
	topicField: string | null;
	phases: Phase[];
};

export const MAX_PHASES = 20;

/**
 * Reads the edit form: process fields, then phase rows named `phase-<i>-<field>`. The
 * `intent` button may remove a row (`remove-<i>`) or add one (`add`, of kind `newKind`, a
 * week after the last start). Field errors come back under their form names.
 */
export function parseProcessForm(
	data: FormData
): { ok: true; input: UpdateProcessInput } | { ok: false; errors: Record<string, string> } {
	const text = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const rows: Record<string, string | undefined>[] = [];
	for (let i = 0; i < MAX_PHASES && text(`phase-${i}-kind`) !== undefined; i++) {
		const row: Record<string, string | undefined> = {
			kind: text(`phase-${i}-kind`),
			start: text(`phase-${i}-start`),
			end: text(`phase-${i}-end`)
		};
		for (const s of SWITCHES) row[s] = text(`phase-${i}-${s}`);
		rows.push(row);
	}
	const intent = text('intent') ?? 'save';
	const removeMatch = /^remove-(\d{1,2})$/.exec(intent);
	if (removeMatch) rows.splice(Number(removeMatch[1]), 1);
	const parsed = updateProcessSchema.safeParse({
		title: text('title'),
		description: text('description') ?? '',
		topicField: text('topicField'),
		phases: rows
	});
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			const [first, index, field] = issue.path;
			const name =
				first === 'phases' && typeof index === 'number'
					? `phase-${index}-${String(field ?? 'kind')}`
					: String(first ?? '_form');
			errors[name] ??= issue.message.includes('.') ? issue.message : 'form.invalid';
		}
		return { ok: false, errors };
	}
	const phases: Phase[] = parsed.data.phases.map((row) => ({
		kind: row.kind,
		startsAt: berlinMidnight(row.start),
		endsAt: row.end ? berlinMidnight(row.end) : null,
		contributing: row.contributing,
		commenting: row.commenting,
		supporting: row.supporting,
		voting: row.voting,
		results: row.results
	}));
	if (intent === 'add') {
		const kind = z.enum(PHASE_KINDS).safeParse(text('newKind'));
		const last = phases.at(-1);
		if (kind.success && last && phases.length < MAX_PHASES) {
			const startsAt = new Date(last.startsAt.getTime() + 7 * 24 * 60 * 60 * 1000);
			const endsAt = last.endsAt && last.endsAt > startsAt ? last.endsAt : null;
			last.endsAt = null;
			phases.push({ ...DEFAULT_SWITCHES[kind.data], kind: kind.data, startsAt, endsAt });
		}
	}
	return {
		ok: true,
		input: {
			title: parsed.data.title,
			description: parsed.data.description,
			topicField: parsed.data.topicField,
			phases
		}
	};
}
