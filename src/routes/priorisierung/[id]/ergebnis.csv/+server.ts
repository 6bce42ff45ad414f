import { resultsCsv } from '#lib/server/prioritisation/prioritisation.service.ts';
import { prioritisationContext } from '#lib/server/prioritisation/prioritisation.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		const csv = await resultsCsv(await prioritisationContext(event), event.params.id);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="priorisierung-${event.params.id}.csv"`,
				'cache-control': 'no-store'
			}
		});
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
