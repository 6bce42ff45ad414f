import { listRegistrations } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { list: await listRegistrations(await eventContext(event), event.params.id) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
