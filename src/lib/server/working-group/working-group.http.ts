import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { WorkingGroupContext } from './working-group.service.ts';

export async function workingGroupContext(event: RequestEvent): Promise<WorkingGroupContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event) }
	};
}
