import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { SurveyContext } from './survey.service.ts';

export async function surveyContext(event: RequestEvent): Promise<SurveyContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event) }
	};
}

/** The cookie that remembers, per browser, that an anonymous survey was answered. */
export const answeredCookie = (surveyId: string) => `survey-${surveyId.slice(0, 8)}`;

/** PostgreSQL text cannot hold NUL characters: they are dropped from every survey form. */
export async function surveyForm(request: Request): Promise<FormData> {
	const data = await request.formData();
	const clean = new FormData();
	for (const [key, value] of data) {
		clean.append(
			key.replaceAll('\u0000', ''),
			typeof value === 'string' ? value.replaceAll('\u0000', '') : value
		);
	}
	return clean;
}
