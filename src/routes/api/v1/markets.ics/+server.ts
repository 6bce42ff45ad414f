import { marketsFeed } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const ics = await marketsFeed(await marketContext(event));
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="maerkte.ics"',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
