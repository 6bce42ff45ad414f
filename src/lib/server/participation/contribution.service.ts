/**
 * The topic map (Themenlandkarte) of a topic field: contributions in the region's categories,
 * filtered and sorted, written by verified people (for themselves or an organisation they
 * belong to), supported with "I agree too" — which is not a vote.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext, TopicFieldView } from '../region/region.service.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { throttle, type Limit } from '../security/rate-limit.ts';
import { toWords } from '../search/search.service.ts';
import { renderMarkdown } from './markdown.ts';
import type { BoardQuery, ContributionInput } from './contribution.schema.ts';
import { canContribute, canSeeHidden, canSupport } from './contribution.policy.ts';
import {
	addSupport,
	boardFacets,
	countBoard,
	findContribution,
	findSimilar,
	listBoard,
	removeSupport,
	type BoardSort
} from './contribution.repository.ts';
import { findRegionItemId } from '../region/region.repository.ts';
import { follow } from '../notification/notify.ts';
import { requirePhaseAllows } from '../process/process.service.ts';

export interface ParticipationContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string; lang: 'de' | 'en' };
}

export const PAGE_SIZE = 20;
/** Up to this many places the filter is a list; beyond, people type the place's name. */
export const PLACE_OPTIONS_MAX = 100;
const CONTRIBUTE_LIMIT: Limit = { name: 'contribution:person', max: 20, windowSeconds: 60 * 60 };
const SORT: Record<BoardQuery['sortierung'], BoardSort> = {
	neu: 'newest',
	unterstuetzt: 'supported',
	diskutiert: 'discussed'
};

function field(ctx: ParticipationContext, key: string): TopicFieldView {
	const found = ctx.region.topicFields.find((f) => f.key === key);
	if (!found) throw new AppError('not_found', 'error.404.title');
	return found;
}

function idOf(
	ctx: ParticipationContext,
	table: 'municipality' | 'contribution_category' | 'target_group',
	key: string | undefined
): Promise<string | undefined> {
	return key ? findRegionItemId(ctx.db, ctx.region.id, table, key) : Promise.resolve(undefined);
}

/**
 * The category, place and target groups of a new contribution, from their keys in the region
 * (written by a person or typed in from paper): a field error for each one that is unknown.
 */
async function resolveContributionRefs(
	ctx: ParticipationContext,
	input: Pick<ContributionInput, 'category' | 'municipality' | 'targetGroups'>
) {
	const [categoryId, municipalityId, targetGroups] = await Promise.all([
		idOf(ctx, 'contribution_category', input.category),
		idOf(ctx, 'municipality', input.municipality),
		input.targetGroups.length
			? ctx.db
					.selectFrom('target_group')
					.select('id')
					.where('region_id', '=', ctx.region.id)
					.where('key', 'in', input.targetGroups)
					.execute()
			: Promise.resolve([])
	]);
	if (!categoryId) {
		throw new AppError('invalid', 'topicmap.category.required', {
			fields: { category: 'topicmap.category.required' }
		});
	}
	if (input.municipality && !municipalityId) {
		throw new AppError('invalid', 'form.invalid', { fields: { municipality: 'form.invalid' } });
	}
	if (targetGroups.length !== new Set(input.targetGroups).size) {
		throw new AppError('invalid', 'form.invalid', { fields: { targetGroups: 'form.invalid' } });
	}
	return {
		categoryId,
		municipalityId: municipalityId ?? null,
		targetGroupIds: targetGroups.map((g) => g.id)
	};
}

/** What every new contribution has beside its row: its target groups and its search document. */
async function addTargetGroupsAndSearch(
	trx: Transaction<Database>,
	regionId: string,
	id: string,
	targetGroupIds: string[],
	input: Pick<ContributionInput, 'title' | 'body'>
) {
	if (targetGroupIds.length) {
		await trx
			.insertInto('contribution_target_group')
			.values(
				targetGroupIds.map((targetGroupId) => ({
					region_id: regionId,
					contribution_id: id,
					target_group_id: targetGroupId
				}))
			)
			.execute();
	}
	await trx
		.insertInto('search_document')
		.values({
			region_id: regionId,
			kind: 'contribution',
			ref_id: id,
			path: `/beitraege/${id}`,
			title: JSON.stringify({ de: input.title, en: input.title }),
			body: JSON.stringify({ de: input.body.slice(0, 2000), en: input.body.slice(0, 2000) })
		})
		.execute();
}

