import { getResults } from '#lib/server/survey/survey.service.ts';
import { resultFilterSchema } from '#lib/server/survey/survey.schema.ts';
import { surveyContext } from '#lib/server/survey/survey.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = resultFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		return {
			results: await getResults(await surveyContext(event), event.params.id, {
				targetGroup: filter.zielgruppe,
				municipality: filter.gemeinde,
				page: filter.seite
			})
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
