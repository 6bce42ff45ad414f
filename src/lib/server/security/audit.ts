/** The audit log: security-relevant and administrative actions, readable by region admins. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export type AuditAction =
	| 'account.registered'
	| 'account.verified'
	| 'account.login'
	| 'account.login_failed'
	| 'account.logout'
	| 'account.sessions_ended'
	| 'account.password_changed'
	| 'account.password_reset_requested'
	| 'account.password_reset'
	| 'account.email_change_requested'
	| 'account.email_changed'
	| 'account.exported'
	| 'account.deleted'
	| 'organisation.created'
	| 'organisation.updated'
	| 'organisation.verified'
	| 'organisation.unverified'
	| 'organisation.member_invited'
	| 'organisation.member_joined'
	| 'organisation.member_removed'
	| 'organisation.member_left'
	| 'organisation.member_role_changed'
	| 'admin.role_changed'
	| 'contribution.created'
	| 'comment.created'
	| 'comment.edited'
	| 'comment.deleted'
	| 'comment.flagged'
	| 'contribution.flagged'
	| 'moderation.hidden'
	| 'moderation.restored'
	| 'moderation.flags_dismissed'
	| 'prioritisation.round_created'
	| 'prioritisation.round_closed'
	| 'prioritisation.voted'
	| 'official_answer.given'
	| 'official_answer.updated'
	| 'contribution.paper_entered'
	| 'event.created'
	| 'event.updated'
	| 'event.cancelled'
	| 'process.created'
	| 'process.updated'
	| 'survey.created'
	| 'survey.updated'
	| 'survey.questions_changed'
	| 'working_group.created'
	| 'working_group.member_removed'
	| 'working_group.role_changed'
	| 'use_case.created'
	| 'use_case.status_changed'
	| 'use_case.actor_added'
	| 'use_case.actor_removed'
	| 'use_case.working_group_set'
	| 'place.created'
	| 'place.updated'
	| 'place.deleted'
	| 'market.created'
	| 'market.updated'
	| 'market.stand_set'
	| 'market.stand_removed'
	| 'market.deleted'
	| 'product.created'
	| 'product.updated'
	| 'product.deleted';

export interface AuditInput {
	regionId: string;
	actorId: string | null;
	action: AuditAction;
	targetType?: string;
	targetId?: string;
	ip?: string;
	details?: Record<string, unknown>;
}

export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditInput) {
	await db
		.insertInto('audit_entry')
		.values({
			region_id: entry.regionId,
			actor_id: entry.actorId,
			action: entry.action,
			target_type: entry.targetType ?? null,
			target_id: entry.targetId ?? null,
			ip: entry.ip ?? '',
			details: JSON.stringify(entry.details ?? {})
		})
		.execute();
}
