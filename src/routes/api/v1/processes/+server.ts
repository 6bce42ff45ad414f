import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app-context.ts';
import { listProcesses } from '#lib/server/process/process.service.ts';
import type { RequestHandler } from './$types';

/** The region's participation processes with their phases (open data). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { db } = await app();
	const processes = await listProcesses({ db, region: locals.region });
	return json(
		processes.map((p) => ({
			...p,
			url: new URL(`/prozesse/${p.slug}`, url).href
		})),
		{ headers: { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' } }
	);
};
