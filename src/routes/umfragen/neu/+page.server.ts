import { redirect } from '@sveltejs/kit';
import { surveySchema } from '#lib/server/survey/survey.schema.ts';
import { createSurvey } from '#lib/server/survey/survey.service.ts';
import { canManageSurveys } from '#lib/server/survey/survey.policy.ts';
import { surveyContext, surveyForm } from '#lib/server/survey/survey.http.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePerson(event);
	if (!canManageSurveys(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	return {
		topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await surveyForm(event.request);
		const parsed = parseForm(surveySchema, data);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await createSurvey(await surveyContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/umfragen/${id}/bearbeiten`);
	}
};