export async function getBoard(ctx: ParticipationContext, fieldKey: string, query: BoardQuery) {
	const topicField = field(ctx, fieldKey);
	const includeHidden = canSeeHidden(ctx.actor);
	// the tabs and filters first: the chosen category, target group and place are among them
	const facets = await boardFacets(ctx.db, ctx.region.id, topicField.id, {
		includeHidden,
		categoryKey: query.kategorie,
		placeSlug: query.ort,
		placeLimit: PLACE_OPTIONS_MAX
	});
	const category = facets.categories.find((c) => c.key === query.kategorie);
	const targetGroup = facets.targetGroups.find((g) => g.key === query.zielgruppe);
	const place = facets.places.find((m) => m.slug === query.ort);
	const filter = {
		categoryId: category?.id,
		targetGroupId: targetGroup?.id,
		municipalityId: place?.id,
		includeHidden
	};
	// an unknown filter value finds nothing rather than everything
	const unknown =
		(query.kategorie && !category) || (query.zielgruppe && !targetGroup) || (query.ort && !place);
	const [items, placeTotal] = await Promise.all([
		unknown
			? Promise.resolve([])
			: listBoard(ctx.db, ctx.region.id, topicField.id, filter, SORT[query.sortierung], {
					limit: PAGE_SIZE,
					offset: (query.seite - 1) * PAGE_SIZE
				}),
		// a place is not among the running counts: its matches are counted
		unknown || !place
			? Promise.resolve(0)
			: countBoard(ctx.db, ctx.region.id, topicField.id, filter)
	]);
	// the running counts give the total otherwise: the target group's (within the category),
	// the category's, or the sum of all categories
	const total = unknown
		? 0
		: place
			? placeTotal
			: targetGroup
				? targetGroup.count
				: category
					? category.count
					: facets.categories.reduce((sum, c) => sum + c.count, 0);
	const categoryKey = new Map(facets.categories.map((c) => [c.id, c.key]));
	const groupOrder = new Map(facets.targetGroups.map((g, index) => [g.id, { key: g.key, index }]));
	// the place filter offers the places this board has contributions from (and the one
	// chosen), not every municipality of the region; beyond the limit people type the name
	const placeInput = facets.places.length > PLACE_OPTIONS_MAX;
	return {
		topicField,
		total,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		categoryCounts: Object.fromEntries(facets.categories.map((c) => [c.key, c.count])),
		// the places to choose from, or none when people type the name (too many for a list)
		municipalities: placeInput ? [] : facets.places.map((m) => ({ slug: m.slug, name: m.name })),
		placeInput,
		chosenPlace: place?.name ?? '',
		canContribute: canContribute(ctx.actor),
		items: items.map((row) => ({
			id: row.id,
			title: row.title,
			hidden: row.status === 'hidden',
			officialAnswer: row.answered,
			supports: row.support_count,
			comments: row.comment_count,
			createdAt: row.created_at.toISOString(),
			category: categoryKey.get(row.category_id) ?? '',
			municipality: row.municipality_name,
			point:
				row.lat !== null && row.lon !== null
					? { lat: Number(row.lat), lon: Number(row.lon) }
					: null,
			author: row.organisation_name ?? row.author_name ?? null,
			targetGroups: row.target_group_ids
				.flatMap((id) => groupOrder.get(id) ?? [])
				.sort((a, b) => a.index - b.index)
				.map((g) => g.key),
			paper: row.event_id ? { eventId: row.event_id, eventTitle: row.event_title ?? '' } : null
		}))
	};
}

/** What the form to write a contribution offers. */
export async function getContributionForm(ctx: ParticipationContext, fieldKey: string) {
	const topicField = field(ctx, fieldKey);
	authorise(ctx.actor, canContribute(ctx.actor));
	await requirePhaseAllows(ctx.db, ctx.actor, ctx.region.id, topicField.id, 'contributing');
	const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : '';
	const [municipalities, organisations] = await Promise.all([
		ctx.db
			.selectFrom('municipality')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('name')
			.execute(),
		ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select(['organisation.slug', 'organisation.name'])
			.where('organisation_member.region_id', '=', ctx.region.id)
			.where('organisation_member.person_id', '=', personId)
			.orderBy('organisation.name')
			.execute()
	]);
	return { topicField, municipalities, organisations };
}

export async function similarContributions(
	ctx: ParticipationContext,
	fieldKey: string,
	text: string
) {
	const topicField = field(ctx, fieldKey);
	authorise(ctx.actor, canContribute(ctx.actor));
	// the longer words carry the meaning; short ones match too much
	const words = toWords(text).filter((w) => w.length >= 4);
	return findSimilar(ctx.db, ctx.region.id, topicField.id, words);
}

