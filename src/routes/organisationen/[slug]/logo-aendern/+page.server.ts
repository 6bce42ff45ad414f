import { fail } from '@sveltejs/kit';
import { getOrganisationForEdit } from '#lib/server/organisation/organisation.service.ts';
import {
	LOGO_MAX_BYTES,
	removeOrganisationLogo,
	setOrganisationLogo
} from '#lib/server/organisation/logo.ts';
import {
	actionError,
	organisationContext,
	throwHttpError
} from '#lib/server/organisation/organisation.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const { profile } = await getOrganisationForEdit(
			await organisationContext(event),
			event.params.slug
		);
		return {
			organisation: { slug: profile.slug, name: profile.name, logoVersion: profile.logoVersion },
			maxKb: LOGO_MAX_BYTES / 1024
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	upload: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const file = data.get('logo');
		if (!(file instanceof File)) {
			return fail(400, { errors: { logo: 'organisation.logo.missing' }, values: {} });
		}
		try {
			await setOrganisationLogo(
				await organisationContext(event),
				event.params.slug,
				new Uint8Array(await file.arrayBuffer())
			);
		} catch (caught) {
			return actionError(event, caught, new FormData());
		}
		return { saved: true };
	},
	remove: async (event) => {
		requirePerson(event);
		try {
			await removeOrganisationLogo(await organisationContext(event), event.params.slug);
		} catch (caught) {
			return actionError(event, caught, new FormData());
		}
		return { removed: true };
	}
};
