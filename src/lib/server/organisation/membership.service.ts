/**
 * The people in an organisation: the member list, invitations by e-mail, roles, removing and
 * leaving. Every change that could leave an organisation without an admin runs under a lock on
 * the organisation row and re-reads roles after the lock: of two admins leaving at the same
 * moment, one succeeds and the other is told that the organisation needs an admin.
 */
import { t } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { audit, type AuditAction } from '../security/audit.ts';
import { authorise, isSignedIn } from '../security/actor.ts';
import { throttle, type Limit } from '../security/rate-limit.ts';
import { hashToken, newToken } from '../security/token.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { MemberRole } from '../db/schema.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { assertSameRegion, type OrganisationContext } from './organisation.context.ts';
import {
	canAcceptInvitation,
	canLeave,
	canManageMembers,
	canSeeMemberEmails,
	canViewMembers,
	permissionsFor
} from './organisation.policy.ts';
import {
	addInvitedMember,
	consumeInvitation,
	countAdmins,
	countMembers,
	deleteMember,
	deleteOpenInvitations,
	findInvitation,
	findMember,
	findPersonLanguageByEmail,
	insertInvitation,
	isMemberByEmail,
	listMembers,
	listOpenInvitations,
	updateMemberRole
} from './organisation.repository.ts';
import type { InviteInput, MemberRoleInput } from './organisation.schema.ts';
import { loadOrganisation, refOf } from './organisation.service.ts';

export const INVITATION_DAYS = 7;
export const MEMBERS_PAGE_SIZE = 50;

/** Invitations are mail sent in the platform's name: limited per inviting person. */
const INVITE_LIMIT: Limit = { name: 'organisation:invite', max: 30, windowSeconds: 60 * 60 };

async function auditMembership(
	ctx: OrganisationContext,
	trx: Transaction<Database>,
	action: AuditAction,
	organisationId: string,
	details: Record<string, unknown>
) {
	await audit(trx, {
		regionId: ctx.region.id,
		actorId: ctx.actor.person?.id ?? null,
		action,
		targetType: 'organisation',
		targetId: organisationId,
		ip: ctx.meta.ip,
		details
	});
}

/** Refuses a change that would take the organisation's last admin away. Call under the lock. */
async function assertNotLastAdmin(
	ctx: OrganisationContext,
	trx: Transaction<Database>,
	organisationId: string,
	target: { role: MemberRole }
) {
	if (target.role !== 'admin') return;
	if ((await countAdmins(trx, ctx.region.id, organisationId)) <= 1) {
		throw new AppError('conflict', 'organisation.error.lastAdmin');
	}
}

/** The member list (paged), and the open invitations for those who manage the members. */
export async function getMembers(ctx: OrganisationContext, slug: string, page = 1) {
	const { row, membership } = await loadOrganisation(ctx, ctx.db, slug);
	authorise(ctx.actor, canViewMembers(ctx.actor, refOf(row), membership));
	const permissions = permissionsFor(ctx.actor, refOf(row), membership);
	const showEmails = canSeeMemberEmails(ctx.actor, refOf(row), membership);
	const [members, total, invitations] = await Promise.all([
		listMembers(ctx.db, ctx.region.id, row.id, {
			limit: MEMBERS_PAGE_SIZE,
			offset: (page - 1) * MEMBERS_PAGE_SIZE
		}),
		countMembers(ctx.db, ctx.region.id, row.id),
		permissions.manageMembers ? listOpenInvitations(ctx.db, ctx.region.id, row.id) : []
	]);
	const me = ctx.actor.person?.id;
	return {
		organisation: { slug: row.slug, name: row.name },
		permissions,
		members: members.map((m) => ({
			id: m.id,
			name: m.display_name,
			email: showEmails ? m.email : null,
			role: m.role,
			you: m.id === me
		})),
		invitations: invitations.map((i) => ({
			email: i.email,
			role: i.role as MemberRole,
			expiresAt: i.expires_at.toISOString()
		})),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE))
	};
}

/**
 * Sends an invitation link (valid for INVITATION_DAYS, single use). The mail is queued in the
 * same transaction as the token, in the invited person's language when they have an account.
 */
export async function inviteMember(
	ctx: OrganisationContext,
	slug: string,
	input: InviteInput
): Promise<void> {
	const { row, membership } = await loadOrganisation(ctx, ctx.db, slug);
	authorise(ctx.actor, canManageMembers(ctx.actor, refOf(row), membership));
	const inviter = ctx.actor.person!;
	await throttle(ctx.db, [[INVITE_LIMIT, inviter.id]]);
	if (await isMemberByEmail(ctx.db, ctx.region.id, row.id, input.email)) {
		throw new AppError('conflict', 'organisation.invite.alreadyMember', {
			fields: { email: 'organisation.invite.alreadyMember' }
		});
	}
	const lang =
		(await findPersonLanguageByEmail(ctx.db, ctx.region.id, input.email)) ?? ctx.meta.lang;
	const { token, hash } = newToken();
	await ctx.db.transaction().execute(async (trx) => {
		await deleteOpenInvitations(trx, ctx.region.id, row.id, input.email);
		await insertInvitation(
			trx,
			ctx.region.id,
			{ tokenHash: hash, organisationId: row.id, email: input.email, role: input.role },
			INVITATION_DAYS
		);
		const params = { organisation: row.name, region: ctx.region.name };
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: input.email,
				subject: t(lang, 'organisation.mail.invite.subject', params),
				body: t(lang, 'organisation.mail.invite.body', {
					...params,
					inviter: inviter.displayName,
					role: t(lang, `organisation.role.${input.role}`),
					link: `${ctx.meta.origin}/einladung?token=${token}`,
					registerLink: `${ctx.meta.origin}/konto/registrieren`,
					days: String(INVITATION_DAYS)
				})
			},
			ctx.smtp
		);
		await auditMembership(ctx, trx, 'organisation.member_invited', row.id, { role: input.role });
	});
}

