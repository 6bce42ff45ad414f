import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app-context.ts';
import { getLegal } from '#lib/server/region/region.repository.ts';
import { LEGAL_PAGES } from '../../params.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = await app();
	const row = await getLegal(db, locals.region.id);
	if (!row) error(404);
	const kind = LEGAL_PAGES[params.legal];
	return { kind, text: row.legal[kind] };
};
