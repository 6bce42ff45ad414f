import { fail, redirect } from '@sveltejs/kit';
import {
	PLACE_KINDS,
	SHOP_KINDS,
	placeExceptionSchema,
	placeSchema,
	removePlaceExceptionSchema,
	shopProducersSchema
} from '#lib/server/place/place.schema.ts';
import {
	addPlaceException,
	getPlaceForEdit,
	removePlaceException,
	setShopProducers,
	updatePlace
} from '#lib/server/place/place.service.ts';
import { actionError, placeContext, throwHttpError } from '#lib/server/place/place.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { formValues, parseForm } from '#lib/server/http/form.ts';
import { isModerator } from '#lib/server/security/actor.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const form = await getPlaceForEdit(await placeContext(event), event.params.slug);
		return {
			...form,
			operatorRequired: !isModerator({
				regionId: event.locals.region.id,
				person: event.locals.person
			}),
			kinds: PLACE_KINDS,
			shopKinds: SHOP_KINDS,
			holidayState: event.locals.region.state ?? 'Hessen',
			exceptionSaved: event.url.searchParams.has('ausnahme')
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	save: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(placeSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await updatePlace(await placeContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${event.params.slug}?gespeichert=1`);
	},
	producers: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = shopProducersSchema.safeParse({
			producers: data.getAll('producer').filter((v) => typeof v === 'string')
		});
		if (!parsed.success) {
			return fail(400, {
				values: formValues(data),
				errors: {},
				message: 'place.producers.invalid'
			});
		}
		try {
			await setShopProducers(await placeContext(event), event.params.slug, parsed.data.producers);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${event.params.slug}?erzeuger=1`);
	},
	addException: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(placeExceptionSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await addPlaceException(await placeContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${event.params.slug}/bearbeiten?ausnahme=1#ausnahmen`);
	},
	removeException: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(removePlaceExceptionSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await removePlaceException(await placeContext(event), event.params.slug, parsed.data.index);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/orte/${event.params.slug}/bearbeiten?ausnahme=1#ausnahmen`);
	}
};
