import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import {
	moveSchema,
	questionIdSchema,
	questionSchema,
	surveySchema
} from '#lib/server/survey/survey.schema.ts';
import {
	addQuestion,
	deleteQuestion,
	getSurvey,
	moveQuestion,
	updateQuestion,
	updateSurvey
} from '#lib/server/survey/survey.service.ts';
import { surveyContext, surveyForm } from '#lib/server/survey/survey.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm, type FormFailure } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

const berlinDay = (date: Date) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(date);

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const survey = await getSurvey(await surveyContext(event), event.params.id);
		if (!survey.canManage) throw new AppError('forbidden', 'auth.forbidden');
		return {
			survey,
			surveyValues: {
				title: survey.title,
				intro: survey.intro,
				topicField: survey.topicFieldKey ?? '',
				mode: survey.linked ? 'linked' : 'anonymous',
				opensOn: survey.opensAt ? berlinDay(new Date(survey.opensAt)) : '',
				// closes_at is the midnight after the last day
				closesOn: survey.closesAt ? berlinDay(new Date(Date.parse(survey.closesAt) - 1)) : '',
				liveResults: survey.showLiveResults ? 'on' : '',
				onePerBrowser: survey.onePerBrowser ? 'on' : ''
			},
			topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name }))
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

type Target = 'survey' | 'add' | string;

/** Runs one builder action; problems come back tagged with the form they belong to. */
async function run(
	event: RequestEvent<{ id: string }>,
	target: (data: FormData) => Target,
	action: (data: FormData) => Promise<ActionFailure<FormFailure> | void>
) {
	requirePerson(event);
	const data = await surveyForm(event.request);
	const tag = target(data);
	try {
		const failure = await action(data);
		if (failure) return fail(failure.status, { ...failure.data, target: tag });
	} catch (caught) {
		if (caught instanceof AppError && ['invalid', 'conflict', 'not_found'].includes(caught.code)) {
			const failure = failFromError(caught, data);
			return fail(failure.status, { ...failure.data, target: tag });
		}
		throwHttpError(event, caught);
	}
	return { saved: true, target: tag };
}

const questionTarget = (data: FormData) => {
	const id = data.get('question');
	return typeof id === 'string' ? id.slice(0, 40) : 'add';
};

export const actions: Actions = {
	survey: async (event) =>
		run(
			event,
			() => 'survey',
			async (data) => {
				const parsed = parseForm(surveySchema, data);
				if (!parsed.ok) return parsed.failure;
				await updateSurvey(await surveyContext(event), event.params.id, parsed.data);
			}
		),
	add: async (event) =>
		run(
			event,
			() => 'add',
			async (data) => {
				const parsed = parseForm(questionSchema, data);
				if (!parsed.ok) return parsed.failure;
				await addQuestion(await surveyContext(event), event.params.id, parsed.data);
			}
		),
	update: async (event) =>
		run(event, questionTarget, async (data) => {
			const id = parseForm(questionIdSchema, data);
			const parsed = parseForm(questionSchema, data);
			if (!id.ok) return id.failure;
			if (!parsed.ok) return parsed.failure;
			await updateQuestion(
				await surveyContext(event),
				event.params.id,
				id.data.question,
				parsed.data
			);
		}),
	move: async (event) =>
		run(event, questionTarget, async (data) => {
			const parsed = parseForm(moveSchema, data);
			if (!parsed.ok) return parsed.failure;
			await moveQuestion(
				await surveyContext(event),
				event.params.id,
				parsed.data.question,
				parsed.data.direction
			);
		}),
	delete: async (event) =>
		run(event, questionTarget, async (data) => {
			const parsed = parseForm(questionIdSchema, data);
			if (!parsed.ok) return parsed.failure;
			await deleteQuestion(await surveyContext(event), event.params.id, parsed.data.question);
		})
};
