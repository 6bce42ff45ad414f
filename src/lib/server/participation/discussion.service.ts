/**
 * The discussion under a contribution: comments in two levels (a reply to a reply attaches to
 * the same top-level comment), plain text, by verified people; flags on contributions and
 * comments. `contribution.comment_count` counts the published comments and moves in the same
 * transaction as the comment. What leaves here is view data, never rows.
 */
import { sql } from 'kysely';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { throttle, type Limit } from '../security/rate-limit.ts';
import type { ParticipationContext } from './contribution.service.ts';
import { canComment, canDeleteComment, canEditComment, canFlag } from './comment.policy.ts';
import { canModerate } from './moderation.policy.ts';
import { follow, notifyFollowers } from '../notification/notify.ts';
import type { CommentInput, EditCommentInput, FlagInput, ReplyInput } from './discussion.schema.ts';
import { requirePhaseAllows } from '../process/process.service.ts';
import {
	changeCommentCount,
	countTopLevel,
	findComment,
	flaggedBy,
	insertComment,
	insertFlag,
	listReplies,
	listTopLevel,
	lockContribution
} from './comment.repository.ts';

export const COMMENTS_PAGE_SIZE = 50;
const COMMENT_LIMIT: Limit = { name: 'comment:person', max: 30, windowSeconds: 60 * 60 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function personOf(actor: Actor) {
	if (!isSignedIn(actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	return actor.person;
}

export interface CommentView {
	id: string;
	author: string | null;
	createdAt: string;
	edited: boolean;
	status: 'published' | 'hidden' | 'deleted';
	/** null when deleted, or hidden and the reader is no moderator */
	body: string | null;
	moderationNote: string | null;
	canEdit: boolean;
	canDelete: boolean;
	canFlag: boolean;
	flagged: boolean;
}

/** The comments of a contribution the reader may see (it must exist in the region). */
export async function getDiscussion(ctx: ParticipationContext, contributionId: string, page = 1) {
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	const contribution = await ctx.db
		.selectFrom('contribution')
		.select(['id', 'status', 'moderation_note', 'author_id'])
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', contributionId)
		.executeTakeFirst();
	if (!contribution) throw new AppError('not_found', 'error.404.title');
	const seeHidden = canModerate(ctx.actor, 'seeHiddenText');
	const [top, total] = await Promise.all([
		listTopLevel(ctx.db, ctx.region.id, contributionId, {
			limit: COMMENTS_PAGE_SIZE,
			offset: (page - 1) * COMMENTS_PAGE_SIZE
		}),
		countTopLevel(ctx.db, ctx.region.id, contributionId)
	]);
	const replies = await listReplies(
		ctx.db,
		ctx.region.id,
		contributionId,
		top.map((c) => c.id)
	);
	const me = isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
	const flagged = me
		? await flaggedBy(ctx.db, ctx.region.id, me, [
				contributionId,
				...top.map((c) => c.id),
				...replies.map((c) => c.id)
			])
		: new Set<string>();
	const now = new Date();
	const view = (row: (typeof top)[number]): CommentView => {
		const facts = { authorId: row.author_id, status: row.status, createdAt: row.created_at };
		const deleted = row.status === 'deleted';
		return {
			id: row.id,
			author: deleted ? null : row.author_name,
			createdAt: row.created_at.toISOString(),
			edited: row.edited_at !== null,
			status: row.status,
			body: deleted || (row.status === 'hidden' && !seeHidden) ? null : row.body,
			moderationNote: row.status === 'hidden' ? row.moderation_note : null,
			canEdit: canEditComment(ctx.actor, facts, now),
			canDelete: canDeleteComment(ctx.actor, facts),
			canFlag:
				canFlag(ctx.actor) &&
				row.status === 'published' &&
				row.author_id !== me &&
				!flagged.has(row.id),
			flagged: flagged.has(row.id)
		};
	};
	const open = contribution.status === 'published';
	return {
		total,
		page,
		pages: Math.max(1, Math.ceil(total / COMMENTS_PAGE_SIZE)),
		comments: top.map((row) => ({
			...view(row),
			canReply: open && row.status === 'published' && canComment(ctx.actor),
			replies: replies.filter((r) => r.parent_id === row.id).map(view)
		})),
		canComment: open && canComment(ctx.actor),
		canModerate: canModerate(ctx.actor, 'hide'),
		contribution: {
			moderationNote: contribution.status === 'hidden' ? contribution.moderation_note : null,
			canFlag:
				open && canFlag(ctx.actor) && contribution.author_id !== me && !flagged.has(contributionId),
			flagged: flagged.has(contributionId)
		}
	};
}

/**
 * What everybody but moderators sees of a hidden contribution: the moderators' note instead of
 * its title and text. Not found when it does not exist in the region or is not hidden.
 */
export async function getHiddenContributionNotice(ctx: ParticipationContext, id: string) {
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.selectFrom('contribution')
		.innerJoin('topic_field', 'topic_field.id', 'contribution.topic_field_id')
		.select([
			'contribution.id',
			'contribution.moderation_note',
			'topic_field.key as topic_field_key',
			'topic_field.name as topic_field_name'
		])
		.where('contribution.region_id', '=', ctx.region.id)
		.where('contribution.id', '=', id)
		.where('contribution.status', '=', 'hidden')
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	return {
		id: row.id,
		moderationNote: row.moderation_note ?? '',
		topicField: { key: row.topic_field_key, name: row.topic_field_name }
	};
}

async function write(
	ctx: ParticipationContext,
	contributionId: string,
	parentId: string | null,
	body: string
): Promise<string> {
	authorise(ctx.actor, canComment(ctx.actor));
	const person = personOf(ctx.actor);
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	await throttle(ctx.db, [[COMMENT_LIMIT, person.id]]);
	return ctx.db.transaction().execute(async (trx) => {
		// locked: a moderator hiding it meanwhile waits, and we see the outcome
		const contribution = await lockContribution(trx, ctx.region.id, contributionId);
		if (!contribution) throw new AppError('not_found', 'error.404.title');
		if (contribution.status !== 'published') {
			throw new AppError('conflict', 'discussion.error.closed');
		}
		// on the transaction's own connection: waiting for a second one could exhaust the pool
		await requirePhaseAllows(
			trx,
			ctx.actor,
			ctx.region.id,
			contribution.topic_field_id,
			'commenting'
		);
		let topLevelId: string | null = null;
		let parentAuthorId: string | null = null;
		if (parentId) {
			const parent = await findComment(trx, ctx.region.id, parentId);
			if (!parent || parent.contribution_id !== contributionId) {
				throw new AppError('not_found', 'discussion.error.notFound');
			}
			if (parent.status !== 'published') {
				throw new AppError('conflict', 'discussion.error.replyClosed');
			}
			topLevelId = parent.parent_id ?? parent.id;
			parentAuthorId = parent.author_id;
		}
		const id = await insertComment(trx, {
			regionId: ctx.region.id,
			contributionId,
			parentId: topLevelId,
			authorId: person.id,
			body
		});
		await changeCommentCount(trx, ctx.region.id, contributionId, 1);
		// the commenter follows the contribution; its followers hear of the comment, and the
		// author of the comment replied to hears of it as a reply (once)
		await follow(trx, ctx.region.id, person.id, 'contribution', contributionId);
		const notice = {
			regionId: ctx.region.id,
			targetType: 'contribution' as const,
			targetId: contributionId,
			title: contribution.title,
			url: `/beitraege/${contributionId}#kommentar-${id}`,
			actorId: person.id
		};
		if (parentAuthorId) {
			await notifyFollowers(trx, {
				...notice,
				kind: 'reply',
				followers: false,
				alsoNotify: [parentAuthorId]
			});
		}
		await notifyFollowers(trx, {
			...notice,
			kind: 'comment',
			exclude: parentAuthorId ? [parentAuthorId] : []
		});
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'comment.created',
			targetType: 'comment',
			targetId: id,
			ip: ctx.meta.ip
		});
		return id;
	});
}

export async function addComment(
	ctx: ParticipationContext,
	contributionId: string,
	input: CommentInput
) {
	return write(ctx, contributionId, null, input.body);
}

export async function replyToComment(
	ctx: ParticipationContext,
	contributionId: string,
	input: ReplyInput
) {
	return write(ctx, contributionId, input.parent, input.body);
}

export async function editComment(
	ctx: ParticipationContext,
	contributionId: string,
	input: EditCommentInput
) {
	authorise(ctx.actor, canComment(ctx.actor));
	const person = personOf(ctx.actor);
	const comment = await findComment(ctx.db, ctx.region.id, input.comment);
	if (!comment || comment.contribution_id !== contributionId) {
		throw new AppError('not_found', 'discussion.error.notFound');
	}
	const facts = {
		authorId: comment.author_id,
		status: comment.status,
		createdAt: comment.created_at
	};
	if (!canEditComment(ctx.actor, facts)) {
		throw new AppError('forbidden', 'discussion.error.editWindow');
	}
	await ctx.db.transaction().execute(async (trx) => {
		// the window and the status are checked again by the database, at the moment of writing
		const updated = await trx
			.updateTable('comment')
			.set({ body: input.body, edited_at: sql<Date>`now()` })
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', comment.id)
			.where('author_id', '=', person.id)
			.where('status', '=', 'published')
			.where('created_at', '>', sql<Date>`now() - interval '15 minutes'`)
			// not under a contribution the moderation has hidden meanwhile
			.where(({ exists, selectFrom }) =>
				exists(
					selectFrom('contribution')
						.select(sql`1`.as('x'))
						.whereRef('contribution.id', '=', 'comment.contribution_id')
						.where('contribution.status', '=', 'published')
				)
			)
			.returning('id')
			.executeTakeFirst();
		if (!updated) throw new AppError('forbidden', 'discussion.error.editWindow');
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'comment.edited',
			targetType: 'comment',
			targetId: comment.id,
			ip: ctx.meta.ip
		});
	});
}

