/**
 * The admin area of a region: overview numbers, people and their roles, organisations, the
 * region's configuration, the outbox and the audit log. Every function checks `adminPolicy`
 * first and works in the region of the context only. What leaves here is view data (plain
 * objects with ISO dates), never rows.
 */
import type { DB } from '../db/database.ts';
import type { PersonRole, Sector } from '../db/schema.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { can, roleChangeProblem, type AdminPermission } from './admin.policy.ts';
import {
	countOrganisations,
	countOverview,
	countPeople,
	findPersonByEmail,
	findRegionIdBySlug,
	listAuditEntries as listAuditRows,
	listMail as listMailRows,
	listOrganisations as listOrganisationRows,
	listPeople as listPeopleRows,
	listRegionSlugs,
	lockRoleHolders,
	updateRole,
	type OrganisationStatusFilter
} from './admin.repository.ts';
import {
	PAGE_SIZE,
	type AuditQuery,
	type ChangeRoleInput,
	type MailQuery,
	type OrganisationsQuery,
	type PeopleQuery
} from './admin.schema.ts';

export interface AdminContext {
	db: DB;
	/** the region of the request (its configuration, as cached for the request) */
	region: RegionContext;
	/** the signed-in person, or null */
	person: SessionPerson | null;
	/** the client's address, for the audit log */
	ip: string;
}

function actorOf(ctx: AdminContext): Actor {
	return { regionId: ctx.region.id, person: ctx.person };
}

/** 401 for anonymous, 403 for signed-in people without the permission. */
function requirePermission(ctx: AdminContext, permission: AdminPermission): void {
	const actor = actorOf(ctx);
	authorise(actor, can(actor, permission));
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export interface Paged<T> {
	items: T[];
	page: number;
	/** known for lists that are counted; null for the outbox and the audit log */
	pages: number | null;
	total: number | null;
	hasNext: boolean;
}

function counted<T>(items: T[], page: number, total: number): Paged<T> {
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	return { items, page, pages, total, hasNext: page < pages };
}

/** For growing logs: one row more than a page says whether another page follows. */
function uncounted<T>(rows: T[], page: number): Paged<T> {
	return {
		items: rows.slice(0, PAGE_SIZE),
		page,
		pages: null,
		total: null,
		hasNext: rows.length > PAGE_SIZE
	};
}

const paging = (page: number, extra = 0) => ({
	limit: PAGE_SIZE + extra,
	offset: (page - 1) * PAGE_SIZE
});

/** Which parts of the admin area the person may open (for the admin navigation). */
export function adminMenu(ctx: AdminContext) {
	requirePermission(ctx, 'openAdminArea');
	const actor = actorOf(ctx);
	return {
		changeRoles: can(actor, 'changeRoles'),
		outbox: can(actor, 'readOutbox'),
		auditLog: can(actor, 'readAuditLog')
	};
}

export async function getOverview(ctx: AdminContext) {
	requirePermission(ctx, 'viewOverview');
	const counts = await countOverview(ctx.db, ctx.region.id);
	return {
		people: { total: counts.people, verified: counts.verified_people },
		organisations: { total: counts.organisations, verified: counts.verified_organisations },
		mail: { held: counts.mails_held, queued: counts.mails_queued, failed: counts.mails_failed }
	};
}

export interface PersonView {
	id: string;
	displayName: string;
	/** null unless the viewer may see e-mail addresses */
	email: string | null;
	role: PersonRole;
	isPlatformAdmin: boolean;
	verified: boolean;
	createdAt: string;
	/** the viewer themself: their own role cannot be changed */
	isSelf: boolean;
}

export async function listPeople(ctx: AdminContext, query: PeopleQuery) {
	requirePermission(ctx, 'listPeople');
	const actor = actorOf(ctx);
	const filter = { search: query.suche, includeEmail: can(actor, 'seeEmails') };
	const [rows, total] = await Promise.all([
		listPeopleRows(ctx.db, ctx.region.id, filter, paging(query.seite)),
		countPeople(ctx.db, ctx.region.id, filter)
	]);
	const people: PersonView[] = rows.map((row) => ({
		id: row.id,
		displayName: row.display_name,
		email: filter.includeEmail ? row.email : null,
		role: row.role,
		isPlatformAdmin: row.is_platform_admin,
		verified: row.email_verified_at !== null,
		createdAt: row.created_at.toISOString(),
		isSelf: row.id === ctx.person?.id
	}));
	return {
		...counted(people, query.seite, total),
		showEmails: filter.includeEmail,
		canChangeRoles: can(actor, 'changeRoles')
	};
}

export interface RoleChange {
	displayName: string;
	oldRole: PersonRole;
	newRole: PersonRole;
	changed: boolean;
}

/**
 * Gives a person of the region another role. The rows of the actor, the target and every region
 * admin are locked first, so that two admins demoting each other (or one admin demoting the
 * last two at once) cannot leave the region without a region admin: the second transaction
 * waits, then sees the first one's result. The actor's own permission is checked again on the
 * locked row — a region admin demoted a moment ago cannot act on a stale session.
 */
export async function changeRole(ctx: AdminContext, input: ChangeRoleInput): Promise<RoleChange> {
	requirePermission(ctx, 'changeRoles');
	const me = ctx.person!;
	return ctx.db.transaction().execute(async (trx) => {
		const locked = await lockRoleHolders(trx, ctx.region.id, [me.id, input.person]);
		const myRow = locked.find((row) => row.id === me.id);
		const fresh: Actor = {
			regionId: ctx.region.id,
			person: myRow ? { ...me, role: myRow.role, isPlatformAdmin: myRow.is_platform_admin } : null
		};
		authorise(fresh, can(fresh, 'changeRoles'));
		const target = locked.find((row) => row.id === input.person);
		if (!target) throw new AppError('not_found', 'admin.role.personNotFound');
		const problem = roleChangeProblem({
			actorId: me.id,
			target,
			newRole: input.role,
			otherRegionAdmins: locked.filter((row) => row.role === 'region_admin' && row.id !== target.id)
				.length
		});
		if (problem) throw new AppError('conflict', problem);
		const result = {
			displayName: target.display_name,
			oldRole: target.role,
			newRole: input.role,
			changed: target.role !== input.role
		};
		if (!result.changed) return result;
		await updateRole(trx, ctx.region.id, target.id, input.role);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: me.id,
			action: 'admin.role_changed',
			targetType: 'person',
			targetId: target.id,
			ip: ctx.ip,
			details: { oldRole: target.role, newRole: input.role }
		});
		return result;
	});
}

