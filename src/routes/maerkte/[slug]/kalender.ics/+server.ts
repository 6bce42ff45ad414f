import { marketIcs } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		const ics = await marketIcs(await marketContext(event), event.params.slug);
		return new Response(ics, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="markt-${event.params.slug}.ics"`,
				'cache-control': 'public, max-age=300'
			}
		});
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
