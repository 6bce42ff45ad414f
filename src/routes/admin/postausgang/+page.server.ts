import { listMail } from '#lib/server/admin/admin.service.ts';
import { mailQuerySchema, parseQuery } from '#lib/server/admin/admin.schema.ts';
import { adminContext, loadAdmin } from '#lib/server/admin/admin.http.ts';
import type { PageServerLoad } from './$types';

// Held mails contain live single-use links; the admin layout sends `cache-control: no-store`.
export const load: PageServerLoad = async (event) => {
	const ctx = await adminContext(event);
	const parsed = parseQuery(mailQuerySchema, event.url.searchParams);
	const query = parsed.success ? parsed.data : { seite: 1 };
	return { mail: await loadAdmin(event, () => listMail(ctx, query)) };
};
