import { fail } from '@sveltejs/kit';
import { rawAnswers } from '#lib/server/survey/survey.schema.ts';
import {
	getSurvey,
	listProfileChoices,
	submitResponse
} from '#lib/server/survey/survey.service.ts';
import { answeredCookie, surveyContext, surveyForm } from '#lib/server/survey/survey.http.ts';
import { surveyJsonLd } from '#lib/server/survey/survey.presenter.ts';
import { isHttps, throwHttpError } from '#lib/server/http/context.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const ctx = await surveyContext(event);
		const survey = await getSurvey(ctx, event.params.id);
		const browserAnswered = event.cookies.get(answeredCookie(survey.id)) === '1';
		const choices = survey.canRespond && !survey.linked ? await listProfileChoices(ctx) : null;
		return {
			survey,
			alreadyAnswered:
				survey.alreadyAnswered || (!survey.linked && survey.onePerBrowser && browserAnswered),
			choices: choices && {
				groups: choices.groups.map((g) => ({ key: g.key, name: g.name })),
				municipalities: choices.municipalities.map((m) => ({ slug: m.slug, name: m.name }))
			},
			signedIn: event.locals.person !== null,
			jsonLd: surveyJsonLd(survey, `${event.url.origin}/umfragen/${survey.id}`, event.locals.lang)
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

const text = (value: FormDataEntryValue | null) =>
	typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : undefined;

export const actions: Actions = {
	default: async (event) => {
		const data = await surveyForm(event.request);
		const raw = rawAnswers(data);
		const values = Object.fromEntries(raw);
		const id = event.params.id;
		try {
			await submitResponse(await surveyContext(event), id, raw, {
				browserAnswered: event.cookies.get(answeredCookie(id)) === '1',
				targetGroup: text(data.get('targetGroup')),
				municipality: text(data.get('municipality'))
			});
		} catch (caught) {
			if (
				caught instanceof AppError &&
				['invalid', 'conflict', 'rate_limited'].includes(caught.code)
			) {
				if (caught.retryAfter) event.setHeaders({ 'retry-after': String(caught.retryAfter) });
				return fail(caught.status, {
					values,
					errors: caught.fields ?? {},
					message: caught.messageKey
				});
			}
			throwHttpError(event, caught);
		}
		// remembers in this browser that the survey was answered (anonymous surveys may refuse
		// a second response); it carries no identity
		event.cookies.set(answeredCookie(id), '1', {
			path: '/umfragen',
			maxAge: 60 * 60 * 24 * 365,
			httpOnly: true,
			sameSite: 'lax',
			secure: isHttps(event)
		});
		return { thanks: true };
	}
};
