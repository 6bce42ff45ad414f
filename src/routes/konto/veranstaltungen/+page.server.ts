import { myRegistrations } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	return { registrations: await myRegistrations(await eventContext(event)) };
};
