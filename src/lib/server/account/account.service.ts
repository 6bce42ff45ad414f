/**
 * People's accounts: registration with e-mail verification, login and logout, password reset
 * and change, e-mail change, profile, data export and account deletion. Every function works in
 * one region; every mail is queued in the same transaction as the change it announces.
 *
 * No answer tells a stranger whether an e-mail is registered: registration of a known address,
 * and reset requests for unknown ones, look the same from outside (the owner gets a mail).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { exportNotificationData } from '../notification/notification.service.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { t, type Language, type MessageKey } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { releasePlacesOf } from '../event/event.service.ts';
import { anonymiseOrdersOf, ordersForExport } from '../order/order.service.ts';
import { audit } from '../security/audit.ts';
import { LIMITS, refund, throttle } from '../security/rate-limit.ts';
import { hashToken, newToken } from '../security/token.ts';
import { enqueueMail } from '../mail/mail.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { createSession, endOtherSessions, type SessionPerson } from './session.ts';
import { findRegionItemId } from '../region/region.repository.ts';
import { exportSurveyResponses } from '../survey/survey.service.ts';
import type { z } from 'zod';
import type {
	changeEmailSchema,
	changePasswordSchema,
	deleteAccountSchema,
	loginSchema,
	profileSchema,
	RegisterInput,
	resetPasswordSchema
} from './account.schema.ts';

export interface AccountContext {
	db: DB;
	region: { id: string; name: string };
	/** true when SMTP_URL is set: mails are delivered, otherwise held in the outbox */
	smtp: boolean;
	meta: { ip: string; userAgent: string; origin: string; lang: Language };
}

type Executor = Kysely<Database> | Transaction<Database>;

const VERIFY_HOURS = 48;
const RESET_MINUTES = 60;
const EMAIL_CHANGE_HOURS = 24;

function mailText(lang: Language, key: MessageKey, params: Record<string, string>) {
	return t(lang, key, params);
}

async function issueToken(
	ctx: AccountContext,
	trx: Executor,
	values: {
		purpose: 'verify_email' | 'reset_password' | 'change_email';
		personId: string;
		email: string;
		validFor: string;
	}
): Promise<string> {
	const { token, hash } = newToken();
	await trx
		.insertInto('email_token')
		.values({
			token_hash: hash,
			region_id: ctx.region.id,
			purpose: values.purpose,
			person_id: values.personId,
			email: values.email,
			expires_at: sql<Date>`now() + ${values.validFor}::interval`
		})
		.execute();
	return token;
}

/** A region item chosen in a form, or null when none was chosen; unknown ones are a field error. */
async function chosenId(
	ctx: AccountContext,
	field: 'municipality' | 'targetGroup',
	key: string | undefined
): Promise<string | null> {
	if (!key) return null;
	const table = field === 'municipality' ? 'municipality' : 'target_group';
	const id = await findRegionItemId(ctx.db, ctx.region.id, table, key);
	if (!id) throw new AppError('invalid', 'form.invalid', { fields: { [field]: 'form.invalid' } });
	return id;
}

function assertPasswordAllowed(password: string, person: { email?: string; displayName?: string }) {
	const problem = passwordProblem(password, person);
	if (problem) throw new AppError('invalid', problem, { fields: { password: problem } });
}

