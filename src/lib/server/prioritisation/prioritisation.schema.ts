import { z } from 'zod';

export const createRoundSchema = z
	.object({
		title: z
			.string()
			.trim()
			.min(3, { message: 'prioritisation.title.invalid' })
			.max(150, { message: 'prioritisation.title.invalid' }),
		description: z.string().trim().max(2000, { message: 'prioritisation.description.tooLong' }),
		topicField: z
			.string()
			.regex(/^[a-z0-9-]{1,80}$/, { message: 'prioritisation.topicField.required' }),
		points: z.coerce
			.number({ message: 'prioritisation.points.invalid' })
			.int({ message: 'prioritisation.points.invalid' })
			.min(1, { message: 'prioritisation.points.invalid' })
			.max(100, { message: 'prioritisation.points.invalid' }),
		maxPerItem: z.coerce
			.number({ message: 'prioritisation.maxPerItem.invalid' })
			.int({ message: 'prioritisation.maxPerItem.invalid' })
			.min(1, { message: 'prioritisation.maxPerItem.invalid' })
			.max(100, { message: 'prioritisation.maxPerItem.invalid' }),
		days: z.coerce
			.number({ message: 'prioritisation.days.invalid' })
			.int({ message: 'prioritisation.days.invalid' })
			.min(1, { message: 'prioritisation.days.invalid' })
			.max(365, { message: 'prioritisation.days.invalid' }),
		liveResults: z
			.string()
			.optional()
			.transform((v) => v === 'on'),
		method: z
			.enum(['dots', 'pairwise'], { message: 'prioritisation.method.invalid' })
			.optional()
			.transform((v) => v ?? 'dots')
	})
	.refine((v) => v.maxPerItem <= v.points, {
		path: ['maxPerItem'],
		message: 'prioritisation.maxPerItem.invalid'
	});
/** `method` may be left out (dot voting), as rounds were made before pairwise existed. */
export type CreateRoundInput = Omit<z.infer<typeof createRoundSchema>, 'method'> & {
	method?: 'dots' | 'pairwise';
};

/** The ballot: item id → points (fields named `item-<uuid>`), empty or 0 meaning none. */
export function ballotFromForm(data: FormData): Map<string, number> | null {
	const ballot = new Map<string, number>();
	for (const [name, value] of data) {
		if (!name.startsWith('item-') || typeof value !== 'string') continue;
		const trimmed = value.trim();
		if (trimmed === '') continue;
		if (!/^\d{1,3}$/.test(trimmed)) return null;
		const points = Number(trimmed);
		if (points > 0) ballot.set(name.slice(5), points);
	}
	return ballot;
}

/** One pairwise answer: the pair (two item ids) and the choice, `a`, `b` or `none`. */
export const compareSchema = z.object({
	a: z.uuid({ message: 'prioritisation.unknownItem' }),
	b: z.uuid({ message: 'prioritisation.unknownItem' }),
	choice: z.enum(['a', 'b', 'none'], { message: 'prioritisation.choice.invalid' })
});
export type CompareInput = z.infer<typeof compareSchema>;
