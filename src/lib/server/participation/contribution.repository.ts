/**
 * Topic-map queries. Every one is scoped by region; lists are paged and fetch their target
 * groups, categories and authors in the same statement (no query per item).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface BoardFilter {
	categoryId?: string;
	targetGroupId?: string;
	municipalityId?: string;
	includeHidden: boolean;
}

export type BoardSort = 'newest' | 'supported' | 'discussed';

function boardQuery(db: Executor, regionId: string, topicFieldId: string, filter: BoardFilter) {
	let query = db
		.selectFrom('contribution')
		.where('contribution.region_id', '=', regionId)
		.where('contribution.topic_field_id', '=', topicFieldId);
	if (!filter.includeHidden) query = query.where('contribution.status', '=', 'published');
	if (filter.categoryId) query = query.where('contribution.category_id', '=', filter.categoryId);
	if (filter.municipalityId)
		query = query.where('contribution.municipality_id', '=', filter.municipalityId);
	if (filter.targetGroupId) {
		const groupId = filter.targetGroupId;
		query = query.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('contribution_target_group')
					.select(sql`1`.as('x'))
					.whereRef('contribution_target_group.contribution_id', '=', 'contribution.id')
					.where('contribution_target_group.target_group_id', '=', groupId)
			)
		);
	}
	return query;
}

/**
 * The ids of one page of the board, in its order. Filtered by target group (and not by place),
 * newest first, they come from the target-group rows alone: these carry copies of topic field,
 * status, category and creation time (kept true by a foreign key), and `ctg_board` has them in
 * order, so a page reads 20 index entries (plus those of other categories when a category is
 * chosen too) instead of walking the whole board and looking up each contribution's groups.
 */
function pageIds(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	filter: BoardFilter,
	sort: BoardSort,
	page: { limit: number; offset: number }
) {
	if (filter.targetGroupId && !filter.municipalityId && sort === 'newest') {
		let ids = db
			.selectFrom('contribution_target_group as ctg')
			.select('ctg.contribution_id as id')
			.where('ctg.region_id', '=', regionId)
			.where('ctg.topic_field_id', '=', topicFieldId)
			.where('ctg.target_group_id', '=', filter.targetGroupId);
		if (!filter.includeHidden) ids = ids.where('ctg.status', '=', 'published');
		if (filter.categoryId) ids = ids.where('ctg.category_id', '=', filter.categoryId);
		return ids
			.orderBy('ctg.created_at', 'desc')
			.orderBy('ctg.contribution_id')
			.limit(page.limit)
			.offset(page.offset);
	}
	// The page's ids first (an index scan, however deep the page), so that the select list
	// is computed for its 20 rows only, not for every skipped row as well.
	let ids = boardQuery(db, regionId, topicFieldId, filter).select('contribution.id');
	if (sort === 'supported') ids = ids.orderBy('contribution.support_count', 'desc');
	if (sort === 'discussed') ids = ids.orderBy('contribution.comment_count', 'desc');
	return ids
		.orderBy('contribution.created_at', 'desc')
		.orderBy('contribution.id')
		.limit(page.limit)
		.offset(page.offset);
}

/**
 * One page of the board. Kept cheap to plan, because node-postgres sends unnamed statements
 * that PostgreSQL plans on every request: one table and one join, the rest are lookups by
 * primary key (subplans, planned in isolation). With six joins, planning took 2–4 ms per
 * request, several times as long as running it. Categories and target groups come back as
 * ids; `boardLabels` has their keys.
 */
export async function listBoard(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	filter: BoardFilter,
	sort: BoardSort,
	page: { limit: number; offset: number }
) {
	const paged = pageIds(db, regionId, topicFieldId, filter, sort, page);
	let query = db
		.selectFrom('contribution')
		.leftJoin('municipality', 'municipality.id', 'contribution.municipality_id')
		.where('contribution.region_id', '=', regionId)
		.where('contribution.id', 'in', paged)
		.select((eb) => [
			'contribution.id',
			'contribution.title',
			'contribution.status',
			'contribution.event_id',
			'contribution.support_count',
			'contribution.comment_count',
			'contribution.created_at',
			'contribution.category_id',
			'municipality.name as municipality_name',
			'municipality.lat',
			'municipality.lon',
			eb
				.selectFrom('event')
				.select('event.title')
				.whereRef('event.id', '=', 'contribution.event_id')
				.where('event.region_id', '=', regionId)
				.as('event_title'),
			eb
				.selectFrom('person')
				.select('person.display_name')
				.whereRef('person.id', '=', 'contribution.author_id')
				.where('person.region_id', '=', regionId)
				.as('author_name'),
			eb
				.selectFrom('organisation')
				.select('organisation.name')
				.whereRef('organisation.id', '=', 'contribution.organisation_id')
				.where('organisation.region_id', '=', regionId)
				.as('organisation_name'),
			sql<boolean>`exists (
				select 1 from official_answer oa where oa.contribution_id = contribution.id
			)`.as('answered'),
			sql<string[]>`array(
				select ctg.target_group_id from contribution_target_group ctg
				where ctg.contribution_id = contribution.id
			)`.as('target_group_ids')
		]);
	if (sort === 'supported') query = query.orderBy('contribution.support_count', 'desc');
	if (sort === 'discussed') query = query.orderBy('contribution.comment_count', 'desc');
	return query.orderBy('contribution.created_at', 'desc').orderBy('contribution.id').execute();
}

