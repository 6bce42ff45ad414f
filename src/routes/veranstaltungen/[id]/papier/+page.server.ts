import { fail } from '@sveltejs/kit';
import { contributionFormObject } from '#lib/server/participation/contribution.schema.ts';
import { paperSchema } from '#lib/server/event/event.schema.ts';
import { enterPaperContribution, getPaperForm } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, formValues } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { paper: await getPaperForm(await eventContext(event), event.params.id) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const values = { ...formValues(data), targetGroups: data.getAll('targetGroups').join(',') };
		const parsed = paperSchema.safeParse({
			...contributionFormObject(data),
			topicField: data.get('topicField') ?? '',
			onBehalfOf: data.get('onBehalfOf') ?? undefined
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) {
				const field = String(issue.path[0] ?? '_form');
				errors[field] ??= /^[\w.]+$/.test(issue.message) ? issue.message : 'form.invalid';
			}
			return fail(400, { values, errors });
		}
		try {
			const id = await enterPaperContribution(
				await eventContext(event),
				event.params.id,
				parsed.data
			);
			// an empty form for the next sheet, keeping the topic field
			return { saved: id, values: { topicField: parsed.data.topicField } };
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid') {
				const failure = failFromError(caught, data);
				return fail(failure.status, { ...failure.data, values });
			}
			throwHttpError(event, caught);
		}
	}
};
