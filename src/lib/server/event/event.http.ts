import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { EventContext } from './event.service.ts';

export async function eventContext(event: RequestEvent): Promise<EventContext> {
	const { db, smtp } = await app();
	return {
		db,
		smtp,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event), lang: event.locals.lang, origin: event.url.origin }
	};
}
