import { json } from '@sveltejs/kit';
import { regionJson } from '#lib/server/region/open-data.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	json(regionJson(locals.region), {
		headers: { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' }
	});