export type CommandLineRoleResult =
	| { outcome: 'unknown_region'; regions: string[] }
	| { outcome: 'unknown_person' }
	| { outcome: 'refused'; /** a message key of the broken rule */ reason: string }
	| {
			outcome: 'changed' | 'unchanged';
			displayName: string;
			oldRole: PersonRole;
			newRole: PersonRole;
			verified: boolean;
	  };

/**
 * The operator's way to give a role (`npm run person:role`), needed for the first region admin,
 * whom nobody in the UI could appoint. Whoever can run commands on the server is trusted; the
 * last-admin rule holds here too, and the audit log records the change without an actor.
 */
export async function assignRoleFromCommandLine(
	db: DB,
	input: { regionSlug: string; email: string; role: PersonRole }
): Promise<CommandLineRoleResult> {
	const region = await findRegionIdBySlug(db, input.regionSlug);
	if (!region) return { outcome: 'unknown_region', regions: await listRegionSlugs(db) };
	const person = await findPersonByEmail(db, region.id, input.email.trim().toLowerCase());
	if (!person) return { outcome: 'unknown_person' };
	return db.transaction().execute(async (trx) => {
		const locked = await lockRoleHolders(trx, region.id, [person.id]);
		const target = locked.find((row) => row.id === person.id);
		if (!target) return { outcome: 'unknown_person' as const };
		const problem = roleChangeProblem({
			actorId: null,
			target,
			newRole: input.role,
			otherRegionAdmins: locked.filter((row) => row.role === 'region_admin' && row.id !== target.id)
				.length
		});
		if (problem) return { outcome: 'refused' as const, reason: problem };
		const changed = target.role !== input.role;
		if (changed) {
			await updateRole(trx, region.id, target.id, input.role);
			await audit(trx, {
				regionId: region.id,
				actorId: null,
				action: 'admin.role_changed',
				targetType: 'person',
				targetId: target.id,
				details: { via: 'cli', oldRole: target.role, newRole: input.role }
			});
		}
		return {
			outcome: changed ? ('changed' as const) : ('unchanged' as const),
			displayName: target.display_name,
			oldRole: target.role,
			newRole: input.role,
			verified: person.email_verified_at !== null
		};
	});
}

export interface OrganisationView {
	slug: string;
	name: string;
	kind: string;
	sector: Sector;
	verifiedAt: string | null;
	createdAt: string;
}

const STATUS_FILTER: Record<OrganisationsQuery['status'], OrganisationStatusFilter> = {
	alle: 'all',
	offen: 'unverified',
	bestaetigt: 'verified'
};

export async function listOrganisations(ctx: AdminContext, query: OrganisationsQuery) {
	requirePermission(ctx, 'listOrganisations');
	const status = STATUS_FILTER[query.status];
	const [rows, total] = await Promise.all([
		listOrganisationRows(ctx.db, ctx.region.id, status, paging(query.seite)),
		countOrganisations(ctx.db, ctx.region.id, status)
	]);
	const items: OrganisationView[] = rows.map((row) => ({
		slug: row.slug,
		name: row.name,
		kind: row.kind,
		sector: row.sector,
		verifiedAt: iso(row.verified_at),
		createdAt: row.created_at.toISOString()
	}));
	return counted(items, query.seite, total);
}

