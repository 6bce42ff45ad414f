import { fail, redirect } from '@sveltejs/kit';
import { parseProcessForm } from '#lib/server/process/process.schema.ts';
import { getProcess, updateProcess } from '#lib/server/process/process.service.ts';
import { canManageProcess } from '#lib/server/process/process.policy.ts';
import { processContext } from '#lib/server/process/process.http.ts';
import { PHASE_KINDS } from '#lib/server/process/phases.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, formValues } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	if (!canManageProcess(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	try {
		return {
			process: await getProcess(await processContext(event), event.params.slug),
			kinds: PHASE_KINDS,
			topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name })),
			saved: event.url.searchParams.has('gespeichert')
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseProcessForm(data);
		if (!parsed.ok)
			return fail(400, {
				values: formValues(data),
				errors: parsed.errors,
				message: undefined as string | undefined
			});
		try {
			await updateProcess(await processContext(event), event.params.slug, parsed.input);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/prozesse/${event.params.slug}/bearbeiten?gespeichert`);
	}
};
