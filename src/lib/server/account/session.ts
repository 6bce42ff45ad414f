/**
 * Sessions in PostgreSQL. The cookie holds a random token; the table holds its hash. A session
 * ends after IDLE of inactivity or MAX after login, whichever comes first; a new token is made
 * at every login (no fixation), and changing or resetting the password ends the other sessions.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Cookies } from '@sveltejs/kit';
import type { Database } from '../db/schema.ts';
import { hashToken, newToken } from '../security/token.ts';

export const SESSION_COOKIE = 'session';
export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 14;
/** last_seen_at is written at most this often, to keep page views free of writes */
const TOUCH_SECONDS = 60;

type Executor = Kysely<Database> | Transaction<Database>;

export async function createSession(
	db: Executor,
	person: { id: string; regionId: string },
	meta: { userAgent: string; ip: string }
): Promise<string> {
	const { token, hash } = newToken();
	await db
		.insertInto('session')
		.values({
			token_hash: hash,
			person_id: person.id,
			region_id: person.regionId,
			expires_at: sql<Date>`now() + make_interval(days => ${SESSION_MAX_DAYS})`,
			user_agent: meta.userAgent.slice(0, 300),
			ip: meta.ip.slice(0, 64)
		})
		.execute();
	return token;
}

export interface SessionPerson {
	sessionHash: string;
	id: string;
	regionId: string;
	email: string;
	displayName: string;
	emailVerified: boolean;
	role: 'citizen' | 'moderator' | 'region_admin';
	isPlatformAdmin: boolean;
	language: 'de' | 'en';
}

/** The person behind a session token, if the session is valid and in this region. */
export async function validateSession(
	db: Kysely<Database>,
	token: string,
	regionId: string
): Promise<SessionPerson | null> {
	if (!/^[\w-]{20,100}$/.test(token)) return null;
	const hash = hashToken(token);
	const row = await db
		.selectFrom('session')
		.innerJoin('person', 'person.id', 'session.person_id')
		.select([
			'session.token_hash',
			'person.id',
			'person.region_id',
			'person.email',
			'person.display_name',
			'person.email_verified_at',
			'person.role',
			'person.is_platform_admin',
			'person.language',
			sql<boolean>`session.last_seen_at < now() - make_interval(secs => ${TOUCH_SECONDS})`.as(
				'stale'
			)
		])
		.where('session.token_hash', '=', hash)
		.where('session.region_id', '=', regionId)
		.where('session.expires_at', '>', sql<Date>`now()`)
		.where(
			'session.last_seen_at',
			'>',
			sql<Date>`now() - make_interval(hours => ${SESSION_IDLE_HOURS})`
		)
		.executeTakeFirst();
	if (!row) return null;
	if (row.stale) {
		await db
			.updateTable('session')
			.set({ last_seen_at: sql`now()` })
			.where('token_hash', '=', hash)
			.execute();
	}
	return {
		sessionHash: row.token_hash,
		id: row.id,
		regionId: row.region_id,
		email: row.email,
		displayName: row.display_name,
		emailVerified: row.email_verified_at !== null,
		role: row.role,
		isPlatformAdmin: row.is_platform_admin,
		language: row.language
	};
}

export async function listSessions(db: Executor, personId: string) {
	return db
		.selectFrom('session')
		.select(['token_hash', 'created_at', 'last_seen_at', 'user_agent', 'ip'])
		.where('person_id', '=', personId)
		.where('expires_at', '>', sql<Date>`now()`)
		.where('last_seen_at', '>', sql<Date>`now() - make_interval(hours => ${SESSION_IDLE_HOURS})`)
		.orderBy('last_seen_at', 'desc')
		.execute();
}

export async function endSession(db: Executor, tokenHash: string, personId: string) {
	await db
		.deleteFrom('session')
		.where('token_hash', '=', tokenHash)
		.where('person_id', '=', personId)
		.execute();
}

export async function endOtherSessions(db: Executor, personId: string, keepHash: string | null) {
	let query = db.deleteFrom('session').where('person_id', '=', personId);
	if (keepHash) query = query.where('token_hash', '<>', keepHash);
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows);
}

export function setSessionCookie(cookies: Cookies, token: string, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: SESSION_MAX_DAYS * 24 * 60 * 60
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
