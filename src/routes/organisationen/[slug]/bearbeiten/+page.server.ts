import { redirect } from '@sveltejs/kit';
import {
	KINDS,
	SECTORS,
	organisationSchema
} from '#lib/server/organisation/organisation.schema.ts';
import {
	getOrganisationForEdit,
	updateOrganisation
} from '#lib/server/organisation/organisation.service.ts';
import {
	actionError,
	organisationContext,
	throwHttpError
} from '#lib/server/organisation/organisation.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const { profile, values, municipalities, permissions } = await getOrganisationForEdit(
			await organisationContext(event),
			event.params.slug
		);
		return {
			organisation: { slug: profile.slug, name: profile.name },
			// a new name voids the verification, unless a moderator renames
			renameVoidsVerification: profile.verified && !permissions.verify,
			values,
			municipalities,
			kinds: KINDS,
			sectors: SECTORS
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(organisationSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await updateOrganisation(await organisationContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/organisationen/${event.params.slug}?gespeichert=1`);
	}
};
