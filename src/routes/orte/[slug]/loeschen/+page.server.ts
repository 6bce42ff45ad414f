import { redirect } from '@sveltejs/kit';
import { deletePlaceSchema } from '#lib/server/place/place.schema.ts';
import { deletePlace, getPlaceForDelete } from '#lib/server/place/place.service.ts';
import { actionError, placeContext } from '#lib/server/place/place.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import { DELETED_PARAM, deletePageData } from '#lib/server/http/delete-page.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Deleting a place, confirmed on this page of its own (works without JavaScript): what still
 * uses the place, or the box "Ja, endgültig löschen" and the button. After the deletion the
 * same address says that there is no such place any more.
 */
export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	return deletePageData(event, async () =>
		getPlaceForDelete(await placeContext(event), event.params.slug)
	);
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(deletePlaceSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await deletePlace(await placeContext(event), event.params.slug);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${event.params.slug}/loeschen?${DELETED_PARAM}=1`);
	}
};