/**
 * The author deletes a comment: with replies it stays as a placeholder without text, else it
 * is removed (and so is a placeholder parent whose last reply this was).
 */
export async function deleteComment(
	ctx: ParticipationContext,
	contributionId: string,
	commentId: string
) {
	const person = personOf(ctx.actor);
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	await ctx.db.transaction().execute(async (trx) => {
		await lockContribution(trx, ctx.region.id, contributionId);
		// locked: a reply written meanwhile waits for us (its foreign key check) or is seen
		const comment = await findComment(trx, ctx.region.id, commentId, true);
		if (!comment || comment.contribution_id !== contributionId) {
			throw new AppError('not_found', 'discussion.error.notFound');
		}
		const facts = {
			authorId: comment.author_id,
			status: comment.status,
			createdAt: comment.created_at
		};
		authorise(ctx.actor, canDeleteComment(ctx.actor, facts));
		const hasReplies = await trx
			.selectFrom('comment')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('parent_id', '=', comment.id)
			.limit(1)
			.executeTakeFirst();
		if (hasReplies) {
			await trx
				.updateTable('comment')
				.set({ status: 'deleted', body: '', moderation_note: null, edited_at: null })
				.where('id', '=', comment.id)
				.execute();
		} else {
			await trx.deleteFrom('comment').where('id', '=', comment.id).execute();
			await trx
				.deleteFrom('flag')
				.where('region_id', '=', ctx.region.id)
				.where('target_type', '=', 'comment')
				.where('target_id', '=', comment.id)
				.execute();
			if (comment.parent_id) {
				await trx
					.deleteFrom('comment')
					.where('region_id', '=', ctx.region.id)
					.where('id', '=', comment.parent_id)
					.where('status', '=', 'deleted')
					.where(({ not, exists, selectFrom }) =>
						not(
							exists(
								selectFrom('comment as r').select('r.id').whereRef('r.parent_id', '=', 'comment.id')
							)
						)
					)
					.execute();
			}
		}
		if (comment.status === 'published') {
			await changeCommentCount(trx, ctx.region.id, contributionId, -1);
		}
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'comment.deleted',
			targetType: 'comment',
			targetId: comment.id,
			ip: ctx.meta.ip,
			details: { placeholder: Boolean(hasReplies) }
		});
	});
}

