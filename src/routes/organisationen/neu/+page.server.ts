import { redirect } from '@sveltejs/kit';
import {
	KINDS,
	SECTORS,
	organisationSchema
} from '#lib/server/organisation/organisation.schema.ts';
import {
	createOrganisation,
	getCreateForm
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
		const { municipalities } = await getCreateForm(await organisationContext(event));
		return { municipalities, kinds: KINDS, sectors: SECTORS };
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
		let slug: string;
		try {
			({ slug } = await createOrganisation(await organisationContext(event), parsed.data));
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/organisationen/${slug}?angelegt=1`);
	}
};
