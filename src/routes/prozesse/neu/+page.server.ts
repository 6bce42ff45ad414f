import { redirect } from '@sveltejs/kit';
import { createProcessSchema } from '#lib/server/process/process.schema.ts';
import { createProcess } from '#lib/server/process/process.service.ts';
import { canManageProcess } from '#lib/server/process/process.policy.ts';
import { processContext } from '#lib/server/process/process.http.ts';
import { TEMPLATE_KEYS } from '#lib/server/process/phases.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePerson(event);
	if (!canManageProcess(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	return {
		templates: TEMPLATE_KEYS,
		topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(createProcessSchema, data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			slug = await createProcess(await processContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/prozesse/${slug}/bearbeiten`);
	}
};
