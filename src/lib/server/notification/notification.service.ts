/**
 * A person's notifications, follows and digest setting (`/konto/benachrichtigungen`), the
 * follow button of a contribution, and the unread count in the header. Every query is scoped
 * by region and person; what leaves here is view data, never rows.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database, DigestFrequency, FollowTargetType } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { can } from './notification.policy.ts';
import type { DigestInput, UnfollowInput } from './notification.schema.ts';
import { follow, unfollow } from './notify.ts';

export interface NotificationContext {
	db: DB;
	region: { id: string };
	actor: Actor;
}

type Executor = Kysely<Database> | Transaction<Database>;

export const NOTIFICATIONS_PAGE_SIZE = 25;
export const FOLLOWS_SHOWN = 100;
/** The header shows "99+" beyond this; counting stops there. */
export const UNREAD_CAP = 99;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function me(ctx: NotificationContext): string {
	authorise(ctx.actor, can(ctx.actor, 'readOwn'));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	return ctx.actor.person.id;
}

/** The unread notifications of a person, counted up to UNREAD_CAP + 1 (one indexed query). */
export async function unreadCount(db: Executor, regionId: string, personId: string) {
	const row = await sql<{ n: number }>`select count(*)::int as n from (
		select 1 from notification
		where person_id = ${personId} and region_id = ${regionId} and read_at is null
		limit ${UNREAD_CAP + 1}) as unread`.execute(db);
	return row.rows[0]?.n ?? 0;
}

export async function getNotificationsPage(ctx: NotificationContext, page = 1) {
	const personId = me(ctx);
	const [items, counts, follows, setting] = await Promise.all([
		ctx.db
			.selectFrom('notification')
			.leftJoin('person as actor', 'actor.id', 'notification.actor_id')
			.select([
				'notification.id',
				'notification.kind',
				'notification.target_type',
				'notification.title',
				'notification.url',
				'notification.created_at',
				'notification.read_at',
				'actor.display_name as actor_name'
			])
			.where('notification.region_id', '=', ctx.region.id)
			.where('notification.person_id', '=', personId)
			.orderBy('notification.created_at', 'desc')
			.orderBy('notification.id', 'desc')
			.limit(NOTIFICATIONS_PAGE_SIZE)
			.offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
			.execute(),
		ctx.db
			.selectFrom('notification')
			.select([
				sql<number>`count(*)::int`.as('total'),
				sql<number>`(count(*) filter (where read_at is null))::int`.as('unread')
			])
			.where('region_id', '=', ctx.region.id)
			.where('person_id', '=', personId)
			.executeTakeFirstOrThrow(),
		listFollows(ctx.db, ctx.region.id, personId),
		ctx.db
			.selectFrom('notification_setting')
			.select(['digest_frequency', 'digest_sent_at'])
			.where('person_id', '=', personId)
			.where('region_id', '=', ctx.region.id)
			.executeTakeFirst()
	]);
	return {
		page,
		pages: Math.max(1, Math.ceil(counts.total / NOTIFICATIONS_PAGE_SIZE)),
		total: counts.total,
		unread: counts.unread,
		items: items.map((n) => ({
			id: n.id,
			kind: n.kind,
			title: n.title,
			url: n.url,
			actor: n.actor_name,
			createdAt: n.created_at.toISOString(),
			unread: n.read_at === null
		})),
		follows: follows.items,
		moreFollows: follows.more,
		digest: (setting?.digest_frequency ?? 'daily') as DigestFrequency
	};
}

/**
 * What the person follows, newest first, with the item's current title. Contributions are
 * joined here; the capabilities of the other target types add their join when they land
 * (until then those rows show their type only).
 */
async function listFollows(db: Executor, regionId: string, personId: string) {
	const rows = await db
		.selectFrom('follow')
		.leftJoin('contribution', (join) =>
			join
				.onRef('contribution.id', '=', 'follow.target_id')
				.on('follow.target_type', '=', 'contribution')
				.on('contribution.region_id', '=', regionId)
		)
		.select([
			'follow.target_type',
			'follow.target_id',
			'follow.created_at',
			'contribution.title as contribution_title',
			sql<number>`count(*) over ()`.as('total')
		])
		.where('follow.region_id', '=', regionId)
		.where('follow.person_id', '=', personId)
		.orderBy('follow.created_at', 'desc')
		.orderBy('follow.target_id')
		.limit(FOLLOWS_SHOWN)
		.execute();
	const total = Number(rows[0]?.total ?? 0);
	return {
		more: Math.max(0, total - rows.length),
		items: rows.map((r) => ({
			targetType: r.target_type,
			targetId: r.target_id,
			title: r.contribution_title,
			url: r.target_type === 'contribution' ? `/beitraege/${r.target_id}` : null
		}))
	};
}

