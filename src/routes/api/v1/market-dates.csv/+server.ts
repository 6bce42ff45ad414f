import { marketDatesRows } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { toCsv } from '#lib/server/region/open-data.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { header, rows } = await marketDatesRows(await marketContext(event));
	return new Response(toCsv(header, rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="markttermine.csv"',
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=300'
		}
	});
};
