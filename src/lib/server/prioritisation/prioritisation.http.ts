import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { PrioritisationContext } from './prioritisation.service.ts';

export async function prioritisationContext(event: RequestEvent): Promise<PrioritisationContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event) }
	};
}
