import { registrationsCsv } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	try {
		const csv = await registrationsCsv(await eventContext(event), event.params.id);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="teilnehmende-${event.params.id}.csv"`,
				'cache-control': 'no-store'
			}
		});
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