/** Admins change a member's role; the last admin cannot be made a member. */
export async function changeMemberRole(
	ctx: OrganisationContext,
	slug: string,
	input: MemberRoleInput
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canManageMembers(ctx.actor, refOf(row), membership));
		const target = await findMember(trx, ctx.region.id, row.id, input.person);
		if (!target) throw new AppError('conflict', 'organisation.error.notMember');
		if (target.role === input.role) return;
		if (input.role === 'member') await assertNotLastAdmin(ctx, trx, row.id, target);
		await updateMemberRole(trx, ctx.region.id, row.id, input.person, input.role);
		await auditMembership(ctx, trx, 'organisation.member_role_changed', row.id, {
			personId: input.person,
			from: target.role,
			to: input.role
		});
	});
}

/** Admins remove a member (themselves too, unless they are the last admin). */
export async function removeMember(
	ctx: OrganisationContext,
	slug: string,
	input: { person: string }
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canManageMembers(ctx.actor, refOf(row), membership));
		const target = await findMember(trx, ctx.region.id, row.id, input.person);
		if (!target) throw new AppError('conflict', 'organisation.error.notMember');
		await assertNotLastAdmin(ctx, trx, row.id, target);
		await deleteMember(trx, ctx.region.id, row.id, input.person);
		const self = input.person === ctx.actor.person?.id;
		await auditMembership(
			ctx,
			trx,
			self ? 'organisation.member_left' : 'organisation.member_removed',
			row.id,
			{ personId: input.person, role: target.role }
		);
	});
}

/** A member leaves; the last admin has to hand over first. */
export async function leaveOrganisation(ctx: OrganisationContext, slug: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canLeave(ctx.actor, refOf(row), membership));
		await assertNotLastAdmin(ctx, trx, row.id, membership!);
		await deleteMember(trx, ctx.region.id, row.id, membership!.personId);
		await auditMembership(ctx, trx, 'organisation.member_left', row.id, {
			role: membership!.role
		});
	});
}

export type InvitationView =
	| { status: 'invalid' }
	| {
			status: 'open';
			organisation: { slug: string; name: string };
			role: MemberRole;
			signedIn: boolean;
			/** whether the signed-in person has the address the invitation was sent to */
			emailMatches: boolean;
	  };

/** What the invitation link shows. Reading it never uses it up (mail scanners open links). */
export async function getInvitation(
	ctx: OrganisationContext,
	token: string
): Promise<InvitationView> {
	assertSameRegion(ctx);
	const invitation = token ? await findInvitation(ctx.db, ctx.region.id, hashToken(token)) : null;
	if (!invitation || !invitation.open) return { status: 'invalid' };
	const signedIn = isSignedIn(ctx.actor);
	return {
		status: 'open',
		organisation: { slug: invitation.slug, name: invitation.name },
		role: invitation.role as MemberRole,
		signedIn,
		emailMatches: signedIn && ctx.actor.person!.email === invitation.email
	};
}

/**
 * Accepts an invitation: only signed in, only in the invitation's region (the query is scoped
 * to it), only with the address it was sent to, only once and only within its validity.
 * A refused attempt leaves the invitation as it was.
 */
export async function acceptInvitation(
	ctx: OrganisationContext,
	token: string
): Promise<{ slug: string }> {
	assertSameRegion(ctx);
	authorise(ctx.actor, canAcceptInvitation(ctx.actor));
	const person = ctx.actor.person!;
	const hash = hashToken(token);
	return ctx.db.transaction().execute(async (trx) => {
		const consumed = await consumeInvitation(trx, ctx.region.id, hash, person);
		if (!consumed?.organisation_id || !consumed.role) {
			const invitation = await findInvitation(trx, ctx.region.id, hash);
			if (invitation?.open) throw new AppError('forbidden', 'organisation.invite.wrongEmail');
			throw new AppError('expired', 'organisation.invite.invalid');
		}
		const role = await addInvitedMember(
			trx,
			ctx.region.id,
			consumed.organisation_id,
			person.id,
			consumed.role as MemberRole
		);
		await auditMembership(ctx, trx, 'organisation.member_joined', consumed.organisation_id, {
			role
		});
		const invitation = await findInvitation(trx, ctx.region.id, hash);
		return { slug: invitation!.slug };
	});
}
