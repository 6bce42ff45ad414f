/**
 * Working groups (Arbeitsgruppen) of a topic field: moderators set them up, people join and
 * leave, leads manage leads, members and the needs list ("Wen und was brauchen wir?"), and
 * people pledge to fill a need, for themselves or for an organisation they belong to.
 *
 * Invariants kept by the database and row locks: a group always keeps at least one lead
 * (every change of membership locks the group row first and counts the leads), and one
 * pledge per person (and organisation) and need (a unique index; pledging again replaces it).
 * Coverage is always summed from the pledge rows, never kept as a counter.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database, NeedKind, WorkingGroupRole } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { slugify } from '../region/region-import.service.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import type { CreateGroupInput, NeedInput, PledgeInput } from './working-group.schema.ts';
import { canCreateGroup, canJoin, canManageGroup, canPledge } from './working-group.policy.ts';

export interface WorkingGroupContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string };
}

const SLUG = /^[a-z0-9-]{1,80}$/;
const notFound = () => new AppError('not_found', 'error.404.title');

function personId(ctx: WorkingGroupContext): string | null {
	return isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
}

/** The working groups of the region (optionally of one topic field), with counts. */
export async function listGroups(ctx: WorkingGroupContext, topicFieldKey?: string) {
	const field = topicFieldKey
		? ctx.region.topicFields.find((f) => f.key === topicFieldKey)
		: undefined;
	if (topicFieldKey && !field) throw notFound();
	let query = ctx.db
		.selectFrom('working_group as g')
		.select([
			'g.id',
			'g.slug',
			'g.name',
			'g.topic_field_id',
			sql<number>`(select count(*)::int from working_group_member m where m.group_id = g.id)`.as(
				'members'
			),
			sql<number>`(select count(*)::int from working_group_need n where n.group_id = g.id)`.as(
				'needs'
			),
			sql<number>`(select count(*)::int from working_group_need n where n.group_id = g.id
				and (select coalesce(sum(p.quantity), 0) from working_group_pledge p where p.need_id = n.id) >= n.quantity)`.as(
				'needs_covered'
			)
		])
		.where('g.region_id', '=', ctx.region.id)
		.orderBy('g.name')
		.limit(200);
	if (field) query = query.where('g.topic_field_id', '=', field.id);
	const rows = await query.execute();
	const fields = new Map(ctx.region.topicFields.map((f) => [f.id, f]));
	return rows.map((r) => {
		const f = fields.get(r.topic_field_id);
		return {
			slug: r.slug,
			name: r.name,
			topicField: f ? { key: f.key, name: f.name } : null,
			members: r.members,
			needs: r.needs,
			needsCovered: r.needs_covered
		};
	});
}

/** Creates a group in a topic field; the moderator who creates it is its first lead. */
export async function createGroup(ctx: WorkingGroupContext, input: CreateGroupInput) {
	authorise(ctx.actor, canCreateGroup(ctx.actor));
	const creator = personId(ctx)!;
	const field = ctx.region.topicFields.find((f) => f.key === input.topicField);
	if (!field) {
		throw new AppError('invalid', 'workingGroup.topicField.required', {
			fields: { topicField: 'workingGroup.topicField.required' }
		});
	}
	const base = (slugify(input.name) || 'arbeitsgruppe').slice(0, 70).replace(/-$/, '');
	return ctx.db.transaction().execute(async (trx) => {
		const taken = new Set(
			(
				await trx
					.selectFrom('working_group')
					.select('slug')
					.where('region_id', '=', ctx.region.id)
					.where('slug', 'like', `${base}%`)
					.execute()
			).map((r) => r.slug)
		);
		let slug = base;
		for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
		const inserted = await trx
			.insertInto('working_group')
			.values({
				region_id: ctx.region.id,
				topic_field_id: field.id,
				slug,
				name: input.name,
				description: input.description,
				description_html: renderMarkdown(input.description),
				created_by: creator
			})
			.onConflict((oc) => oc.constraint('working_group_region_slug').doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!inserted) throw new AppError('conflict', 'workingGroup.name.taken');
		await trx
			.insertInto('working_group_member')
			.values({ region_id: ctx.region.id, group_id: inserted.id, person_id: creator, role: 'lead' })
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: creator,
			action: 'working_group.created',
			targetType: 'working_group',
			targetId: inserted.id,
			ip: ctx.meta.ip
		});
		return slug;
	});
}

