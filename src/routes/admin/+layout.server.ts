import { adminMenu } from '#lib/server/admin/admin.service.ts';
import { adminContext, loadAdmin } from '#lib/server/admin/admin.http.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	// Names, e-mail addresses, IP addresses and live links: nothing here may be cached.
	event.setHeaders({ 'cache-control': 'no-store' });
	const ctx = await adminContext(event);
	return { adminMenu: await loadAdmin(event, () => adminMenu(ctx)) };
};
