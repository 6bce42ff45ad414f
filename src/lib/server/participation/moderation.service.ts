/**
 * Moderation of a region's contributions and comments: the queue of flagged items, hiding an
 * item with a note everybody sees instead of its text, restoring it, dismissing its flags.
 * Every function checks `moderationPolicy` first, loads items by id and region, and writes
 * what it did to the audit log in the same transaction.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import type { ParticipationContext } from './contribution.service.ts';
import { canModerate, type ModerationPermission } from './moderation.policy.ts';
import { notifyFollowers } from '../notification/notify.ts';
import type { HideInput, ModerationTarget, QueueQuery } from './discussion.schema.ts';
import {
	changeCommentCount,
	findComment,
	listFlagged,
	lockContribution,
	listHidden,
	resolveFlags,
	setCommentStatus
} from './comment.repository.ts';

export const QUEUE_PAGE_SIZE = 20;

function moderator(ctx: ParticipationContext, permission: ModerationPermission): string {
	authorise(ctx.actor, canModerate(ctx.actor, permission));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	return ctx.actor.person.id;
}

/** The author (only) hears that their contribution was hidden or is visible again. */
async function notifyAuthor(
	trx: Transaction<Database>,
	ctx: ParticipationContext,
	contribution: { id: string; title: string; author_id: string | null },
	kind: 'contribution_hidden' | 'contribution_restored',
	actorId: string
) {
	if (!contribution.author_id) return;
	await notifyFollowers(trx, {
		regionId: ctx.region.id,
		targetType: 'contribution',
		targetId: contribution.id,
		kind,
		title: contribution.title,
		url: `/beitraege/${contribution.id}`,
		actorId,
		followers: false,
		alsoNotify: [contribution.author_id]
	});
}

export async function getModerationQueue(ctx: ParticipationContext, query: QueueQuery) {
	moderator(ctx, 'readQueue');
	const page = { limit: QUEUE_PAGE_SIZE, offset: (query.seite - 1) * QUEUE_PAGE_SIZE };
	const rows =
		query.ansicht === 'ausgeblendet'
			? await listHidden(ctx.db, ctx.region.id, page)
			: await listFlagged(ctx.db, ctx.region.id, page);
	const total = rows[0]?.total ?? 0;
	const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
	return {
		view: query.ansicht,
		page: query.seite,
		pages,
		hasNext: query.seite < pages,
		items: rows.map((row) => {
			const reasons: Record<string, number> = {};
			for (const reason of row.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
			return {
				targetType: row.target_type,
				targetId: row.target_id,
				contributionId: row.contribution_id,
				title: row.title,
				text: row.text,
				hidden: row.status === 'hidden',
				moderationNote: row.moderation_note,
				flags: row.flags,
				reasons: Object.entries(reasons).map(([reason, count]) => ({ reason, count })),
				notes: row.notes
			};
		})
	};
}

/** Hides an item with a note; its open flags are resolved with it. */
export async function hideItem(ctx: ParticipationContext, input: HideInput) {
	const actorId = moderator(ctx, 'hide');
	await ctx.db.transaction().execute(async (trx) => {
		if (input.targetType === 'comment') {
			const found = await findComment(trx, ctx.region.id, input.target);
			if (found) await lockContribution(trx, ctx.region.id, found.contribution_id);
			const comment = found && (await findComment(trx, ctx.region.id, input.target, true));
			if (!comment || comment.status === 'deleted') {
				throw new AppError('not_found', 'discussion.error.notFound');
			}
			await setCommentStatus(trx, ctx.region.id, comment.id, ['published', 'hidden'], {
				status: 'hidden',
				moderation_note: input.note
			});
			// only a published comment counted
			if (comment.status === 'published') {
				await changeCommentCount(trx, ctx.region.id, comment.contribution_id, -1);
			}
		} else {
			const updated = await trx
				.updateTable('contribution')
				.set({ status: 'hidden', moderation_note: input.note })
				.where('region_id', '=', ctx.region.id)
				.where('id', '=', input.target)
				.returning(['id', 'title', 'author_id'])
				.executeTakeFirst();
			if (!updated) throw new AppError('not_found', 'error.404.title');
			await notifyAuthor(trx, ctx, updated, 'contribution_hidden', actorId);
		}
		const resolved = await resolveFlags(trx, ctx.region.id, input.targetType, input.target);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId,
			action: 'moderation.hidden',
			targetType: input.targetType,
			targetId: input.target,
			ip: ctx.meta.ip,
			details: { note: input.note, flags: resolved }
		});
	});
}

export async function restoreItem(ctx: ParticipationContext, input: ModerationTarget) {
	const actorId = moderator(ctx, 'restore');
	await ctx.db.transaction().execute(async (trx) => {
		if (input.targetType === 'comment') {
			const found = await findComment(trx, ctx.region.id, input.target);
			if (found) await lockContribution(trx, ctx.region.id, found.contribution_id);
			const restored = await setCommentStatus(trx, ctx.region.id, input.target, ['hidden'], {
				status: 'published',
				moderation_note: null
			});
			if (!restored) throw new AppError('not_found', 'discussion.error.notFound');
			await changeCommentCount(trx, ctx.region.id, restored.contribution_id, 1);
		} else {
			const restored = await trx
				.updateTable('contribution')
				.set({ status: 'published', moderation_note: null })
				.where('region_id', '=', ctx.region.id)
				.where('id', '=', input.target)
				.where('status', '=', 'hidden')
				.returning(['id', 'title', 'author_id'])
				.executeTakeFirst();
			if (!restored) throw new AppError('not_found', 'error.404.title');
			await notifyAuthor(trx, ctx, restored, 'contribution_restored', actorId);
		}
		await audit(trx, {
			regionId: ctx.region.id,
			actorId,
			action: 'moderation.restored',
			targetType: input.targetType,
			targetId: input.target,
			ip: ctx.meta.ip
		});
	});
}

/** The item stays as it is; its open flags are closed. */
export async function dismissFlags(ctx: ParticipationContext, input: ModerationTarget) {
	const actorId = moderator(ctx, 'dismissFlags');
	await ctx.db.transaction().execute(async (trx) => {
		const resolved = await resolveFlags(trx, ctx.region.id, input.targetType, input.target);
		if (resolved === 0) throw new AppError('not_found', 'moderation.error.noFlags');
		await audit(trx, {
			regionId: ctx.region.id,
			actorId,
			action: 'moderation.flags_dismissed',
			targetType: input.targetType,
			targetId: input.target,
			ip: ctx.meta.ip,
			details: { flags: resolved }
		});
	});
}