/** The region's configuration as imported from its file (read-only here). */
export function getRegionSummary(ctx: AdminContext) {
	requirePermission(ctx, 'viewRegionSettings');
	const region = ctx.region;
	return {
		slug: region.slug,
		name: region.name,
		state: region.state,
		hosts: region.hosts,
		defaultLanguage: region.defaultLanguage,
		topicFields: region.topicFields.map((f) => ({ key: f.key, name: f.name })),
		categories: region.categories.map((c) => ({ key: c.key, name: c.name })),
		targetGroups: region.targetGroups.map((g) => ({ key: g.key, name: g.name })),
		municipalityCount: region.municipalityCount
	};
}

export interface MailView {
	id: string;
	to: string;
	subject: string;
	status: 'queued' | 'sent' | 'failed' | 'held';
	attempts: number;
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
	/** the full text, only of held mails */
	body: string | null;
}

export async function listMail(ctx: AdminContext, query: MailQuery): Promise<Paged<MailView>> {
	requirePermission(ctx, 'readOutbox');
	const rows = await listMailRows(ctx.db, ctx.region.id, paging(query.seite, 1));
	return uncounted(
		rows.map((row) => ({
			id: row.id,
			to: row.to_address,
			subject: row.subject,
			status: row.status,
			attempts: row.attempts,
			lastError: row.last_error,
			createdAt: row.created_at.toISOString(),
			sentAt: iso(row.sent_at),
			body: row.status === 'held' ? row.body : null
		})),
		query.seite
	);
}

/** Audit targets that are things with a page of their own, and where that page lives. */
const RECORD_TARGET_PATHS = {
	place: '/orte/',
	market: '/maerkte/',
	product: '/produkte/'
} as const;
export type RecordTargetType = keyof typeof RECORD_TARGET_PATHS;

function isRecordTargetType(type: string): type is RecordTargetType {
	return Object.hasOwn(RECORD_TARGET_PATHS, type);
}

export interface AuditEntryView {
	id: string;
	action: string;
	/** who acted: a name, or why there is none */
	actor:
		| { kind: 'person'; name: string }
		| { kind: 'deleted' }
		| { kind: 'commandLine' }
		| { kind: 'unknown' };
	target:
		| { kind: 'person'; name: string }
		| { kind: 'organisation'; name: string; slug: string }
		/** a place, market or product, linked to its page */
		| { kind: 'record'; type: RecordTargetType; name: string; href: string }
		| { kind: 'deleted'; type: string }
		| { kind: 'other'; type: string; id: string }
		| null;
	ip: string;
	createdAt: string;
	/** short scalar details, e.g. old and new role */
	details: { key: string; value: string }[];
}

function actorView(row: {
	actor_id: string | null;
	actor_name: string | null;
	action: string;
	details: Record<string, unknown>;
}): AuditEntryView['actor'] {
	if (row.actor_name !== null) return { kind: 'person', name: row.actor_name };
	if (row.details.via === 'cli') return { kind: 'commandLine' };
	// a failed login for an unknown address never had a person behind it
	if (row.action === 'account.login_failed') return { kind: 'unknown' };
	// actor_id is set to null when a person is deleted (and for account.deleted itself)
	return { kind: 'deleted' };
}

function targetView(row: {
	target_type: string | null;
	target_id: string | null;
	target_person_name: string | null;
	target_organisation_name: string | null;
	target_organisation_slug: string | null;
	target_record_name: string | null;
	target_record_slug: string | null;
}): AuditEntryView['target'] {
	if (!row.target_type) return null;
	if (row.target_type === 'person') {
		return row.target_person_name !== null
			? { kind: 'person', name: row.target_person_name }
			: { kind: 'deleted', type: 'person' };
	}
	if (row.target_type === 'organisation') {
		return row.target_organisation_name !== null && row.target_organisation_slug !== null
			? {
					kind: 'organisation',
					name: row.target_organisation_name,
					slug: row.target_organisation_slug
				}
			: { kind: 'deleted', type: 'organisation' };
	}
	if (isRecordTargetType(row.target_type)) {
		const type = row.target_type;
		return row.target_record_name !== null && row.target_record_slug !== null
			? {
					kind: 'record',
					type,
					name: row.target_record_name,
					href: `${RECORD_TARGET_PATHS[type]}${row.target_record_slug}`
				}
			: { kind: 'deleted', type };
	}
	return { kind: 'other', type: row.target_type, id: row.target_id ?? '' };
}

function detailsView(details: Record<string, unknown>): AuditEntryView['details'] {
	return Object.entries(details ?? {})
		.filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
		.slice(0, 6)
		.map(([key, value]) => ({ key, value: String(value).slice(0, 120) }));
}

export async function listAuditEntries(
	ctx: AdminContext,
	query: AuditQuery
): Promise<Paged<AuditEntryView>> {
	requirePermission(ctx, 'readAuditLog');
	const rows = await listAuditRows(
		ctx.db,
		ctx.region.id,
		{ actionPrefix: query.aktion },
		paging(query.seite, 1)
	);
	return uncounted(
		rows.map((row) => ({
			id: String(row.id),
			action: row.action,
			actor: actorView(row),
			target: targetView(row),
			ip: row.ip,
			createdAt: row.created_at.toISOString(),
			details: detailsView(row.details)
		})),
		query.seite
	);
}