export async function register(ctx: AccountContext, input: RegisterInput): Promise<void> {
	await throttle(ctx.db, [[LIMITS.registerPerAddress, ctx.meta.ip]]);
	assertPasswordAllowed(input.password, input);
	const [municipalityId, targetGroupId] = await Promise.all([
		chosenId(ctx, 'municipality', input.municipality),
		chosenId(ctx, 'targetGroup', input.targetGroup)
	]);
	const passwordHash = await hashPassword(input.password);
	const lang = ctx.meta.lang;
	await ctx.db.transaction().execute(async (trx) => {
		const created = await trx
			.insertInto('person')
			.values({
				region_id: ctx.region.id,
				email: input.email,
				display_name: input.displayName,
				password_hash: passwordHash,
				municipality_id: municipalityId,
				target_group_id: targetGroupId,
				language: lang,
				terms_accepted_at: sql<Date>`now()`,
				newsletter: input.newsletter
			})
			.onConflict((oc) => oc.columns(['region_id', 'email']).doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!created) {
			// Already registered: tell the owner, not the visitor.
			await enqueueMail(
				trx,
				{
					regionId: ctx.region.id,
					to: input.email,
					subject: mailText(lang, 'account.mail.exists.subject', { region: ctx.region.name }),
					body: mailText(lang, 'account.mail.exists.body', {
						region: ctx.region.name,
						link: `${ctx.meta.origin}/konto/passwort-vergessen`
					})
				},
				ctx.smtp
			);
			return;
		}
		const token = await issueToken(ctx, trx, {
			purpose: 'verify_email',
			personId: created.id,
			email: input.email,
			validFor: `${VERIFY_HOURS} hours`
		});
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: input.email,
				subject: mailText(lang, 'account.mail.verify.subject', { region: ctx.region.name }),
				body: mailText(lang, 'account.mail.verify.body', {
					name: input.displayName,
					region: ctx.region.name,
					link: `${ctx.meta.origin}/konto/bestaetigen?token=${token}`,
					hours: String(VERIFY_HOURS)
				})
			},
			ctx.smtp
		);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: created.id,
			action: 'account.registered',
			targetType: 'person',
			targetId: created.id,
			ip: ctx.meta.ip
		});
	});
}

/**
 * Marks a single-use token used, atomically: of two requests with the same link only one wins.
 * Returns the token row, or throws `expired` for unknown, used or expired tokens.
 */
async function consumeToken(
	ctx: AccountContext,
	trx: Executor,
	token: string,
	purpose: 'verify_email' | 'reset_password' | 'change_email'
) {
	const row = await trx
		.updateTable('email_token')
		.set({ used_at: sql`now()` })
		.where('token_hash', '=', hashToken(token))
		.where('purpose', '=', purpose)
		.where('region_id', '=', ctx.region.id)
		.where('used_at', 'is', null)
		.where('expires_at', '>', sql<Date>`now()`)
		.returning(['person_id', 'email'])
		.executeTakeFirst();
	if (!row?.person_id) throw new AppError('expired', 'account.token.invalid');
	return { personId: row.person_id, email: row.email };
}

export async function verifyEmail(ctx: AccountContext, token: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { personId } = await consumeToken(ctx, trx, token, 'verify_email');
		await trx
			.updateTable('person')
			.set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
			.where('id', '=', personId)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: 'account.verified',
			targetType: 'person',
			targetId: personId,
			ip: ctx.meta.ip
		});
	});
}

/** Returns a new session token. Wrong e-mail or password get the same answer. */
export async function login(
	ctx: AccountContext,
	input: z.infer<typeof loginSchema>
): Promise<{ token: string; personId: string }> {
	await throttle(ctx.db, [
		[LIMITS.loginPerAccount, `${ctx.region.id}:${input.email}`],
		[LIMITS.loginPerAddress, ctx.meta.ip]
	]);
	const person = await ctx.db
		.selectFrom('person')
		.select(['id', 'password_hash'])
		.where('region_id', '=', ctx.region.id)
		.where('email', '=', input.email)
		.executeTakeFirst();
	const valid = await verifyPassword(person?.password_hash ?? (await dummyHash()), input.password);
	if (!person || !valid) {
		await audit(ctx.db, {
			regionId: ctx.region.id,
			actorId: person?.id ?? null,
			action: 'account.login_failed',
			ip: ctx.meta.ip,
			details: person ? {} : { unknownEmail: true }
		});
		throw new AppError('unauthenticated', 'account.login.failed');
	}
	await Promise.all([
		refund(ctx.db, LIMITS.loginPerAccount, `${ctx.region.id}:${input.email}`),
		refund(ctx.db, LIMITS.loginPerAddress, ctx.meta.ip)
	]);
	const token = await createSession(
		ctx.db,
		{ id: person.id, regionId: ctx.region.id },
		{ userAgent: ctx.meta.userAgent, ip: ctx.meta.ip }
	);
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: person.id,
		action: 'account.login',
		ip: ctx.meta.ip
	});
	return { token, personId: person.id };
}

