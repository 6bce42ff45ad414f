import { z } from 'zod';

export const searchQuerySchema = z.object({
	q: z
		.string()
		.trim()
		.max(200, { message: 'search.tooLong' })
		.transform((value) => value.replace(/\s+/g, ' '))
});