async function findGroup(
	db: DB | Transaction<Database>,
	regionId: string,
	slug: string,
	lock = false
) {
	if (slug.length > 80 || !SLUG.test(slug)) throw notFound();
	let query = db
		.selectFrom('working_group')
		.selectAll()
		.where('region_id', '=', regionId)
		.where('slug', '=', slug);
	if (lock) query = query.forUpdate();
	const group = await query.executeTakeFirst();
	if (!group) throw notFound();
	return group;
}

async function roleOf(
	db: DB | Transaction<Database>,
	groupId: string,
	person: string | null
): Promise<WorkingGroupRole | null> {
	if (!person) return null;
	const row = await db
		.selectFrom('working_group_member')
		.select('role')
		.where('group_id', '=', groupId)
		.where('person_id', '=', person)
		.executeTakeFirst();
	return row?.role ?? null;
}

/** Whether the person leads the group with this id (for other capabilities' rules). */
export async function isGroupLead(db: DB, groupId: string | null, person: string | null) {
	if (!groupId) return false;
	return (await roleOf(db, groupId, person)) === 'lead';
}

export async function getGroup(ctx: WorkingGroupContext, slug: string) {
	const group = await findGroup(ctx.db, ctx.region.id, slug);
	const me = personId(ctx);
	const [members, needs, pledges, myOrganisations, useCases] = await Promise.all([
		ctx.db
			.selectFrom('working_group_member as m')
			.innerJoin('person as p', 'p.id', 'm.person_id')
			.select(['m.person_id', 'm.role', 'p.display_name'])
			.where('m.group_id', '=', group.id)
			.orderBy('m.role')
			.orderBy('p.display_name')
			.execute(),
		ctx.db
			.selectFrom('working_group_need')
			.select(['id', 'kind', 'title', 'description', 'quantity', 'unit'])
			.where('region_id', '=', ctx.region.id)
			.where('group_id', '=', group.id)
			.orderBy('kind')
			.orderBy('created_at')
			.execute(),
		ctx.db
			.selectFrom('working_group_pledge as pl')
			.innerJoin('working_group_need as n', 'n.id', 'pl.need_id')
			.innerJoin('person as p', 'p.id', 'pl.person_id')
			.leftJoin('organisation as o', 'o.id', 'pl.organisation_id')
			.select([
				'pl.need_id',
				'pl.person_id',
				'pl.quantity',
				'pl.note',
				'p.display_name',
				'p.email',
				'o.name as organisation_name',
				'o.slug as organisation_slug'
			])
			.where('n.group_id', '=', group.id)
			.where('pl.region_id', '=', ctx.region.id)
			.orderBy('pl.created_at')
			.execute(),
		me
			? ctx.db
					.selectFrom('organisation_member as om')
					.innerJoin('organisation as o', 'o.id', 'om.organisation_id')
					.select(['o.slug', 'o.name'])
					.where('om.person_id', '=', me)
					.where('om.region_id', '=', ctx.region.id)
					.orderBy('o.name')
					.execute()
			: Promise.resolve([]),
		ctx.db
			.selectFrom('use_case')
			.select(['id', 'title', 'status'])
			.where('region_id', '=', ctx.region.id)
			.where('working_group_id', '=', group.id)
			.orderBy('position')
			.execute()
	]);
	const myRole = members.find((m) => m.person_id === me)?.role ?? null;
	const manage = canManageGroup(ctx.actor, myRole === 'lead');
	const field = ctx.region.topicFields.find((f) => f.id === group.topic_field_id);
	return {
		id: group.id,
		slug: group.slug,
		name: group.name,
		descriptionHtml: group.description_html,
		topicField: field ? { key: field.key, name: field.name } : null,
		leads: members
			.filter((m) => m.role === 'lead')
			.map((m) => ({ id: m.person_id, name: m.display_name, me: m.person_id === me })),
		memberCount: members.length,
		/** the full member list only for those who manage the group */
		members: manage
			? members.map((m) => ({
					id: m.person_id,
					name: m.display_name,
					role: m.role,
					me: m.person_id === me
				}))
			: [],
		myRole,
		canManage: manage,
		canJoin: canJoin(ctx.actor) && myRole === null,
		canPledge: canPledge(ctx.actor),
		myOrganisations: myOrganisations.map((o) => ({ slug: o.slug, name: o.name })),
		useCases: useCases.map((u) => ({ id: u.id, title: u.title, status: u.status })),
		needs: needs.map((n) => {
			const of = pledges.filter((p) => p.need_id === n.id);
			const pledged = of.reduce((sum, p) => sum + p.quantity, 0);
			return {
				id: n.id,
				kind: n.kind as NeedKind,
				title: n.title,
				description: n.description,
				quantity: n.quantity,
				unit: n.unit,
				pledged,
				pledgeCount: of.length,
				organisations: [
					...new Map(
						of
							.filter((p) => p.organisation_slug)
							.map((p) => [p.organisation_slug!, p.organisation_name!])
					)
				].map(([orgSlug, name]) => ({ slug: orgSlug, name })),
				mine: of
					.filter((p) => p.person_id === me)
					.map((p) => ({
						quantity: p.quantity,
						note: p.note,
						organisation: p.organisation_slug
					})),
				/** who pledged, with contact details: only for leads and moderators */
				pledgers: manage
					? of.map((p) => ({
							name: p.display_name,
							email: p.email,
							organisation: p.organisation_name,
							quantity: p.quantity,
							note: p.note
						}))
					: []
			};
		})
	};
}

