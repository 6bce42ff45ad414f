import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { UseCaseContext } from './use-case.service.ts';

export async function useCaseContext(event: RequestEvent): Promise<UseCaseContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event), lang: event.locals.lang }
	};
}