export async function createContribution(
	ctx: ParticipationContext,
	fieldKey: string,
	input: ContributionInput
): Promise<string> {
	const topicField = field(ctx, fieldKey);
	authorise(ctx.actor, canContribute(ctx.actor));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	await requirePhaseAllows(ctx.db, ctx.actor, ctx.region.id, topicField.id, 'contributing');
	const person = ctx.actor.person;
	await throttle(ctx.db, [[CONTRIBUTE_LIMIT, person.id]]);
	const refs = await resolveContributionRefs(ctx, input);
	let organisationId: string | null = null;
	if (input.organisation) {
		// only for an organisation the person belongs to
		const membership = await ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select('organisation.id')
			.where('organisation_member.region_id', '=', ctx.region.id)
			.where('organisation_member.person_id', '=', person.id)
			.where('organisation.slug', '=', input.organisation)
			.executeTakeFirst();
		if (!membership) {
			throw new AppError('invalid', 'topicmap.organisation.notMember', {
				fields: { organisation: 'topicmap.organisation.notMember' }
			});
		}
		organisationId = membership.id;
	}
	return ctx.db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('contribution')
			.values({
				region_id: ctx.region.id,
				topic_field_id: topicField.id,
				category_id: refs.categoryId,
				municipality_id: refs.municipalityId,
				author_id: person.id,
				organisation_id: organisationId,
				title: input.title,
				body: input.body,
				body_html: renderMarkdown(input.body),
				language: ctx.meta.lang
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await addTargetGroupsAndSearch(trx, ctx.region.id, id, refs.targetGroupIds, input);
		// authors follow their contribution (comments, official answer)
		await follow(trx, ctx.region.id, person.id, 'contribution', id);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'contribution.created',
			targetType: 'contribution',
			targetId: id,
			ip: ctx.meta.ip
		});
		return id;
	});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getContribution(ctx: ParticipationContext, id: string) {
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const row = await findContribution(
		ctx.db,
		ctx.region.id,
		id,
		isSignedIn(ctx.actor) ? ctx.actor.person.id : null
	);
	if (!row || (row.status === 'hidden' && !canSeeHidden(ctx.actor))) {
		throw new AppError('not_found', 'error.404.title');
	}
	return {
		id: row.id,
		title: row.title,
		bodyHtml: row.body_html,
		language: row.language,
		hidden: row.status === 'hidden',
		supports: row.support_count,
		comments: row.comment_count,
		createdAt: row.created_at.toISOString(),
		topicField: { key: row.topic_field_key, name: row.topic_field_name },
		category: row.category_key,
		municipality: row.municipality_name,
		author: row.author_name,
		organisation: row.organisation_name
			? { name: row.organisation_name, slug: row.organisation_slug! }
			: null,
		targetGroups: row.target_groups,
		paper: row.event_id
			? { eventId: row.event_id, eventTitle: row.event_title ?? '', onBehalfOf: row.on_behalf_of }
			: null,
		supported: row.supported,
		canSupport: canSupport(ctx.actor)
	};
}

/** Supports or withdraws the support; idempotent, and safe when clicked twice at once. */
export async function setSupport(ctx: ParticipationContext, id: string, support: boolean) {
	authorise(ctx.actor, canSupport(ctx.actor));
	if (!isSignedIn(ctx.actor)) return;
	const contribution = await getContribution(ctx, id);
	if (contribution.hidden) throw new AppError('forbidden', 'auth.forbidden');
	const fieldId = ctx.region.topicFields.find((f) => f.key === contribution.topicField.key)?.id;
	await requirePhaseAllows(ctx.db, ctx.actor, ctx.region.id, fieldId ?? null, 'supporting');
	const personId = ctx.actor.person.id;
	await ctx.db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('contribution')
			.select('status')
			.where('id', '=', id)
			.where('region_id', '=', ctx.region.id)
			.forUpdate()
			.executeTakeFirst();
		if (current?.status !== 'published') throw new AppError('forbidden', 'auth.forbidden');
		if (support) {
			await addSupport(trx, ctx.region.id, id, personId);
			// supporters follow what they support (withdrawing keeps the follow)
			await follow(trx, ctx.region.id, personId, 'contribution', id);
		} else await removeSupport(trx, ctx.region.id, id, personId);
	});
}

/**
 * A contribution collected on paper at an event and typed in by the moderation: no author,
 * `entered_by` the person entering it, optionally a participant's name it was written by.
 * The caller (the event service) checks that the actor may organise the event.
 */
export async function createPaperContribution(
	ctx: ParticipationContext,
	fieldKey: string,
	input: Omit<ContributionInput, 'organisation'>,
	paper: { eventId: string; onBehalfOf: string | undefined }
): Promise<string> {
	const topicField = field(ctx, fieldKey);
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	const person = ctx.actor.person;
	const refs = await resolveContributionRefs(ctx, input);
	return ctx.db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('contribution')
			.values({
				region_id: ctx.region.id,
				topic_field_id: topicField.id,
				category_id: refs.categoryId,
				municipality_id: refs.municipalityId,
				author_id: null,
				organisation_id: null,
				entered_by: person.id,
				event_id: paper.eventId,
				on_behalf_of: paper.onBehalfOf ?? null,
				title: input.title,
				body: input.body,
				body_html: renderMarkdown(input.body),
				language: ctx.meta.lang
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await addTargetGroupsAndSearch(trx, ctx.region.id, id, refs.targetGroupIds, input);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: person.id,
			action: 'contribution.paper_entered',
			targetType: 'contribution',
			targetId: id,
			ip: ctx.meta.ip,
			details: { eventId: paper.eventId }
		});
		return id;
	});
}
