import { marketsPage } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { marketListQuerySchema } from '#lib/server/market/market.schema.ts';
import { shiftMonth } from '#lib/server/market/market.dates.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = marketListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const page = await marketsPage(await marketContext(event), {
		kind: query.art,
		municipality: query.gemeinde,
		month: query.monat,
		page: query.seite
	});
	return {
		...page,
		filter: { art: query.art ?? '', gemeinde: query.gemeinde ?? '' },
		previousMonth: shiftMonth(page.month, -1),
		nextMonth: shiftMonth(page.month, 1)
	};
};
