import { fail, redirect } from '@sveltejs/kit';
import { deleteAccount } from '#lib/server/account/account.service.ts';
import { deleteAccountSchema } from '#lib/server/account/account.schema.ts';
import { clearSessionCookie } from '#lib/server/account/session.ts';
import { accountContext, isHttps, requirePerson } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePerson(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(deleteAccountSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await deleteAccount(await accountContext(event), person, parsed.data);
		} catch (error) {
			const failure = failFromError(error, data, event.setHeaders);
			return fail(failure.status, failure.data);
		}
		clearSessionCookie(event.cookies, isHttps(event));
		redirect(303, '/konto/anmelden?geloescht=1');
	}
};
