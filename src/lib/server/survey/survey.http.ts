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