/** Flags an item once per person; a second flag of the same item is refused. */
export async function flagItem(
	ctx: ParticipationContext,
	contributionId: string,
	input: FlagInput
) {
	authorise(ctx.actor, canFlag(ctx.actor));
	const person = personOf(ctx.actor);
	let authorId: string | null;
	if (input.targetType === 'contribution') {
		if (input.target !== contributionId) throw new AppError('not_found', 'error.404.title');
		const row = await ctx.db
			.selectFrom('contribution')
			.select(['status', 'author_id'])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', input.target)
			.executeTakeFirst();
		if (!row || row.status !== 'published') throw new AppError('not_found', 'error.404.title');
		authorId = row.author_id;
	} else {
		const row = await findComment(ctx.db, ctx.region.id, input.target);
		if (!row || row.contribution_id !== contributionId || row.status !== 'published') {
			throw new AppError('not_found', 'discussion.error.notFound');
		}
		authorId = row.author_id;
	}
	if (authorId === person.id) throw new AppError('forbidden', 'discussion.flag.own');
	await ctx.db.transaction().execute(async (trx) => {
		const added = await insertFlag(trx, {
			regionId: ctx.region.id,
			targetType: input.targetType,
			targetId: input.target,
			personId: person.id,
			reason: input.reason,
			note: input.note
		});
		if (!added) throw new AppError('conflict', 'discussion.flag.already');
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: input.targetType === 'comment' ? 'comment.flagged' : 'contribution.flagged',
			targetType: input.targetType,
			targetId: input.target,
			ip: ctx.meta.ip,
			details: { reason: input.reason }
		});
	});
}
