import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { MarketContext } from './market.service.ts';

export async function marketContext(event: RequestEvent): Promise<MarketContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip: clientAddress(event), origin: event.url.origin, lang: event.locals.lang }
	};
}
