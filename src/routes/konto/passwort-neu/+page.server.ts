import { redirect } from '@sveltejs/kit';
import { resetPassword } from '#lib/server/account/account.service.ts';
import { resetPasswordSchema } from '#lib/server/account/account.schema.ts';
import { clearSessionCookie } from '#lib/server/account/session.ts';
import { accountContext, isHttps } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { tokenFromUrl } from '#lib/server/http/token-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: tokenFromUrl(url) });

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(resetPasswordSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await resetPassword(await accountContext(event), parsed.data);
		} catch (error) {
			return failFromError(error, data, event.setHeaders);
		}
		clearSessionCookie(event.cookies, isHttps(event));
		redirect(303, '/konto/anmelden?passwort-neu=1');
	}
};
