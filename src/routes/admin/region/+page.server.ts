import { getRegionSummary } from '#lib/server/admin/admin.service.ts';
import { adminContext, loadAdmin } from '#lib/server/admin/admin.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await adminContext(event);
	return { region: await loadAdmin(event, () => getRegionSummary(ctx)) };
};
