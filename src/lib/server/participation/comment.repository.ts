/**
 * Comment, flag and moderation queries. Every one is scoped by region; `comment_count` moves
 * only together with a comment that really became (or stopped being) published, in the
 * caller's transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CommentStatus, Database, FlagReason, FlagTargetType } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function changeCommentCount(
	db: Executor,
	regionId: string,
	contributionId: string,
	delta: 1 | -1
) {
	await db
		.updateTable('contribution')
		.set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
		.where('id', '=', contributionId)
		.where('region_id', '=', regionId)
		.execute();
}

/**
 * The contribution, locked for changing its counts. Every transaction that changes comments
 * takes this lock first, then the comment's: one order, so they queue instead of deadlocking.
 */
export async function lockContribution(db: Executor, regionId: string, id: string) {
	return db
		.selectFrom('contribution')
		.select(['id', 'status', 'author_id', 'title', 'topic_field_id'])
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.forNoKeyUpdate()
		.executeTakeFirst();
}

export async function findComment(db: Executor, regionId: string, id: string, lock = false) {
	let query = db
		.selectFrom('comment')
		.select([
			'id',
			'contribution_id',
			'parent_id',
			'author_id',
			'status',
			'created_at',
			'moderation_note'
		])
		.where('region_id', '=', regionId)
		.where('id', '=', id);
	if (lock) query = query.forUpdate();
	return query.executeTakeFirst();
}