export async function logout(ctx: AccountContext, person: SessionPerson): Promise<void> {
	await ctx.db.deleteFrom('session').where('token_hash', '=', person.sessionHash).execute();
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: person.id,
		action: 'account.logout',
		ip: ctx.meta.ip
	});
}

/** Always answers the same; sends a link only when the account exists. */
export async function requestPasswordReset(ctx: AccountContext, email: string): Promise<void> {
	await throttle(ctx.db, [
		[LIMITS.resetPerAccount, `${ctx.region.id}:${email}`],
		[LIMITS.resetPerAddress, ctx.meta.ip]
	]);
	const person = await ctx.db
		.selectFrom('person')
		.select(['id', 'display_name', 'language'])
		.where('region_id', '=', ctx.region.id)
		.where('email', '=', email)
		.executeTakeFirst();
	if (!person) return;
	await ctx.db.transaction().execute(async (trx) => {
		const token = await issueToken(ctx, trx, {
			purpose: 'reset_password',
			personId: person.id,
			email,
			validFor: `${RESET_MINUTES} minutes`
		});
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: email,
				subject: mailText(person.language, 'account.mail.reset.subject', {
					region: ctx.region.name
				}),
				body: mailText(person.language, 'account.mail.reset.body', {
					name: person.display_name,
					region: ctx.region.name,
					link: `${ctx.meta.origin}/konto/passwort-neu?token=${token}`,
					minutes: String(RESET_MINUTES)
				})
			},
			ctx.smtp
		);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'account.password_reset_requested',
			ip: ctx.meta.ip
		});
	});
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(
	ctx: AccountContext,
	input: z.infer<typeof resetPasswordSchema>
): Promise<void> {
	const passwordHash = await hashPassword(input.password);
	await ctx.db.transaction().execute(async (trx) => {
		const { personId, email } = await consumeToken(ctx, trx, input.token, 'reset_password');
		const person = await trx
			.selectFrom('person')
			.select('display_name')
			.where('id', '=', personId)
			.executeTakeFirstOrThrow();
		assertPasswordAllowed(input.password, { email, displayName: person.display_name });
		await trx
			.updateTable('person')
			.set({
				password_hash: passwordHash,
				// the link proves the address
				email_verified_at: sql`coalesce(email_verified_at, now())`,
				updated_at: sql`now()`
			})
			.where('id', '=', personId)
			.execute();
		await endOtherSessions(trx, personId, null);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: 'account.password_reset',
			ip: ctx.meta.ip
		});
	});
}

async function reauthenticate(ctx: AccountContext, person: SessionPerson, password: string) {
	await throttle(ctx.db, [[LIMITS.loginPerAccount, `${ctx.region.id}:${person.email}`]]);
	const row = await ctx.db
		.selectFrom('person')
		.select('password_hash')
		.where('id', '=', person.id)
		.where('region_id', '=', ctx.region.id)
		.executeTakeFirstOrThrow();
	if (!(await verifyPassword(row.password_hash, password))) {
		throw new AppError('invalid', 'account.password.wrong', {
			fields: { currentPassword: 'account.password.wrong' }
		});
	}
	await refund(ctx.db, LIMITS.loginPerAccount, `${ctx.region.id}:${person.email}`);
}

export async function changePassword(
	ctx: AccountContext,
	person: SessionPerson,
	input: z.infer<typeof changePasswordSchema>
): Promise<number> {
	await reauthenticate(ctx, person, input.currentPassword);
	assertPasswordAllowed(input.password, person);
	const passwordHash = await hashPassword(input.password);
	return ctx.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('person')
			.set({ password_hash: passwordHash, updated_at: sql`now()` })
			.where('id', '=', person.id)
			.execute();
		const ended = await endOtherSessions(trx, person.id, person.sessionHash);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'account.password_changed',
			ip: ctx.meta.ip,
			details: { endedSessions: ended }
		});
		return ended;
	});
}

