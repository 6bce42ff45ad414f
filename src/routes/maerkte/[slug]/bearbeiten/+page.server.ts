import { redirect } from '@sveltejs/kit';
import {
	addException,
	marketFormOptions,
	marketFormValues,
	removeException,
	updateMarket
} from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import {
	exceptionFormSchema,
	marketSchema,
	removeExceptionSchema
} from '#lib/server/market/market.schema.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const ctx = await marketContext(event);
		const current = await marketFormValues(ctx, event.params.slug);
		return {
			...current,
			options: await marketFormOptions(ctx),
			exceptionSaved: event.url.searchParams.has('ausnahme')
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

/** Input problems go back to the form; anything else becomes the error page. */
function formError(event: Parameters<Actions[string]>[0], caught: unknown, data: FormData) {
	if (caught instanceof AppError && (caught.code === 'invalid' || caught.code === 'conflict'))
		return failFromError(caught, data);
	throwHttpError(event, caught);
}

export const actions: Actions = {
	save: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(marketSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await updateMarket(await marketContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return formError(event, caught, data);
		}
		redirect(303, `/maerkte/${event.params.slug}?gespeichert`);
	},
	addException: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(exceptionFormSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await addException(await marketContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return formError(event, caught, data);
		}
		redirect(303, `/maerkte/${event.params.slug}/bearbeiten?ausnahme#ausnahmen`);
	},
	removeException: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(removeExceptionSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await removeException(await marketContext(event), event.params.slug, parsed.data.index);
		} catch (caught) {
			return formError(event, caught, data);
		}
		redirect(303, `/maerkte/${event.params.slug}/bearbeiten?ausnahme#ausnahmen`);
	}
};
