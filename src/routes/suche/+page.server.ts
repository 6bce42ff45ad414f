import { app } from '#lib/server/app-context.ts';
import { search } from '#lib/server/search/search.service.ts';
import { searchQuerySchema } from '#lib/server/search/search.schema.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const raw = url.searchParams.get('q') ?? '';
	const parsed = searchQuerySchema.safeParse({ q: raw });
	if (!parsed.success) {
		return { query: raw, error: parsed.error.issues[0]?.message as MessageKey, hits: null };
	}
	const query = parsed.data.q;
	if (!query) return { query, error: null, hits: null };
	const { db } = await app();
	const hits = await search(db, locals.region.id, query);
	return { query, error: null, hits };
};