export async function markAllRead(ctx: NotificationContext): Promise<number> {
	const personId = me(ctx);
	const result = await ctx.db
		.updateTable('notification')
		.set({ read_at: sql<Date>`now()` })
		.where('region_id', '=', ctx.region.id)
		.where('person_id', '=', personId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Marks one of the person's notifications read and says where it leads; 404 for others'. */
export async function openNotification(ctx: NotificationContext, id: string): Promise<string> {
	const personId = me(ctx);
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.updateTable('notification')
		.set({ read_at: sql<Date>`coalesce(read_at, now())` })
		.where('region_id', '=', ctx.region.id)
		.where('person_id', '=', personId)
		.where('id', '=', id)
		.returning('url')
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	// stored as a path on this site (the database checks it); never leads elsewhere
	return row.url.startsWith('/') && !row.url.startsWith('//') ? row.url : '/';
}

export async function setDigest(ctx: NotificationContext, input: DigestInput): Promise<void> {
	const personId = me(ctx);
	await ctx.db
		.insertInto('notification_setting')
		.values({
			person_id: personId,
			region_id: ctx.region.id,
			digest_frequency: input.frequency,
			digest_sent_at: null
		})
		.onConflict((oc) =>
			oc
				.column('person_id')
				.doUpdateSet({ digest_frequency: input.frequency, updated_at: sql<Date>`now()` })
		)
		.execute();
}

/** Whether the reader follows an item (false for anonymous readers, without a query). */
export async function isFollowing(
	ctx: NotificationContext,
	targetType: FollowTargetType,
	targetId: string
): Promise<boolean> {
	if (!isSignedIn(ctx.actor)) return false;
	const row = await ctx.db
		.selectFrom('follow')
		.select('target_id')
		.where('person_id', '=', ctx.actor.person.id)
		.where('region_id', '=', ctx.region.id)
		.where('target_type', '=', targetType)
		.where('target_id', '=', targetId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Follows a published contribution of the region. */
export async function followContribution(ctx: NotificationContext, contributionId: string) {
	authorise(ctx.actor, can(ctx.actor, 'follow'));
	const personId = me(ctx);
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.selectFrom('contribution')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', contributionId)
		.where('status', '=', 'published')
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	await follow(ctx.db, ctx.region.id, personId, 'contribution', contributionId);
}

const FOLLOWABLE = {
	use_case: 'use_case',
	working_group: 'working_group',
	event: 'event'
} as const;

/** Follows a use case, working group or event of the region (it must exist here). */
export async function followItem(
	ctx: NotificationContext,
	targetType: keyof typeof FOLLOWABLE,
	id: string
) {
	authorise(ctx.actor, can(ctx.actor, 'follow'));
	const personId = me(ctx);
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.selectFrom(FOLLOWABLE[targetType])
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	await follow(ctx.db, ctx.region.id, personId, targetType, id);
}

/** Ends a follow of any target type; unknown ones are simply not there. */
export async function unfollowItem(ctx: NotificationContext, input: UnfollowInput) {
	authorise(ctx.actor, can(ctx.actor, 'follow'));
	const personId = me(ctx);
	if (!UUID.test(input.target)) throw new AppError('not_found', 'error.404.title');
	await unfollow(ctx.db, ctx.region.id, personId, input.targetType, input.target);
}

/** The person's part of the account export. */
export async function exportNotificationData(db: Executor, regionId: string, personId: string) {
	const [follows, notifications, setting] = await Promise.all([
		db
			.selectFrom('follow')
			.select(['target_type', 'target_id', 'created_at'])
			.where('region_id', '=', regionId)
			.where('person_id', '=', personId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('notification')
			.select([
				'kind',
				'target_type',
				'target_id',
				'title',
				'url',
				'created_at',
				'read_at',
				'emailed_at'
			])
			.where('region_id', '=', regionId)
			.where('person_id', '=', personId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('notification_setting')
			.select(['digest_frequency', 'digest_sent_at'])
			.where('region_id', '=', regionId)
			.where('person_id', '=', personId)
			.executeTakeFirst()
	]);
	return {
		follows,
		notifications,
		digest: setting ?? { digest_frequency: 'daily', digest_sent_at: null }
	};
}
