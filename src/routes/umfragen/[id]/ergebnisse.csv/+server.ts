import { responsesCsv } from '#lib/server/survey/survey.service.ts';
import { surveyContext } from '#lib/server/survey/survey.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		const csv = await responsesCsv(await surveyContext(event), event.params.id);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="umfrage-${event.params.id}.csv"`,
				'cache-control': 'no-store'
			}
		});
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
