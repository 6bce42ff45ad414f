/**
 * Use cases (Anwendungsfälle) through their lifecycle: created from the region file, by
 * moderators, or from a contribution; their status changes along the allowed transitions
 * (use-case.lifecycle.ts), each change writing a dated update in the same transaction; the
 * actors of the value network (organisations with a role) and a working group.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database, UseCaseActorRole, UseCaseStatus } from '../db/schema.ts';
import type { Localised } from '../region/region-file.schema.ts';
import type { RegionContext, TopicFieldView } from '../region/region.service.ts';
import { slugify } from '../region/region-import.service.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { notifyFollowers } from '../notification/notify.ts';
import { audit } from '../security/audit.ts';
import {
	canTransition,
	needsReason,
	TRANSITIONS,
	USE_CASE_STATUSES
} from './use-case.lifecycle.ts';
import type {
	ActorInput,
	CreateUseCaseInput,
	StatusInput,
	UpdateInput
} from './use-case.schema.ts';
import { canCreateUseCase, canEditUseCase, canSetWorkingGroup } from './use-case.policy.ts';

export interface UseCaseContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string; lang: 'de' | 'en' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new AppError('not_found', 'error.404.title');
type Executor = DB | Transaction<Database>;

function me(ctx: UseCaseContext): string | null {
	return isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
}

function fieldByKey(ctx: UseCaseContext, key: string): TopicFieldView {
	const field = ctx.region.topicFields.find((f) => f.key === key);
	if (!field) throw notFound();
	return field;
}

/** Where every use case of a topic field stands: grouped by status, in lifecycle order. */
/** How many use cases each status column of a topic field shows; the rest are counted. */
export const OVERVIEW_PER_STATUS = 8;

/**
 * Where the use cases of a topic field stand: per status the count and the first few (one
 * query with window functions, however many use cases the field has).
 */
export async function overview(ctx: UseCaseContext, fieldKey: string) {
	const field = fieldByKey(ctx, fieldKey);
	const ranked = ctx.db
		.selectFrom('use_case as u')
		.select([
			'u.id',
			'u.key',
			'u.title',
			'u.status',
			'u.position',
			sql<number>`row_number() over (partition by u.status order by u.position, u.id)::int`.as('n'),
			sql<number>`count(*) over (partition by u.status)::int`.as('total')
		])
		.where('u.region_id', '=', ctx.region.id)
		.where('u.topic_field_id', '=', field.id);
	const rows = await ctx.db
		.selectFrom(ranked.as('r'))
		.selectAll()
		.where('r.n', '<=', OVERVIEW_PER_STATUS)
		.orderBy('r.n')
		.execute();
	return USE_CASE_STATUSES.map((status) => {
		const inStatus = rows.filter((r) => r.status === status);
		return {
			status,
			total: inStatus[0]?.total ?? 0,
			useCases: inStatus.map((r) => ({ id: r.id, key: r.key, title: r.title }))
		};
	});
}

async function loadUseCase(db: Executor, regionId: string, id: string, lock = false) {
	if (!UUID.test(id)) throw notFound();
	let query = db
		.selectFrom('use_case')
		.selectAll()
		.where('region_id', '=', regionId)
		.where('id', '=', id);
	if (lock) query = query.forUpdate();
	const row = await query.executeTakeFirst();
	if (!row) throw notFound();
	return row;
}

async function leadsGroup(db: Executor, groupId: string | null, person: string | null) {
	if (!groupId || !person) return false;
	const row = await db
		.selectFrom('working_group_member')
		.select('role')
		.where('group_id', '=', groupId)
		.where('person_id', '=', person)
		.where('role', '=', 'lead')
		.executeTakeFirst();
	return Boolean(row);
}

