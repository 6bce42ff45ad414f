import { fail, redirect } from '@sveltejs/kit';
import { acceptInvitation, getInvitation } from '#lib/server/organisation/membership.service.ts';
import { organisationContext, throwHttpError } from '#lib/server/organisation/organisation.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { tokenFromUrl, tokenSchema } from '#lib/server/http/token-form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The link in an invitation mail. Opening it only shows the invitation (mail scanners open
 * links); the button's POST accepts it.
 */
export const load: PageServerLoad = async (event) => {
	const token = tokenFromUrl(event.url);
	const invitation = await getInvitation(await organisationContext(event), token);
	return {
		token,
		invitation,
		// sign in (or register) and come back to this page
		back: `/einladung?token=${encodeURIComponent(token)}`
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = tokenSchema.safeParse({ token: data.get('token') });
		if (!parsed.success) return fail(400, { message: 'organisation.invite.invalid' });
		let slug: string;
		try {
			({ slug } = await acceptInvitation(await organisationContext(event), parsed.data.token));
		} catch (caught) {
			// a wrong address or a used link: said on this page, not as an error page
			if (caught instanceof AppError && (caught.code === 'forbidden' || caught.code === 'expired'))
				return fail(caught.status, { message: caught.messageKey });
			throwHttpError(event, caught);
		}
		redirect(303, `/organisationen/${slug}?beigetreten=1`);
	}
};