/** Sends a confirmation link to the new address; the change happens when it is opened. */
export async function requestEmailChange(
	ctx: AccountContext,
	person: SessionPerson,
	input: z.infer<typeof changeEmailSchema>
): Promise<void> {
	await reauthenticate(ctx, person, input.currentPassword);
	await throttle(ctx.db, [[LIMITS.mailPerAccount, person.id]]);
	if (input.email === person.email) {
		throw new AppError('invalid', 'account.email.same', {
			fields: { email: 'account.email.same' }
		});
	}
	await ctx.db.transaction().execute(async (trx) => {
		const token = await issueToken(ctx, trx, {
			purpose: 'change_email',
			personId: person.id,
			email: input.email,
			validFor: `${EMAIL_CHANGE_HOURS} hours`
		});
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: input.email,
				subject: mailText(person.language, 'account.mail.changeEmail.subject', {
					region: ctx.region.name
				}),
				body: mailText(person.language, 'account.mail.changeEmail.body', {
					name: person.displayName,
					region: ctx.region.name,
					link: `${ctx.meta.origin}/konto/email-bestaetigen?token=${token}`,
					hours: String(EMAIL_CHANGE_HOURS)
				})
			},
			ctx.smtp
		);
		// and a notice to the old address, so a hijack does not go unnoticed
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: person.email,
				subject: mailText(person.language, 'account.mail.emailChangeNotice.subject', {
					region: ctx.region.name
				}),
				body: mailText(person.language, 'account.mail.emailChangeNotice.body', {
					name: person.displayName,
					region: ctx.region.name
				})
			},
			ctx.smtp
		);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'account.email_change_requested',
			ip: ctx.meta.ip
		});
	});
}

export async function confirmEmailChange(ctx: AccountContext, token: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { personId, email } = await consumeToken(ctx, trx, token, 'change_email');
		const taken = await trx
			.selectFrom('person')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('email', '=', email)
			.executeTakeFirst();
		if (taken) throw new AppError('conflict', 'account.email.taken');
		try {
			await trx
				.updateTable('person')
				.set({ email, email_verified_at: sql`now()`, updated_at: sql`now()` })
				.where('id', '=', personId)
				.execute();
		} catch (error) {
			// two accounts confirming the same new address at once: the unique key decides
			if ((error as { code?: string }).code === '23505') {
				throw new AppError('conflict', 'account.email.taken');
			}
			throw error;
		}
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: 'account.email_changed',
			ip: ctx.meta.ip
		});
	});
}

export async function updateProfile(
	ctx: AccountContext,
	person: SessionPerson,
	input: z.infer<typeof profileSchema>
): Promise<void> {
	const [municipalityId, targetGroupId] = await Promise.all([
		chosenId(ctx, 'municipality', input.municipality),
		chosenId(ctx, 'targetGroup', input.targetGroup)
	]);
	await ctx.db
		.updateTable('person')
		.set({
			display_name: input.displayName,
			municipality_id: municipalityId,
			target_group_id: targetGroupId,
			newsletter: input.newsletter,
			language: input.language,
			updated_at: sql`now()`
		})
		.where('id', '=', person.id)
		.where('region_id', '=', ctx.region.id)
		.execute();
}

export async function getProfile(ctx: AccountContext, person: SessionPerson) {
	return ctx.db
		.selectFrom('person')
		.leftJoin('municipality', 'municipality.id', 'person.municipality_id')
		.leftJoin('target_group', 'target_group.id', 'person.target_group_id')
		.select([
			'person.email',
			'person.display_name',
			'person.newsletter',
			'person.language',
			'person.email_verified_at',
			'person.created_at',
			'municipality.slug as municipality',
			'target_group.key as target_group'
		])
		.where('person.id', '=', person.id)
		.where('person.region_id', '=', ctx.region.id)
		.executeTakeFirstOrThrow();
}

