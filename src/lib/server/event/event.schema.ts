/** One schema per event action; messages are keys of messages/event.*.json. */
import { z } from 'zod';
import { contributionSchema } from '../participation/contribution.schema.ts';
import { berlinToInstant } from './event.time.ts';

const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const EVENT_KINDS = [
	'kickoff',
	'workshop',
	'working_group',
	'information',
	'other'
] as const;

const key = z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'form.invalid' });
const optionalKey = z
	.string()
	.max(100)
	.optional()
	.transform((v) => (v ? v : undefined))
	.pipe(key.optional());
const optionalNumber = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.max(30)
		.optional()
		.transform((v) => (v ? Number(v.replace(',', '.')) : undefined))
		.pipe(z.number({ message }).min(min, { message }).max(max, { message }).optional());
const localTime = (message: string) =>
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			const instant = berlinToInstant(v);
			if (!instant) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return instant;
		});

export interface AgendaLine {
	time: string | null;
	title: string;
}

/** One agenda item per line, optionally starting with a time: "10:30 Arbeit in Gruppen". */
export function parseAgenda(text: string): AgendaLine[] | null {
	const lines = text
		.split(/\r\n|\r|\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	if (lines.length > 40) return null;
	const items: AgendaLine[] = [];
	for (const line of lines) {
		const m = /^(\d{1,2})[:.](\d{2})\s*(?:Uhr)?\s*[-–:]?\s*(.*)$/.exec(line);
		let time: string | null = null;
		let title = line;
		if (m) {
			const [hour, minute] = [Number(m[1]), Number(m[2])];
			if (hour > 23 || minute > 59 || !m[3]) return null;
			time = `${String(hour).padStart(2, '0')}:${m[2]}`;
			title = m[3];
		}
		if (title.length > 200 || /\p{Cc}/u.test(title)) return null;
		items.push({ time, title });
	}
	return items;
}

export const eventSchema = z
	.object({
		kind: z.enum(EVENT_KINDS, { message: 'event.kind.invalid' }),
		topicField: optionalKey,
		title: z
			.string()
			.trim()
			.min(3, { message: 'event.title.invalid' })
			.max(150, { message: 'event.title.invalid' })
			.regex(/^[^\p{Cc}]+$/u, { message: 'event.title.invalid' }),
		description: z
			.string()
			.trim()
			.max(10_000, { message: 'event.description.tooLong' })
			.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'event.description.tooLong' })
			.default(''),
		startsAt: localTime('event.startsAt.invalid'),
		endsAt: localTime('event.endsAt.invalid'),
		municipality: optionalKey,
		address: z
			.string()
			.trim()
			.max(200, { message: 'event.address.invalid' })
			.regex(/^[^\p{Cc}]*$/u, { message: 'event.address.invalid' })
			.default(''),
		lat: optionalNumber(-90, 90, 'event.point.invalid'),
		lon: optionalNumber(-180, 180, 'event.point.invalid'),
		onlineUrl: z
			.string()
			.trim()
			.max(500, { message: 'event.onlineUrl.invalid' })
			.optional()
			.transform((v) => (v ? v : undefined))
			.pipe(
				z
					.string()
					.regex(/^https?:\/\/[^\s<>"\p{Cc}]+$/iu, { message: 'event.onlineUrl.invalid' })
					.refine((v) => URL.canParse(v), { message: 'event.onlineUrl.invalid' })
					.optional()
			),
		organisation: optionalKey,
		/** a meeting of this working group (its slug) */
		workingGroup: optionalKey,
		/** part of this participation process (its slug) */
		process: optionalKey,
		capacity: z
			.string()
			.trim()
			.max(10)
			.optional()
			.transform((v) => (v ? Number(v) : undefined))
			.pipe(
				z
					.number({ message: 'event.capacity.invalid' })
					.int({ message: 'event.capacity.invalid' })
					.min(1, { message: 'event.capacity.invalid' })
					.max(10_000, { message: 'event.capacity.invalid' })
					.optional()
			),
		agenda: z
			.string()
			.max(8000, { message: 'event.agenda.invalid' })
			.default('')
			.transform((v, ctx) => {
				const items = parseAgenda(v);
				if (!items) {
					ctx.addIssue({ code: 'custom', message: 'event.agenda.invalid' });
					return z.NEVER;
				}
				return items;
			}),
		/** contributions the minutes refer to: one link or id per line */
		linked: z
			.string()
			.max(5000, { message: 'event.linked.invalid' })
			.optional()
			.transform((v, ctx) => {
				if (v === undefined) return undefined;
				const lines = v
					.split(/\s+/)
					.map((l) => l.trim())
					.filter(Boolean);
				const ids = lines.map((l) => UUID_IN.exec(l)?.[0]?.toLowerCase());
				if (ids.some((id) => !id) || ids.length > 50) {
					ctx.addIssue({ code: 'custom', message: 'event.linked.invalid' });
					return z.NEVER;
				}
				return [...new Set(ids as string[])];
			}),
		minutes: z
			.string()
			.trim()
			.max(20_000, { message: 'event.minutes.tooLong' })
			.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'event.minutes.tooLong' })
			.optional()
	})
	.refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'event.endsAt.beforeStart' })
	.refine((v) => (v.lat === undefined) === (v.lon === undefined), {
		path: ['lat'],
		message: 'event.point.invalid'
	})
	.refine((v) => v.municipality !== undefined || v.onlineUrl !== undefined, {
		path: ['municipality'],
		message: 'event.place.required'
	});
export type EventInput = z.infer<typeof eventSchema>;

export const eventListQuerySchema = z.object({
	thema: key.optional().catch(undefined),
	arbeitsgruppe: key.optional().catch(undefined),
	prozess: key.optional().catch(undefined)
});

export const paperSchema = contributionSchema.omit({ organisation: true }).extend({
	topicField: key,
	onBehalfOf: z
		.string()
		.trim()
		.max(100, { message: 'event.paper.onBehalfOf.invalid' })
		.regex(/^[^\p{Cc}]*$/u, { message: 'event.paper.onBehalfOf.invalid' })
		.optional()
		.transform((v) => (v ? v : undefined))
});
export type PaperInput = z.infer<typeof paperSchema>;
