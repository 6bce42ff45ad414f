import { verifyEmail } from '#lib/server/account/account.service.ts';
import { accountContext } from '#lib/server/http/context.ts';
import { tokenAction, tokenFromUrl } from '#lib/server/http/token-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: tokenFromUrl(url) });

export const actions: Actions = {
	default: tokenAction(async (event, token) => verifyEmail(await accountContext(event), token))
};
