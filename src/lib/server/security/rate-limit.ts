/**
 * Throttling, not lock-out: a fixed-window counter per key in PostgreSQL, so that every app
 * process sees the same counts. One statement per hit (insert … on conflict … returning).
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { AppError } from './app-error.ts';

export interface Limit {
	/** e.g. `login:account` — the bucket name; the key adds who or where */
	name: string;
	max: number;
	windowSeconds: number;
}

export const LIMITS = {
	loginPerAccount: { name: 'login:account', max: 10, windowSeconds: 15 * 60 },
	loginPerAddress: { name: 'login:address', max: 50, windowSeconds: 15 * 60 },
	registerPerAddress: { name: 'register:address', max: 10, windowSeconds: 60 * 60 },
	resetPerAccount: { name: 'reset:account', max: 3, windowSeconds: 60 * 60 },
	resetPerAddress: { name: 'reset:address', max: 20, windowSeconds: 60 * 60 },
	mailPerAccount: { name: 'mail:account', max: 5, windowSeconds: 60 * 60 }
} satisfies Record<string, Limit>;

/** Counts one attempt; returns the seconds to wait when the limit is exceeded, else 0. */
export async function hit(db: DB, limit: Limit, who: string): Promise<number> {
	const key = `${limit.name}:${who}`;
	const { rows } = await sql<{ hits: number; retry_after: number }>`
		insert into rate_limit (key, window_start, hits)
		values (${key}, to_timestamp(floor(extract(epoch from now()) / ${limit.windowSeconds}) * ${limit.windowSeconds}), 1)
		on conflict (key, window_start) do update set hits = rate_limit.hits + 1
		returning hits,
			ceil(extract(epoch from (window_start + make_interval(secs => ${limit.windowSeconds}) - now())))::int as retry_after`.execute(
		db
	);
	const row = rows[0]!;
	return row.hits > limit.max ? Math.max(1, row.retry_after) : 0;
}

/** Throws `rate_limited` with Retry-After when any of the limits is exceeded. */
export async function throttle(db: DB, checks: [Limit, string][]): Promise<void> {
	let wait = 0;
	for (const [limit, who] of checks) wait = Math.max(wait, await hit(db, limit, who));
	if (wait > 0)
		throw new AppError('rate_limited', 'account.error.rateLimited', { retryAfter: wait });
}

/**
 * Gives back an attempt that turned out fine (a successful login), so that only failures use
 * up the limit. Counting first and refunding after keeps concurrent attempts from slipping past.
 */
export async function refund(db: DB, limit: Limit, who: string): Promise<void> {
	const key = `${limit.name}:${who}`;
	await sql`
		update rate_limit set hits = greatest(hits - 1, 0)
		where key = ${key}
			and window_start = to_timestamp(floor(extract(epoch from now()) / ${limit.windowSeconds}) * ${limit.windowSeconds})`.execute(
		db
	);
}

/** Old windows are useless; called now and then by the mail worker's tick. */
export async function pruneRateLimits(db: DB): Promise<void> {
	await db
		.deleteFrom('rate_limit')
		.where('window_start', '<', sql<Date>`now() - interval '1 day'`)
		.execute();
}
