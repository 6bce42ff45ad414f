import { eventCalendar } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		const ics = await eventCalendar(await eventContext(event), event.params.id);
		return new Response(ics, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="veranstaltung-${event.params.id}.ics"`,
				'cache-control': 'no-cache'
			}
		});
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