type FacetKind = 'category' | 'target_group' | 'place';

export interface FacetQuery {
	includeHidden: boolean;
	/** the chosen category's key: the target groups are counted within it */
	categoryKey?: string;
	/** the chosen place's slug: it is among the places, whatever the limit */
	placeSlug?: string;
	/** the board's places are listed up to this many (one more says "too many") */
	placeLimit: number;
}

/**
 * What the board's tabs and filters offer, in one statement (each round trip to PostgreSQL
 * costs more CPU than these lookups): the region's categories with the board's count in each,
 * its target groups with their counts (within the chosen category), both in their order and
 * read from the running counts the triggers keep (`contribution_count`,
 * `contribution_group_count`: a few rows, however many contributions), and the places the
 * board has published contributions from (`contribution_place_count`), by name. The rows name categories and target groups by id
 * too: the board's rows and filters use the ids.
 */
export async function boardFacets(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	query: FacetQuery
) {
	const chosenCategory = db
		.selectFrom('contribution_category')
		.select('id')
		.where('region_id', '=', regionId)
		.where('key', '=', query.categoryKey ?? '');
	const categories = db
		.selectFrom('contribution_category as c')
		.select((eb) => [
			sql<FacetKind>`'category'`.as('kind'),
			'c.id',
			'c.key',
			sql<string | null>`null::text`.as('name'),
			sql<number | null>`c.position`.as('position'),
			eb
				.selectFrom('contribution_count as n')
				.select(sql<number>`coalesce(sum(n.n), 0)::int`.as('n'))
				.where('n.region_id', '=', regionId)
				.where('n.topic_field_id', '=', topicFieldId)
				.whereRef('n.category_id', '=', 'c.id')
				.$if(!query.includeHidden, (qb) => qb.where('n.status', '=', 'published'))
				.as('n')
		])
		.where('c.region_id', '=', regionId);
	const targetGroups = db
		.selectFrom('target_group as g')
		.select((eb) => [
			sql<FacetKind>`'target_group'`.as('kind'),
			'g.id',
			'g.key',
			sql<string | null>`null::text`.as('name'),
			sql<number | null>`g.position`.as('position'),
			eb
				.selectFrom('contribution_group_count as n')
				.select(sql<number>`coalesce(sum(n.n), 0)::int`.as('n'))
				.where('n.region_id', '=', regionId)
				.where('n.topic_field_id', '=', topicFieldId)
				.whereRef('n.target_group_id', '=', 'g.id')
				.$if(query.categoryKey !== undefined, (qb) =>
					qb.where('n.category_id', '=', chosenCategory)
				)
				.$if(!query.includeHidden, (qb) => qb.where('n.status', '=', 'published'))
				.as('n')
		])
		.where('g.region_id', '=', regionId);
	const places = db
		.selectFrom('municipality as m')
		.select([
			sql<FacetKind>`'place'`.as('kind'),
			'm.id',
			'm.slug as key',
			sql<string | null>`m.name`.as('name'),
			sql<number | null>`null::int`.as('position'),
			sql<number | null>`null::int`.as('n')
		])
		.where('m.region_id', '=', regionId)
		.where((eb) =>
			eb.or([
				eb(
					'm.id',
					'in',
					eb
						.selectFrom('contribution_place_count as p')
						.select('p.municipality_id')
						.where('p.region_id', '=', regionId)
						.where('p.topic_field_id', '=', topicFieldId)
						.where('p.status', '=', 'published')
						.where('p.n', '>', 0)
						.limit(query.placeLimit + 1)
				),
				eb('m.slug', '=', query.placeSlug ?? '')
			])
		);
	const rows = await categories
		.unionAll(targetGroups)
		.unionAll(places)
		.orderBy('position')
		.orderBy('name')
		.execute();
	const of = (kind: FacetKind) =>
		rows
			.filter((r) => r.kind === kind)
			.map((r) => ({ id: r.id, key: r.key, name: r.name ?? '', count: r.n ?? 0 }));
	return {
		categories: of('category'),
		targetGroups: of('target_group'),
		places: of('place').map((p) => ({ id: p.id, slug: p.key, name: p.name }))
	};
}

