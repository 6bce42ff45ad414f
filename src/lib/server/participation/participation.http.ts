import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { ParticipationContext } from './contribution.service.ts';

export async function participationContext(event: RequestEvent): Promise<ParticipationContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event), lang: event.locals.lang }
	};
}
