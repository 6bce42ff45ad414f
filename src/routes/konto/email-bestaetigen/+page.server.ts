import { fail } from '@sveltejs/kit';
import { confirmEmailChange } from '#lib/server/account/account.service.ts';
import { accountContext } from '#lib/server/http/context.ts';
import { failFromError } from '#lib/server/http/form.ts';
import { tokenFromUrl, tokenSchema } from '#lib/server/http/token-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: tokenFromUrl(url) });

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = tokenSchema.safeParse({ token: data.get('token') });
		if (!parsed.success) return fail(400, { message: 'account.token.invalid', done: false });
		try {
			await confirmEmailChange(await accountContext(event), parsed.data.token);
		} catch (error) {
			return failFromError(error, data);
		}
		return { done: true };
	}
};
