import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf } from '../http/context.ts';
import type { OrderContext } from './order.service.ts';

export async function orderContext(event: RequestEvent): Promise<OrderContext> {
	const { db, smtp } = await app();
	return {
		db,
		smtp,
		region: event.locals.region,
		actor: actorOf(event),
		meta: { lang: event.locals.lang, origin: event.url.origin }
	};
}

/** A CSV download that nobody caches. */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
