import { redirect } from '@sveltejs/kit';
import { createRoundSchema } from '#lib/server/prioritisation/prioritisation.schema.ts';
import { createRound } from '#lib/server/prioritisation/prioritisation.service.ts';
import { canCreateRound } from '#lib/server/prioritisation/prioritisation.policy.ts';
import { prioritisationContext } from '#lib/server/prioritisation/prioritisation.http.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePerson(event);
	if (!canCreateRound(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	return {
		topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(createRoundSchema, data);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await createRound(await prioritisationContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/priorisierung/${id}`);
	}
};
