import { error } from '@sveltejs/kit';
import { exportData } from '#lib/server/account/account.service.ts';
import { accountContext } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

/**
 * The signed-in person's data. Only with their session cookie: there is no link that could be
 * shared or replayed, and nothing is cached on the way.
 */
export const GET: RequestHandler = async (event) => {
	const person = event.locals.person;
	if (!person) error(401, 'Unauthorized');
	const data = await exportData(await accountContext(event), person);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="heimatleben-${event.locals.region.slug}-meine-daten.json"`,
			'cache-control': 'no-store, private'
		}
	});
};
