/**
 * The building block other capabilities call inside their own transaction: `follow` (someone
 * now follows an item) and `notifyFollowers` (something happened to an item: one notification
 * per follower and per extra person, never for the person who did it). Both are single
 * statements, whatever the number of followers.
 *
 * Extension points (the kinds and target types are in the database's check lists already):
 * - use-case status change: `notifyFollowers(trx, { targetType: 'use_case', kind:
 *   'use_case_status', alsoNotify: supporterIds, … })`, and `follow(trx, …, 'use_case', id)`
 *   for the person who proposed it;
 * - working groups ('working_group_update'), events ('event_update', 'event_cancelled'),
 *   surveys ('survey_published'), processes ('process_update') the same way.
 * A new kind needs its label in messages/notification.*.json (`notification.kind.<kind>`).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, FollowTargetType, NotificationKind } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const TARGET_TYPES = [
	'contribution',
	'use_case',
	'working_group',
	'event',
	'survey',
	'process'
] as const satisfies readonly FollowTargetType[];

export const NOTIFICATION_KINDS = [
	'comment',
	'reply',
	'official_answer',
	'official_answer_updated',
	'contribution_hidden',
	'contribution_restored',
	'use_case_status',
	'working_group_update',
	'event_update',
	'event_cancelled',
	'survey_published',
	'process_update'
] as const satisfies readonly NotificationKind[];

export interface NotifyInput {
	regionId: string;
	targetType: FollowTargetType;
	targetId: string;
	kind: NotificationKind;
	/** what the item is called now (kept as a snapshot) */
	title: string;
	/** a path on this site, e.g. `/beitraege/<id>#kommentare` */
	url: string;
	/** who did it: never notified about their own action */
	actorId: string | null;
	/** people told besides the followers (e.g. the author), if they belong to the region */
	alsoNotify?: string[];
	/** false: only the alsoNotify people (e.g. "a reply to your comment") */
	followers?: boolean;
	/** people not to notify this time (e.g. told by a more specific notification) */
	exclude?: string[];
}

/**
 * Inserts one notification per follower of the item and per `alsoNotify` person (each once,
 * only people of the region, never the actor) with one `insert … select`; returns how many.
 */
export async function notifyFollowers(db: Executor, input: NotifyInput): Promise<number> {
	const also = [...new Set(input.alsoNotify ?? [])];
	const exclude = [
		...new Set([...(input.exclude ?? []), ...(input.actorId ? [input.actorId] : [])])
	];
	const followers =
		input.followers === false
			? sql``
			: sql`select f.person_id from follow f
				where f.region_id = ${input.regionId} and f.target_type = ${input.targetType}
					and f.target_id = ${input.targetId}
				union `;
	const result = await sql`
		insert into notification (region_id, person_id, kind, target_type, target_id, title, url, actor_id)
		select p.region_id, p.id, ${input.kind}, ${input.targetType}, ${input.targetId},
			${input.title.slice(0, 300)}, ${input.url}, ${input.actorId}
		from (${followers}select unnest(${also}::uuid[])) as r (person_id)
		join person p on p.id = r.person_id and p.region_id = ${input.regionId}
		where not (p.id = any(${exclude}::uuid[]))`.execute(db);
	return Number(result.numAffectedRows ?? 0);
}

/** The person follows the item from now on (nothing happens if they do already). */
export async function follow(
	db: Executor,
	regionId: string,
	personId: string,
	targetType: FollowTargetType,
	targetId: string
): Promise<void> {
	await db
		.insertInto('follow')
		.values({
			region_id: regionId,
			person_id: personId,
			target_type: targetType,
			target_id: targetId
		})
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function unfollow(
	db: Executor,
	regionId: string,
	personId: string,
	targetType: FollowTargetType,
	targetId: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('follow')
		.where('region_id', '=', regionId)
		.where('person_id', '=', personId)
		.where('target_type', '=', targetType)
		.where('target_id', '=', targetId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