export async function getUseCase(ctx: UseCaseContext, id: string) {
	const useCase = await loadUseCase(ctx.db, ctx.region.id, id);
	const person = me(ctx);
	const [group, contribution, updates, actors, lead] = await Promise.all([
		useCase.working_group_id
			? ctx.db
					.selectFrom('working_group')
					.select(['slug', 'name'])
					.where('id', '=', useCase.working_group_id)
					.executeTakeFirst()
			: Promise.resolve(undefined),
		useCase.source_contribution_id
			? ctx.db
					.selectFrom('contribution')
					.select(['id', 'title'])
					.where('id', '=', useCase.source_contribution_id)
					.where('status', '=', 'published')
					.executeTakeFirst()
			: Promise.resolve(undefined),
		ctx.db
			.selectFrom('use_case_update as up')
			.leftJoin('person as p', 'p.id', 'up.author_id')
			.select([
				'up.id',
				sql<string>`to_char(up.happened_on, 'YYYY-MM-DD')`.as('date'),
				'up.status_from',
				'up.status_to',
				'up.body_html',
				'p.display_name as author'
			])
			.where('up.region_id', '=', ctx.region.id)
			.where('up.use_case_id', '=', useCase.id)
			.orderBy('up.happened_on', 'desc')
			.orderBy('up.created_at', 'desc')
			.limit(200)
			.execute(),
		ctx.db
			.selectFrom('use_case_actor as a')
			.leftJoin('organisation as o', 'o.id', 'a.organisation_id')
			.select(['a.id', 'a.role', 'o.slug', 'o.name', 'a.person_id'])
			.where('a.region_id', '=', ctx.region.id)
			.where('a.use_case_id', '=', useCase.id)
			.orderBy('a.role')
			.orderBy('o.name')
			.execute(),
		leadsGroup(ctx.db, useCase.working_group_id, person)
	]);
	const field = ctx.region.topicFields.find((f) => f.id === useCase.topic_field_id)!;
	const canEdit = canEditUseCase(ctx.actor, lead);
	return {
		id: useCase.id,
		key: useCase.key,
		title: useCase.title,
		summary: useCase.summary,
		status: useCase.status,
		discardedReason: useCase.discarded_reason,
		updatedAt: useCase.updated_at.toISOString(),
		createdAt: useCase.created_at.toISOString(),
		topicField: { key: field.key, name: field.name },
		group: group ?? null,
		contribution: contribution ?? null,
		updates: updates.map((u) => ({
			id: u.id,
			date: u.date,
			from: u.status_from,
			to: u.status_to,
			html: u.body_html,
			author: u.author
		})),
		organisations: actors
			.filter((a) => a.slug)
			.map((a) => ({ id: a.id, role: a.role, slug: a.slug!, name: a.name! })),
		/** people are counted, never named, on public pages */
		people: actors.filter((a) => a.person_id).length,
		canEdit,
		canSetGroup: canSetWorkingGroup(ctx.actor),
		next: canEdit ? TRANSITIONS[useCase.status] : []
	};
}

/** A key unique in the topic field, from the title. */
async function freeKey(
	trx: Transaction<Database>,
	regionId: string,
	fieldId: string,
	title: string
) {
	const base = (slugify(title) || 'anwendungsfall').slice(0, 60).replace(/-$/, '');
	const taken = new Set(
		(
			await trx
				.selectFrom('use_case')
				.select('key')
				.where('region_id', '=', regionId)
				.where('topic_field_id', '=', fieldId)
				.where('key', 'like', `${base}%`)
				.execute()
		).map((r) => r.key)
	);
	let key = base;
	for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
	return key;
}

/**
 * A use case made in the app. The text is stored in both languages (the writer's words):
 * pages pick the person's language and fall back to German, so both keys are filled.
 */
export async function createUseCase(ctx: UseCaseContext, input: CreateUseCaseInput) {
	authorise(ctx.actor, canCreateUseCase(ctx.actor));
	const person = me(ctx)!;
	let field = ctx.region.topicFields.find((f) => f.key === input.topicField);
	let contributionId: string | null = null;
	if (input.contribution) {
		const contribution = await ctx.db
			.selectFrom('contribution')
			.select(['id', 'topic_field_id'])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', input.contribution)
			.where('status', '=', 'published')
			.executeTakeFirst();
		if (!contribution) throw new AppError('invalid', 'useCase.contribution.unknown');
		contributionId = contribution.id;
		field = ctx.region.topicFields.find((f) => f.id === contribution.topic_field_id);
	}
	if (!field) {
		throw new AppError('invalid', 'useCase.topicField.required', {
			fields: { topicField: 'useCase.topicField.required' }
		});
	}
	const topicField = field;
	const text = (value: string): Localised => ({ de: value, en: value });
	return ctx.db.transaction().execute(async (trx) => {
		// one writer per topic field at a time: keys and positions stay unique
		await sql`select pg_advisory_xact_lock(hashtext(${`use_case:${topicField.id}`}))`.execute(trx);
		const key = await freeKey(trx, ctx.region.id, topicField.id, input.title);
		const { id } = await trx
			.insertInto('use_case')
			.values({
				region_id: ctx.region.id,
				topic_field_id: topicField.id,
				key,
				position: sql<number>`(select coalesce(max(position), -1) + 1 from use_case
					where region_id = ${ctx.region.id} and topic_field_id = ${topicField.id})`,
				title: JSON.stringify(text(input.title)),
				summary: JSON.stringify(text(input.summary)),
				from_region_file: false,
				source_contribution_id: contributionId,
				created_by: person
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('search_document')
			.values({
				region_id: ctx.region.id,
				kind: 'use_case',
				ref_id: id,
				path: `/anwendungsfaelle/${id}`,
				title: JSON.stringify(text(input.title)),
				body: JSON.stringify(text(input.summary))
			})
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person,
			action: 'use_case.created',
			targetType: 'use_case',
			targetId: id,
			ip: ctx.meta.ip,
			details: contributionId ? { contribution: contributionId } : {}
		});
		return id;
	});
}

