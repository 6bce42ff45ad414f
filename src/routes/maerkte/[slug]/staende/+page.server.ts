import { redirect } from '@sveltejs/kit';
import { removeStand, setStand, standsPage } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { removeStandSchema, standSchema } from '#lib/server/market/market.schema.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return {
			...(await standsPage(await marketContext(event), event.params.slug)),
			saved: event.url.searchParams.has('gespeichert')
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	save: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(standSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await setStand(await marketContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/maerkte/${event.params.slug}/staende?gespeichert`);
	},
	remove: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(removeStandSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await removeStand(await marketContext(event), event.params.slug, parsed.data.producer);
		} catch (caught) {
			throwHttpError(event, caught);
		}
		redirect(303, `/maerkte/${event.params.slug}/staende?gespeichert`);
	}
};