export async function insertComment(
	db: Executor,
	values: {
		regionId: string;
		contributionId: string;
		parentId: string | null;
		authorId: string;
		body: string;
	}
) {
	const { id } = await db
		.insertInto('comment')
		.values({
			region_id: values.regionId,
			contribution_id: values.contributionId,
			parent_id: values.parentId,
			author_id: values.authorId,
			body: values.body
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

/** Top-level comments of a contribution, oldest first, one page. */
export async function listTopLevel(
	db: Executor,
	regionId: string,
	contributionId: string,
	page: { limit: number; offset: number }
) {
	return commentColumns(db)
		.where('comment.region_id', '=', regionId)
		.where('comment.contribution_id', '=', contributionId)
		.where('comment.parent_id', 'is', null)
		.orderBy('comment.created_at')
		.orderBy('comment.id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function countTopLevel(db: Executor, regionId: string, contributionId: string) {
	const row = await db
		.selectFrom('comment')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', regionId)
		.where('contribution_id', '=', contributionId)
		.where('parent_id', 'is', null)
		.executeTakeFirstOrThrow();
	return row.count;
}

/** The replies of a page of top-level comments, in one query. */
export async function listReplies(
	db: Executor,
	regionId: string,
	contributionId: string,
	parentIds: string[]
) {
	if (parentIds.length === 0) return [];
	return commentColumns(db)
		.where('comment.region_id', '=', regionId)
		.where('comment.contribution_id', '=', contributionId)
		.where('comment.parent_id', 'in', parentIds)
		.orderBy('comment.created_at')
		.orderBy('comment.id')
		.execute();
}

function commentColumns(db: Executor) {
	return db
		.selectFrom('comment')
		.leftJoin('person', 'person.id', 'comment.author_id')
		.select([
			'comment.id',
			'comment.parent_id',
			'comment.author_id',
			'comment.body',
			'comment.status',
			'comment.moderation_note',
			'comment.created_at',
			'comment.edited_at',
			'person.display_name as author_name'
		]);
}

/** Which of the given items the person has flagged already (one query). */
export async function flaggedBy(
	db: Executor,
	regionId: string,
	personId: string,
	targetIds: string[]
) {
	if (targetIds.length === 0) return new Set<string>();
	const rows = await db
		.selectFrom('flag')
		.select('target_id')
		.where('region_id', '=', regionId)
		.where('person_id', '=', personId)
		.where('target_id', 'in', targetIds)
		.execute();
	return new Set(rows.map((r) => r.target_id));
}

export async function setCommentStatus(
	db: Executor,
	regionId: string,
	id: string,
	from: CommentStatus[],
	values: { status: CommentStatus; moderation_note: string | null; body?: string }
) {
	const row = await db
		.updateTable('comment')
		.set(values)
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.where('status', 'in', from)
		.returning(['id', 'contribution_id'])
		.executeTakeFirst();
	return row;
}

/** Inserts the flag once; false when the person has flagged the item before. */
export async function insertFlag(
	db: Executor,
	values: {
		regionId: string;
		targetType: FlagTargetType;
		targetId: string;
		personId: string;
		reason: FlagReason;
		note: string | null;
	}
) {
	const added = await db
		.insertInto('flag')
		.values({
			region_id: values.regionId,
			target_type: values.targetType,
			target_id: values.targetId,
			person_id: values.personId,
			reason: values.reason,
			note: values.note
		})
		.onConflict((oc) => oc.columns(['target_type', 'target_id', 'person_id']).doNothing())
		.returning('person_id')
		.executeTakeFirst();
	return Boolean(added);
}

export async function resolveFlags(
	db: Executor,
	regionId: string,
	targetType: FlagTargetType,
	targetId: string
) {
	const rows = await db
		.updateTable('flag')
		.set({ resolved_at: sql<Date>`now()` })
		.where('region_id', '=', regionId)
		.where('target_type', '=', targetType)
		.where('target_id', '=', targetId)
		.where('resolved_at', 'is', null)
		.returning('person_id')
		.execute();
	return rows.length;
}

export interface QueueRow {
	target_type: FlagTargetType;
	target_id: string;
	contribution_id: string;
	flags: number;
	reasons: FlagReason[];
	notes: string[];
	title: string | null;
	text: string;
	status: CommentStatus;
	moderation_note: string | null;
	first_at: Date;
}

/** Items with open flags, the most flagged first; one statement for the page. */
export async function listFlagged(
	db: Executor,
	regionId: string,
	page: { limit: number; offset: number }
) {
	const { rows } = await sql<QueueRow & { total: number }>`
		with open as (
			select target_type, target_id, count(*)::int as flags, min(created_at) as first_at,
				array_agg(reason order by created_at) as reasons,
				array_remove(array_agg(note order by created_at), null) as notes
			from flag
			where region_id = ${regionId} and resolved_at is null
			group by target_type, target_id
		)
		select o.target_type, o.target_id, o.flags, o.first_at, o.reasons, o.notes,
			coalesce(c.contribution_id, k.id) as contribution_id,
			case when o.target_type = 'contribution' then k.title else ck.title end as title,
			coalesce(c.body, k.body) as text,
			coalesce(c.status, k.status) as status,
			coalesce(c.moderation_note, k.moderation_note) as moderation_note,
			count(*) over ()::int as total
		from open o
		left join comment c on o.target_type = 'comment' and c.id = o.target_id and c.region_id = ${regionId}
		left join contribution ck on ck.id = c.contribution_id
		left join contribution k on o.target_type = 'contribution' and k.id = o.target_id and k.region_id = ${regionId}
		where (c.id is not null and c.status <> 'deleted') or k.id is not null
		order by o.flags desc, o.first_at, o.target_id
		limit ${page.limit} offset ${page.offset}`.execute(db);
	return rows;
}

/** Hidden comments and contributions of the region, the newest first. */
export async function listHidden(
	db: Executor,
	regionId: string,
	page: { limit: number; offset: number }
) {
	const { rows } = await sql<QueueRow & { total: number }>`
		with hidden as (
			select 'comment' as target_type, c.id as target_id, c.contribution_id, k.title,
				c.body as text, c.status, c.moderation_note, c.created_at
			from comment c join contribution k on k.id = c.contribution_id
			where c.region_id = ${regionId} and c.status = 'hidden'
			union all
			select 'contribution', k.id, k.id, k.title, k.body, k.status, k.moderation_note, k.created_at
			from contribution k
			where k.region_id = ${regionId} and k.status = 'hidden'
		)
		select h.*, 0 as flags, '{}'::text[] as reasons, '{}'::text[] as notes,
			h.created_at as first_at, count(*) over ()::int as total
		from hidden h
		order by h.created_at desc, h.target_id
		limit ${page.limit} offset ${page.offset}`.execute(db);
	return rows;
}