/**
 * Everything stored about the person, as one JSON document. Capabilities that store more
 * about people add their part here (contributions, orders, bookings …).
 */
export async function exportData(ctx: AccountContext, person: SessionPerson) {
	const [
		profile,
		sessions,
		memberships,
		auditEntries,
		tokens,
		contributions,
		supports,
		comments,
		flags,
		points,
		notifications,
		comparisons,
		workingGroups,
		pledges,
		useCaseUpdates
	] = await Promise.all([
		ctx.db
			.selectFrom('person')
			.leftJoin('municipality', 'municipality.id', 'person.municipality_id')
			.leftJoin('target_group', 'target_group.id', 'person.target_group_id')
			.select([
				'person.id',
				'person.email',
				'person.display_name',
				'person.language',
				'person.newsletter',
				'person.role',
				'person.email_verified_at',
				'person.terms_accepted_at',
				'person.created_at',
				'person.updated_at',
				'municipality.name as municipality',
				'target_group.key as target_group'
			])
			.where('person.id', '=', person.id)
			.where('person.region_id', '=', ctx.region.id)
			.executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('session')
			.select(['created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
			.where('person_id', '=', person.id)
			.execute(),
		ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select([
				'organisation.name',
				'organisation.slug',
				'organisation_member.role',
				'organisation_member.created_at'
			])
			.where('organisation_member.person_id', '=', person.id)
			.execute(),
		ctx.db
			.selectFrom('audit_entry')
			.select(['action', 'ip', 'created_at', 'details'])
			.where('region_id', '=', ctx.region.id)
			.where((eb) =>
				eb.or([
					eb('actor_id', '=', person.id),
					eb.and([eb('target_type', '=', 'person'), eb('target_id', '=', person.id)])
				])
			)
			.orderBy('id', 'desc')
			.limit(1000)
			.execute(),
		ctx.db
			.selectFrom('email_token')
			.select(['purpose', 'email', 'created_at', 'expires_at', 'used_at'])
			.where('region_id', '=', ctx.region.id)
			.where((eb) => eb.or([eb('person_id', '=', person.id), eb('email', '=', person.email)]))
			.execute(),
		ctx.db
			.selectFrom('contribution')
			.select(['id', 'title', 'body', 'status', 'created_at'])
			.where('author_id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.orderBy('created_at')
			.execute(),
		ctx.db
			.selectFrom('contribution_support')
			.innerJoin('contribution', 'contribution.id', 'contribution_support.contribution_id')
			.select(['contribution.id', 'contribution.title', 'contribution_support.created_at'])
			.where('contribution_support.person_id', '=', person.id)
			.execute(),
		ctx.db
			.selectFrom('comment')
			.select(['id', 'contribution_id', 'parent_id', 'body', 'status', 'created_at', 'edited_at'])
			.where('author_id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.orderBy('created_at')
			.execute(),
		ctx.db
			.selectFrom('flag')
			.select(['target_type', 'target_id', 'reason', 'note', 'created_at'])
			.where('person_id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.execute(),
		ctx.db
			.selectFrom('prioritisation_allocation')
			.innerJoin(
				'prioritisation_item',
				'prioritisation_item.id',
				'prioritisation_allocation.item_id'
			)
			.select([
				'prioritisation_allocation.round_id',
				'prioritisation_item.title',
				'prioritisation_allocation.points'
			])
			.where('prioritisation_allocation.person_id', '=', person.id)
			.execute(),
		exportNotificationData(ctx.db, ctx.region.id, person.id),
		ctx.db
			.selectFrom('prioritisation_comparison as c')
			.innerJoin('prioritisation_item as low', 'low.id', 'c.item_low')
			.innerJoin('prioritisation_item as high', 'high.id', 'c.item_high')
			.leftJoin('prioritisation_item as winner', 'winner.id', 'c.winner_id')
			.select([
				'c.round_id',
				'low.title as item_a',
				'high.title as item_b',
				'winner.title as chosen',
				'c.updated_at'
			])
			.where('c.person_id', '=', person.id)
			.where('c.region_id', '=', ctx.region.id)
			.execute(),
		ctx.db
			.selectFrom('working_group_member')
			.innerJoin('working_group', 'working_group.id', 'working_group_member.group_id')
			.select([
				'working_group.name',
				'working_group.slug',
				'working_group_member.role',
				'working_group_member.joined_at'
			])
			.where('working_group_member.person_id', '=', person.id)
			.execute(),
		ctx.db
			.selectFrom('working_group_pledge')
			.innerJoin('working_group_need', 'working_group_need.id', 'working_group_pledge.need_id')
			.leftJoin('organisation', 'organisation.id', 'working_group_pledge.organisation_id')
			.select([
				'working_group_need.title as need',
				'working_group_pledge.quantity',
				'working_group_need.unit',
				'working_group_pledge.note',
				'organisation.name as organisation',
				'working_group_pledge.created_at'
			])
			.where('working_group_pledge.person_id', '=', person.id)
			.execute(),
		ctx.db
			.selectFrom('use_case_update')
			.select(['use_case_id', 'body', 'status_from', 'status_to', 'created_at'])
			.where('author_id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.execute()
	]);
	const eventRegistrations = await ctx.db
		.selectFrom('event_registration')
		.innerJoin('event', 'event.id', 'event_registration.event_id')
		.select([
			'event.id as event_id',
			'event.title',
			'event.starts_at',
			'event_registration.status',
			'event_registration.waiting_position',
			'event_registration.created_at'
		])
		.where('event_registration.person_id', '=', person.id)
		.where('event_registration.region_id', '=', ctx.region.id)
		.execute();
	const surveyResponses = await exportSurveyResponses(ctx.db, ctx.region.id, person.id);
	const orders = await ordersForExport(ctx.db, ctx.region.id, person.id);
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: person.id,
		action: 'account.exported',
		ip: ctx.meta.ip
	});
	return {
		exportedAt: new Date().toISOString(),
		region: ctx.region.name,
		person: profile,
		sessions,
		organisations: memberships,
		contributions,
		supports,
		comments,
		flags,
		prioritisationPoints: points,
		follows: notifications.follows,
		notifications: notifications.notifications,
		notificationDigest: notifications.digest,
		eventRegistrations,
		pairwiseComparisons: comparisons,
		surveyResponses,
		workingGroups,
		pledges,
		useCaseUpdates,
		orders,
		pendingLinks: tokens,
		activity: auditEntries
	};
}

/** The roles that must never be left empty, each held in a membership table under a parent row. */
const SUCCESSION = {
	organisationAdmin: {
		members: 'organisation_member',
		parent: 'organisation',
		column: 'organisation_id',
		role: 'admin',
		error: 'account.delete.lastOrgAdmin'
	},
	workingGroupLead: {
		members: 'working_group_member',
		parent: 'working_group',
		column: 'group_id',
		role: 'lead',
		error: 'workingGroup.deleteLastLead'
	}
} as const;

/**
 * Throws a conflict unless everything the person holds this role in has another holder. The
 * parent rows are locked first, in id order, as role changes and leaving do, so that two people
 * going at once cannot both count on the other.
 */
async function requireSuccessors(
	trx: Transaction<Database>,
	regionId: string,
	personId: string,
	kind: keyof typeof SUCCESSION
): Promise<void> {
	const { members, parent, column, role, error } = SUCCESSION[kind];
	const held = await sql<{ id: string }>`select ${sql.ref(column)} as id from ${sql.table(members)}
		where person_id = ${personId} and region_id = ${regionId} and role = ${role}`.execute(trx);
	if (held.rows.length === 0) return;
	const ids = held.rows.map((r) => r.id);
	await sql`select id from ${sql.table(parent)}
		where id = any(${ids}::uuid[]) order by id for update`.execute(trx);
	const covered = await sql<{
		count: number;
	}>`select count(distinct ${sql.ref(column)})::int as count
		from ${sql.table(members)}
		where ${sql.ref(column)} = any(${ids}::uuid[]) and role = ${role} and person_id <> ${personId}`.execute(
		trx
	);
	if (covered.rows[0]!.count < ids.length) throw new AppError('conflict', error);
}

/**
 * Deletes the account and its personal data. Organisations the person was the last admin of
 * keep existing (they are public actors) without members. Contributions (later issues) are
 * removed or kept anonymised, as the person chose; the audit log keeps the action without the
 * person (actor set to null by the foreign key).
 */
export async function deleteAccount(
	ctx: AccountContext,
	person: SessionPerson,
	input: z.infer<typeof deleteAccountSchema>
): Promise<void> {
	await reauthenticate(ctx, person, input.currentPassword);
	await ctx.db.transaction().execute(async (trx) => {
		// Nobody may leave an organisation or the region without an admin, nor a working group
		// without a lead: ask them to hand over first.
		await requireSuccessors(trx, ctx.region.id, person.id, 'organisationAdmin');
		if (person.role === 'region_admin') {
			const admins = await trx
				.selectFrom('person')
				.select('id')
				.where('region_id', '=', ctx.region.id)
				.where('role', '=', 'region_admin')
				.orderBy('id')
				.forUpdate()
				.execute();
			if (admins.length <= 1) throw new AppError('conflict', 'account.delete.lastRegionAdmin');
		}
		await requireSuccessors(trx, ctx.region.id, person.id, 'workingGroupLead');
		// places in coming events go to the next on the waiting list, who are told by mail
		await releasePlacesOf(ctx, trx, person.id);
		// orders stay on the coordinators' lists, without the name (person_id goes by the FK)
		await anonymiseOrdersOf(trx, ctx.region.id, person.id);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: null,
			action: 'account.deleted',
			targetType: 'person',
			targetId: person.id,
			ip: ctx.meta.ip,
			details: { contributions: input.contributions }
		});
		if (input.contributions === 'remove') {
			// the search documents go with them; supports and target groups cascade
			const own = trx
				.selectFrom('contribution')
				.select('id')
				.where('author_id', '=', person.id)
				.where('region_id', '=', ctx.region.id);
			await trx
				.deleteFrom('search_document')
				.where('region_id', '=', ctx.region.id)
				.where('kind', '=', 'contribution')
				.where('ref_id', 'in', own)
				.execute();
			await trx
				.deleteFrom('contribution')
				.where('author_id', '=', person.id)
				.where('region_id', '=', ctx.region.id)
				.execute();
		}
		if (input.contributions === 'remove') {
			// comments become "deleted" placeholders (replies of others stay readable), and the
			// counts of the contributions concerned are recounted in the same transaction
			const touched = await trx
				.updateTable('comment')
				.set({ status: 'deleted', body: '' })
				.where('author_id', '=', person.id)
				.where('region_id', '=', ctx.region.id)
				.returning('contribution_id')
				.execute();
			const ids = [...new Set(touched.map((c) => c.contribution_id))];
			if (ids.length > 0) {
				await trx
					.updateTable('contribution')
					.set({
						comment_count: sql`(select count(*)::int from comment
							where comment.contribution_id = contribution.id and comment.status = 'published')`
					})
					.where('id', 'in', ids)
					.execute();
			}
		}
		// 'anonymise': contributions and comments stay; deleting the person clears their author
		// mail to the person, including to an address they were changing to
		const pendingAddresses = await trx
			.selectFrom('email_token')
			.select('email')
			.where('person_id', '=', person.id)
			.execute();
		await trx
			.deleteFrom('mail')
			.where('region_id', '=', ctx.region.id)
			.where('to_address', 'in', [person.email, ...pendingAddresses.map((t) => t.email)])
			.execute();
		await trx
			.deleteFrom('email_token')
			.where('region_id', '=', ctx.region.id)
			.where((eb) => eb.or([eb('email', '=', person.email), eb('person_id', '=', person.id)]))
			.execute();
		// the audit log keeps what happened, not where the person connected from
		await trx
			.updateTable('audit_entry')
			.set({ ip: '' })
			.where('actor_id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await trx
			.deleteFrom('person')
			.where('id', '=', person.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
	});
}
