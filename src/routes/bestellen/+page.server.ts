import { listCycles } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	cycles: await listCycles(await orderContext(event))
});
