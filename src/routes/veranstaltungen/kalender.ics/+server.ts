import { eventFeed } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { eventListQuerySchema } from '#lib/server/event/event.schema.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const query = eventListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const ics = await eventFeed(await eventContext(event), {
		topicField: query.thema,
		workingGroup: query.arbeitsgruppe,
		process: query.prozess
	});
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="veranstaltungen${[
				query.thema,
				query.arbeitsgruppe,
				query.prozess
			]
				.filter(Boolean)
				.map((part) => `-${part}`)
				.join('')}.ics"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
