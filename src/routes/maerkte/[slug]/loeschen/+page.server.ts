import { redirect } from '@sveltejs/kit';
import { deleteMarket, marketDeletePage } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { deleteMarketSchema } from '#lib/server/market/market.schema.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import { DELETED_PARAM, deletePageData } from '#lib/server/http/delete-page.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Deleting a market, confirmed on this page of its own (works without JavaScript): what goes
 * with it, the box "Ja, endgültig löschen" and the button. After the deletion the same address
 * says that there is no such market any more.
 */
export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	return deletePageData(event, async () =>
		marketDeletePage(await marketContext(event), event.params.slug)
	);
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(deleteMarketSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await deleteMarket(await marketContext(event), event.params.slug);
		} catch (caught) {
			throwHttpError(event, caught);
		}
		redirect(303, `/maerkte/${event.params.slug}/loeschen?${DELETED_PARAM}=1`);
	}
};
