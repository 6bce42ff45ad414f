import { listEvents } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { eventListQuerySchema } from '#lib/server/event/event.schema.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = eventListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	return {
		...(await listEvents(await eventContext(event), {
			topicField: query.thema,
			workingGroup: query.arbeitsgruppe,
			process: query.prozess
		})),
		thema: query.thema ?? ''
	};
};