async function authoriseEdit(
	ctx: UseCaseContext,
	db: Executor,
	useCase: { working_group_id: string | null }
) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	authorise(
		ctx.actor,
		canEditUseCase(ctx.actor, await leadsGroup(db, useCase.working_group_id, me(ctx)))
	);
}

export interface StatusChange {
	/** the update row written with the change */
	updateId: string;
	useCase: { id: string; title: Localised; topicFieldId: string };
	from: UseCaseStatus;
	to: UseCaseStatus;
}

/**
 * Moves a use case to another status along the allowed transitions and writes the dated
 * update (with the reason when discarding) in the same transaction, the use case row locked.
 * The one place a status changes: followers are to be notified from here.
 */
export async function changeStatus(
	ctx: UseCaseContext,
	id: string,
	input: StatusInput
): Promise<StatusChange> {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	if (needsReason(input.status) && !input.reason) {
		throw new AppError('invalid', 'useCase.reason.required', {
			fields: { reason: 'useCase.reason.required' }
		});
	}
	return ctx.db.transaction().execute(async (trx) => {
		const useCase = await loadUseCase(trx, ctx.region.id, id, true);
		await authoriseEdit(ctx, trx, useCase);
		if (!canTransition(useCase.status, input.status)) {
			throw new AppError('invalid', 'useCase.status.notAllowed', {
				fields: { status: 'useCase.status.notAllowed' }
			});
		}
		const reason = needsReason(input.status) ? input.reason : null;
		await trx
			.updateTable('use_case')
			.set({ status: input.status, discarded_reason: reason, updated_at: sql`now()` })
			.where('id', '=', useCase.id)
			.execute();
		const body = [reason, input.text].filter(Boolean).join('\n\n');
		const { id: updateId } = await trx
			.insertInto('use_case_update')
			.values({
				region_id: ctx.region.id,
				use_case_id: useCase.id,
				author_id: me(ctx),
				happened_on: input.date ?? sql<string>`current_date`,
				status_from: useCase.status,
				status_to: input.status,
				body,
				body_html: renderMarkdown(body)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: me(ctx),
			action: 'use_case.status_changed',
			targetType: 'use_case',
			targetId: useCase.id,
			ip: ctx.meta.ip,
			details: { from: useCase.status, to: input.status }
		});
		// Everybody following the use case hears of it, and so does everybody following the
		// contribution it came from (its author, supporters and commenters follow it).
		const sourceFollowers = useCase.source_contribution_id
			? await trx
					.selectFrom('follow')
					.select('person_id')
					.where('region_id', '=', ctx.region.id)
					.where('target_type', '=', 'contribution')
					.where('target_id', '=', useCase.source_contribution_id)
					.execute()
			: [];
		await notifyFollowers(trx, {
			regionId: ctx.region.id,
			targetType: 'use_case',
			targetId: useCase.id,
			kind: 'use_case_status',
			title: useCase.title.de || useCase.title.en,
			url: `/anwendungsfaelle/${useCase.id}`,
			actorId: me(ctx),
			alsoNotify: sourceFollowers.map((f) => f.person_id)
		});
		return {
			updateId,
			useCase: { id: useCase.id, title: useCase.title, topicFieldId: useCase.topic_field_id },
			from: useCase.status,
			to: input.status
		};
	});
}