/** Loads the group locked, with the actor's role, inside a transaction. */
async function lockGroup(trx: Transaction<Database>, ctx: WorkingGroupContext, slug: string) {
	const group = await findGroup(trx, ctx.region.id, slug, true);
	const myRole = await roleOf(trx, group.id, personId(ctx));
	return { group, myRole };
}

async function leadCount(trx: Transaction<Database>, groupId: string) {
	const row = await trx
		.selectFrom('working_group_member')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('group_id', '=', groupId)
		.where('role', '=', 'lead')
		.executeTakeFirstOrThrow();
	return row.n;
}

export async function joinGroup(ctx: WorkingGroupContext, slug: string) {
	authorise(ctx.actor, canJoin(ctx.actor));
	const me = personId(ctx)!;
	const group = await findGroup(ctx.db, ctx.region.id, slug);
	await ctx.db
		.insertInto('working_group_member')
		.values({ region_id: ctx.region.id, group_id: group.id, person_id: me, role: 'member' })
		.onConflict((oc) => oc.columns(['group_id', 'person_id']).doNothing())
		.execute();
}

/**
 * Removes a member (themselves, or anybody for leads and moderators) or changes a role
 * (leads and moderators). The last lead can neither leave nor be removed nor step down.
 */
async function changeMembership(
	ctx: WorkingGroupContext,
	slug: string,
	target: string,
	change: WorkingGroupRole | 'remove'
) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const me = personId(ctx)!;
	await ctx.db.transaction().execute(async (trx) => {
		const { group, myRole } = await lockGroup(trx, ctx, slug);
		const self = target === me;
		const manage = canManageGroup(ctx.actor, myRole === 'lead');
		// anybody may leave; everything else is for leads and moderators
		authorise(ctx.actor, manage || (self && change === 'remove'));
		const current = await roleOf(trx, group.id, target);
		if (!current) throw new AppError('not_found', 'workingGroup.notMember');
		if (current === change) return;
		if (current === 'lead' && (await leadCount(trx, group.id)) <= 1) {
			throw new AppError('conflict', 'workingGroup.lastLead');
		}
		if (change === 'remove') {
			await trx
				.deleteFrom('working_group_member')
				.where('group_id', '=', group.id)
				.where('person_id', '=', target)
				.execute();
		} else {
			await trx
				.updateTable('working_group_member')
				.set({ role: change })
				.where('group_id', '=', group.id)
				.where('person_id', '=', target)
				.execute();
		}
		if (!self || change !== 'remove') {
			await audit(trx, {
				regionId: ctx.region.id,
				actorId: me,
				action: change === 'remove' ? 'working_group.member_removed' : 'working_group.role_changed',
				targetType: 'working_group',
				targetId: group.id,
				ip: ctx.meta.ip,
				details: { person: target, role: change }
			});
		}
	});
}

export const leaveGroup = (ctx: WorkingGroupContext, slug: string) =>
	changeMembership(ctx, slug, personId(ctx) ?? '', 'remove');
export const removeMember = (ctx: WorkingGroupContext, slug: string, person: string) =>
	changeMembership(ctx, slug, person, 'remove');
