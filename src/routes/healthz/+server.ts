import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { version } from '$app/env';
import { app } from '#lib/server/app-context.ts';
import type { RequestHandler } from './$types';

/** For load balancers and monitoring: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	const { db } = await app();
	const started = performance.now();
	try {
		await sql`select 1`.execute(db);
		return json(
			{
				status: 'ok',
				version,
				database: { ok: true, ms: Math.round(performance.now() - started) }
			},
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch {
		return json(
			{ status: 'error', version, database: { ok: false } },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