/** A dated update without a status change. */
export async function addUpdate(ctx: UseCaseContext, id: string, input: UpdateInput) {
	const useCase = await loadUseCase(ctx.db, ctx.region.id, id);
	await authoriseEdit(ctx, ctx.db, useCase);
	const { id: updateId } = await ctx.db
		.insertInto('use_case_update')
		.values({
			region_id: ctx.region.id,
			use_case_id: useCase.id,
			author_id: me(ctx),
			happened_on: input.date ?? sql<string>`current_date`,
			body: input.text,
			body_html: renderMarkdown(input.text)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return updateId;
}

export async function addActor(ctx: UseCaseContext, id: string, input: ActorInput) {
	const useCase = await loadUseCase(ctx.db, ctx.region.id, id);
	await authoriseEdit(ctx, ctx.db, useCase);
	const organisation = await ctx.db
		.selectFrom('organisation')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('slug', '=', input.organisation)
		.executeTakeFirst();
	if (!organisation) {
		throw new AppError('invalid', 'useCase.actor.organisation', {
			fields: { organisation: 'useCase.actor.organisation' }
		});
	}
	await ctx.db
		.insertInto('use_case_actor')
		.values({
			region_id: ctx.region.id,
			use_case_id: useCase.id,
			organisation_id: organisation.id,
			role: input.role as UseCaseActorRole
		})
		.onConflict((oc) => oc.doNothing())
		.execute();
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: me(ctx),
		action: 'use_case.actor_added',
		targetType: 'use_case',
		targetId: useCase.id,
		ip: ctx.meta.ip,
		details: { organisation: organisation.id, role: input.role }
	});
}

export async function removeActor(ctx: UseCaseContext, id: string, actorId: string) {
	const useCase = await loadUseCase(ctx.db, ctx.region.id, id);
	await authoriseEdit(ctx, ctx.db, useCase);
	await ctx.db
		.deleteFrom('use_case_actor')
		.where('region_id', '=', ctx.region.id)
		.where('use_case_id', '=', useCase.id)
		.where('id', '=', actorId)
		.execute();
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: me(ctx),
		action: 'use_case.actor_removed',
		targetType: 'use_case',
		targetId: useCase.id,
		ip: ctx.meta.ip
	});
}

/** Ties the use case to a working group of its topic field (or to none, with ''). */
export async function setWorkingGroup(ctx: UseCaseContext, id: string, groupSlug: string) {
	authorise(ctx.actor, canSetWorkingGroup(ctx.actor));
	const useCase = await loadUseCase(ctx.db, ctx.region.id, id);
	let groupId: string | null = null;
	if (groupSlug) {
		const group = await ctx.db
			.selectFrom('working_group')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('topic_field_id', '=', useCase.topic_field_id)
			.where('slug', '=', groupSlug)
			.executeTakeFirst();
		if (!group) throw new AppError('invalid', 'useCase.group.unknown');
		groupId = group.id;
	}
	await ctx.db
		.updateTable('use_case')
		.set({ working_group_id: groupId, updated_at: sql`now()` })
		.where('id', '=', useCase.id)
		.execute();
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: me(ctx),
		action: 'use_case.working_group_set',
		targetType: 'use_case',
		targetId: useCase.id,
		ip: ctx.meta.ip,
		details: { group: groupId }
	});
}

/** Choices for the forms on a use case page: organisations and the field's groups. */
export async function editChoices(ctx: UseCaseContext, topicFieldKey: string) {
	const field = fieldByKey(ctx, topicFieldKey);
	const [organisations, groups] = await Promise.all([
		ctx.db
			.selectFrom('organisation')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('name')
			.limit(500)
			.execute(),
		ctx.db
			.selectFrom('working_group')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.where('topic_field_id', '=', field.id)
			.orderBy('name')
			.execute()
	]);
	return { organisations, groups };
}

/** The use case taken over from a contribution, if any (for the contribution page). */
export async function useCaseOfContribution(db: DB, regionId: string, contributionId: string) {
	if (!UUID.test(contributionId)) return null;
	const row = await db
		.selectFrom('use_case')
		.select(['id', 'title'])
		.where('region_id', '=', regionId)
		.where('source_contribution_id', '=', contributionId)
		.orderBy('created_at')
		.executeTakeFirst();
	return row ?? null;
}

/** The contribution to prefill a new use case from (moderators). */
export async function contributionForUseCase(ctx: UseCaseContext, contributionId: string) {
	authorise(ctx.actor, canCreateUseCase(ctx.actor));
	if (!UUID.test(contributionId)) throw notFound();
	const row = await ctx.db
		.selectFrom('contribution')
		.select(['id', 'title', 'body', 'topic_field_id'])
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', contributionId)
		.where('status', '=', 'published')
		.executeTakeFirst();
	if (!row) throw notFound();
	const field = ctx.region.topicFields.find((f) => f.id === row.topic_field_id)!;
	return { id: row.id, title: row.title, summary: row.body.slice(0, 600), topicField: field.key };
}