export const setRole = (
	ctx: WorkingGroupContext,
	slug: string,
	person: string,
	role: WorkingGroupRole
) => changeMembership(ctx, slug, person, role);

export async function addNeed(ctx: WorkingGroupContext, slug: string, input: NeedInput) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const group = await findGroup(ctx.db, ctx.region.id, slug);
	const myRole = await roleOf(ctx.db, group.id, personId(ctx));
	authorise(ctx.actor, canManageGroup(ctx.actor, myRole === 'lead'));
	const { id } = await ctx.db
		.insertInto('working_group_need')
		.values({ region_id: ctx.region.id, group_id: group.id, ...input })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export async function removeNeed(ctx: WorkingGroupContext, slug: string, needId: string) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const group = await findGroup(ctx.db, ctx.region.id, slug);
	const myRole = await roleOf(ctx.db, group.id, personId(ctx));
	authorise(ctx.actor, canManageGroup(ctx.actor, myRole === 'lead'));
	await ctx.db
		.deleteFrom('working_group_need')
		.where('region_id', '=', ctx.region.id)
		.where('group_id', '=', group.id)
		.where('id', '=', needId)
		.execute();
}

async function needOf(ctx: WorkingGroupContext, slug: string, needId: string) {
	const group = await findGroup(ctx.db, ctx.region.id, slug);
	const need = await ctx.db
		.selectFrom('working_group_need')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('group_id', '=', group.id)
		.where('id', '=', needId)
		.executeTakeFirst();
	if (!need) throw new AppError('not_found', 'workingGroup.need.unknown');
	return need.id;
}

/** The organisation (by slug) the person belongs to, or an error. */
async function ownOrganisation(ctx: WorkingGroupContext, orgSlug: string | undefined) {
	if (!orgSlug) return null;
	const row = await ctx.db
		.selectFrom('organisation_member as om')
		.innerJoin('organisation as o', 'o.id', 'om.organisation_id')
		.select('o.id')
		.where('o.region_id', '=', ctx.region.id)
		.where('o.slug', '=', orgSlug)
		.where('om.person_id', '=', personId(ctx)!)
		.executeTakeFirst();
	if (!row) {
		throw new AppError('invalid', 'workingGroup.pledge.notMember', {
			fields: { organisation: 'workingGroup.pledge.notMember' }
		});
	}
	return row.id;
}

/** Pledges (or replaces the earlier pledge of) a quantity to a need. */
export async function pledge(ctx: WorkingGroupContext, slug: string, input: PledgeInput) {
	authorise(ctx.actor, canPledge(ctx.actor));
	const me = personId(ctx)!;
	const needId = await needOf(ctx, slug, input.need);
	const organisationId = await ownOrganisation(ctx, input.organisation);
	await ctx.db
		.insertInto('working_group_pledge')
		.values({
			region_id: ctx.region.id,
			need_id: needId,
			person_id: me,
			organisation_id: organisationId,
			quantity: input.quantity,
			note: input.note
		})
		.onConflict((oc) =>
			oc.columns(['need_id', 'person_id', 'organisation_id']).doUpdateSet({
				quantity: input.quantity,
				note: input.note,
				updated_at: sql`now()`
			})
		)
		.execute();
}

export async function withdrawPledge(
	ctx: WorkingGroupContext,
	slug: string,
	needId: string,
	orgSlug: string | undefined
) {
	authorise(ctx.actor, canPledge(ctx.actor));
	const me = personId(ctx)!;
	const need = await needOf(ctx, slug, needId);
	const organisationId = await ownOrganisation(ctx, orgSlug);
	let query = ctx.db
		.deleteFrom('working_group_pledge')
		.where('region_id', '=', ctx.region.id)
		.where('need_id', '=', need)
		.where('person_id', '=', me);
	query = organisationId
		? query.where('organisation_id', '=', organisationId)
		: query.where('organisation_id', 'is', null);
	await query.execute();
}

/** The groups of a topic field, for choosing one on a use case. */
export async function groupsOfField(db: DB, regionId: string, topicFieldId: string) {
	return db
		.selectFrom('working_group')
		.select(['id', 'slug', 'name'])
		.where('region_id', '=', regionId)
		.where('topic_field_id', '=', topicFieldId)
		.orderBy('name')
		.execute();
}
