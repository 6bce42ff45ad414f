import { requestPasswordReset } from '#lib/server/account/account.service.ts';
import { requestResetSchema } from '#lib/server/account/account.schema.ts';
import { accountContext } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(requestResetSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await requestPasswordReset(await accountContext(event), parsed.data.email);
		} catch (error) {
			return failFromError(error, data, event.setHeaders);
		}
		return { sent: true };
	}
};
