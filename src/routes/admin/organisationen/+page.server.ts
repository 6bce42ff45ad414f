import { listOrganisations } from '#lib/server/admin/admin.service.ts';
import { organisationsQuerySchema, parseQuery } from '#lib/server/admin/admin.schema.ts';
import { adminContext, loadAdmin } from '#lib/server/admin/admin.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await adminContext(event);
	const parsed = parseQuery(organisationsQuerySchema, event.url.searchParams);
	// the schema catches every bad value (first page, all organisations)
	const query = parsed.success ? parsed.data : { seite: 1, status: 'alle' as const };
	return {
		organisations: await loadAdmin(event, () => listOrganisations(ctx, query)),
		query
	};
};
