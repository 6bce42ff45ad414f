import { redirect } from '@sveltejs/kit';
import { PLACE_KINDS, SHOP_KINDS, placeSchema } from '#lib/server/place/place.schema.ts';
import { createPlace, getCreateForm } from '#lib/server/place/place.service.ts';
import { actionError, placeContext, throwHttpError } from '#lib/server/place/place.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const form = await getCreateForm(await placeContext(event));
		return {
			...form,
			kinds: PLACE_KINDS,
			shopKinds: SHOP_KINDS,
			holidayState: event.locals.region.state ?? 'Hessen'
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(placeSchema, data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			({ slug } = await createPlace(await placeContext(event), parsed.data));
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${slug}?angelegt=1`);
	}
};
