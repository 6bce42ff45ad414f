import { redirect } from '@sveltejs/kit';
import { login } from '#lib/server/account/account.service.ts';
import { loginSchema } from '#lib/server/account/account.schema.ts';
import { setSessionCookie } from '#lib/server/account/session.ts';
import { accountContext, isHttps } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { safeReturnPath } from '#lib/server/http/language.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.person) redirect(303, safeReturnPath(url.searchParams.get('next')) || '/konto');
	return {
		registered: url.searchParams.has('registriert'),
		reset: url.searchParams.has('passwort-neu'),
		deleted: url.searchParams.has('geloescht')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(loginSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			const { token } = await login(await accountContext(event), parsed.data);
			setSessionCookie(event.cookies, token, isHttps(event));
		} catch (error) {
			return failFromError(error, data, event.setHeaders);
		}
		const next = safeReturnPath(event.url.searchParams.get('next'));
		redirect(303, next === '/' ? '/konto' : next);
	}
};
