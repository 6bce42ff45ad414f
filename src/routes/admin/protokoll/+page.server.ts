import { listAuditEntries } from '#lib/server/admin/admin.service.ts';
import { auditQuerySchema, parseQuery } from '#lib/server/admin/admin.schema.ts';
import { adminContext, loadAdmin } from '#lib/server/admin/admin.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await adminContext(event);
	const parsed = parseQuery(auditQuerySchema, event.url.searchParams);
	const query = parsed.success ? parsed.data : { seite: 1, aktion: '' };
	return {
		entries: await loadAdmin(event, () => listAuditEntries(ctx, query)),
		query: parsed.success
			? query
			: { seite: 1, aktion: event.url.searchParams.get('aktion')?.slice(0, 100) ?? '' },
		queryError: parsed.success ? null : (parsed.error.issues[0]?.message ?? 'form.invalid')
	};
};