/** Counts the board's contributions that match the filter, row by row (a place is chosen). */
export async function countBoard(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	filter: BoardFilter
) {
	const row = await boardQuery(db, regionId, topicFieldId, filter)
		.select(sql<number>`count(*)::int`.as('count'))
		.executeTakeFirstOrThrow();
	return row.count;
}

export async function findContribution(
	db: Executor,
	regionId: string,
	id: string,
	personId: string | null
) {
	return db
		.selectFrom('contribution')
		.innerJoin('topic_field', 'topic_field.id', 'contribution.topic_field_id')
		.innerJoin('contribution_category', 'contribution_category.id', 'contribution.category_id')
		.leftJoin('municipality', 'municipality.id', 'contribution.municipality_id')
		.leftJoin('person', 'person.id', 'contribution.author_id')
		.leftJoin('organisation', 'organisation.id', 'contribution.organisation_id')
		.leftJoin('event', 'event.id', 'contribution.event_id')
		.select([
			'contribution.id',
			'contribution.title',
			'contribution.body_html',
			'contribution.event_id',
			'contribution.on_behalf_of',
			'event.title as event_title',
			'contribution.status',
			'contribution.support_count',
			'contribution.comment_count',
			'contribution.created_at',
			'contribution.author_id',
			'contribution.language',
			'topic_field.key as topic_field_key',
			'topic_field.name as topic_field_name',
			'contribution_category.key as category_key',
			'municipality.name as municipality_name',
			'municipality.slug as municipality_slug',
			'person.display_name as author_name',
			'organisation.name as organisation_name',
			'organisation.slug as organisation_slug',
			sql<string[]>`coalesce((
				select array_agg(tg.key order by tg.position)
				from contribution_target_group ctg
				join target_group tg on tg.id = ctg.target_group_id
				where ctg.contribution_id = contribution.id
			), '{}')`.as('target_groups'),
			sql<boolean>`exists (
				select 1 from contribution_support s
				where s.contribution_id = contribution.id and s.person_id = ${personId ?? '00000000-0000-0000-0000-000000000000'}
			)`.as('supported')
		])
		.where('contribution.region_id', '=', regionId)
		.where('contribution.id', '=', id)
		.executeTakeFirst();
}

/**
 * Published contributions of the field that are like the given text (German full text; every
 * word may match, the best first), to show while someone is writing a new one.
 */
export async function findSimilar(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	words: string[],
	limit = 5
) {
	if (words.length === 0) return [];
	const query = words.map((w) => `${w}:*`).join(' | ');
	const { rows } = await sql<{ id: string; title: string; support_count: number }>`
		select id, title, support_count
		from contribution
		where region_id = ${regionId} and topic_field_id = ${topicFieldId} and status = 'published'
			and tsv @@ to_tsquery('german', ${query})
		order by ts_rank(tsv, to_tsquery('german', ${query})) desc, support_count desc
		limit ${limit}`.execute(db);
	return rows;
}

/** Adds a support once; the count moves only when a row was really added. */
export async function addSupport(
	db: Executor,
	regionId: string,
	contributionId: string,
	personId: string
) {
	const added = await db
		.insertInto('contribution_support')
		.values({ region_id: regionId, contribution_id: contributionId, person_id: personId })
		.onConflict((oc) => oc.columns(['contribution_id', 'person_id']).doNothing())
		.returning('person_id')
		.executeTakeFirst();
	if (added) {
		await db
			.updateTable('contribution')
			.set((eb) => ({ support_count: eb('support_count', '+', 1) }))
			.where('id', '=', contributionId)
			.where('region_id', '=', regionId)
			.execute();
	}
	return Boolean(added);
}

export async function removeSupport(
	db: Executor,
	regionId: string,
	contributionId: string,
	personId: string
) {
	const removed = await db
		.deleteFrom('contribution_support')
		.where('contribution_id', '=', contributionId)
		.where('person_id', '=', personId)
		.where('region_id', '=', regionId)
		.returning('person_id')
		.executeTakeFirst();
	if (removed) {
		await db
			.updateTable('contribution')
			.set((eb) => ({ support_count: eb('support_count', '-', 1) }))
			.where('id', '=', contributionId)
			.where('region_id', '=', regionId)
			.execute();
	}
	return Boolean(removed);
}
