import { redirect } from '@sveltejs/kit';
import { logout } from '#lib/server/account/account.service.ts';
import { clearSessionCookie } from '#lib/server/account/session.ts';
import { accountContext, isHttps } from '#lib/server/http/context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/konto');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.person) await logout(await accountContext(event), event.locals.person);
		clearSessionCookie(event.cookies, isHttps(event));
		redirect(303, '/');
	}
};
