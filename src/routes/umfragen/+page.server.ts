import { listSurveys } from '#lib/server/survey/survey.service.ts';
import { surveyContext } from '#lib/server/survey/survey.http.ts';
import { canManageSurveys } from '#lib/server/survey/survey.policy.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	surveys: await listSurveys(await surveyContext(event)),
	canCreate: canManageSurveys(actorOf(event))
});
