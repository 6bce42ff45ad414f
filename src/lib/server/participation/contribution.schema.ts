/** One schema per topic-map action; messages are keys of messages/participation.*.json. */
import { z } from 'zod';
import { slugify } from '../region/region-import.service.ts';

const key = z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'form.invalid' });
const optionalKey = z
	.string()
	.max(100)
	.optional()
	.transform((v) => (v ? v : undefined))
	.pipe(key.optional());

export const contributionSchema = z.object({
	title: z
		.string()
		.trim()
		.min(3, { message: 'topicmap.title.invalid' })
		.max(150, { message: 'topicmap.title.invalid' })
		.regex(/^[^\p{Cc}]+$/u, { message: 'topicmap.title.invalid' }),
	body: z
		.string()
		.trim()
		.max(10_000, { message: 'topicmap.body.tooLong' })
		.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'topicmap.body.invalid' }),
	category: key.or(z.literal('').transform(() => '')).refine((v) => v !== '', {
		message: 'topicmap.category.required'
	}),
	targetGroups: z.array(key).max(12).default([]),
	municipality: optionalKey,
	organisation: optionalKey
});
export type ContributionInput = z.infer<typeof contributionSchema>;

export const SORTS = ['neu', 'unterstuetzt', 'diskutiert'] as const;

export const boardQuerySchema = z.object({
	kategorie: key.optional().catch(undefined),
	zielgruppe: key.optional().catch(undefined),
	// a slug from the place list, or a place name typed where the list would be too long
	ort: z
		.string()
		.max(120)
		.optional()
		.transform((v) => (v ? slugify(v) : undefined))
		.pipe(key.optional())
		.catch(undefined),
	sortierung: z.enum(SORTS).catch('neu'),
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

/** FormData → the object the schema reads (checkbox lists become arrays). */
export function contributionFormObject(data: FormData): Record<string, unknown> {
	return {
		title: data.get('title') ?? '',
		body: data.get('body') ?? '',
		category: data.get('category') ?? '',
		targetGroups: data.getAll('targetGroups').filter((v) => typeof v === 'string'),
		municipality: data.get('municipality') ?? undefined,
		organisation: data.get('organisation') ?? undefined
	};
}
