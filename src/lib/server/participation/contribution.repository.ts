/**
 * Topic-map queries. Every one is scoped by region; lists are paged and fetch their target
 * groups, categories and authors in the same statement (no query per item).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PREPARED } from '../db/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface BoardFilter {
	categoryId?: string;
	targetGroupId?: string;
	municipalityId?: string;
	includeHidden: boolean;
}

export type BoardSort = 'newest' | 'supported' | 'discussed';

/** The board's contributions that match the filter, as conditions on `contribution c`. */
function boardConditions(regionId: string, topicFieldId: string, filter: BoardFilter) {
	return sql`c.region_id = ${regionId} and c.topic_field_id = ${topicFieldId}
		${filter.includeHidden ? sql`` : sql`and c.status = 'published'`}
		${filter.categoryId ? sql`and c.category_id = ${filter.categoryId}` : sql``}
		${filter.municipalityId ? sql`and c.municipality_id = ${filter.municipalityId}` : sql``}
		${
			filter.targetGroupId
				? sql`and exists (
					select 1 from contribution_target_group ctg
					where ctg.contribution_id = c.id and ctg.target_group_id = ${filter.targetGroupId})`
				: sql``
		}`;
}

/** The board's order: the sort's count first, then newest first (and by id, to be stable). */
function boardOrder(sort: BoardSort, alias: 'c' | 'ctg') {
	const id = alias === 'c' ? sql`c.id` : sql`ctg.contribution_id`;
	const first =
		sort === 'supported'
			? sql`c.support_count desc,`
			: sort === 'discussed'
				? sql`c.comment_count desc,`
				: sql``;
	return sql`${first} ${sql.ref(`${alias}.created_at`)} desc, ${id}`;
}

/**
 * The ids of one page of the board, in its order (an index scan, however deep the page), so
 * that the select list is computed for its 20 rows only, not for every skipped row as well.
 * Filtered by target group (and not by place), newest first, they come from the target-group
 * rows alone: these carry copies of topic field, status, category and creation time (kept
 * true by a foreign key), and `ctg_board` has them in order, so a page reads 20 index entries
 * (plus those of other categories when a category is chosen too) instead of walking the whole
 * board and looking up each contribution's groups. The page size is written into the text (a
 * constant of the code): as a parameter, the prepared statement's generic plan was priced for
 * a tenth of the board, and PostgreSQL went on planning it anew on every run.
 */
function pageIds(
	regionId: string,
	topicFieldId: string,
	filter: BoardFilter,
	sort: BoardSort,
	page: { limit: number; offset: number }
) {
	if (filter.targetGroupId && !filter.municipalityId && sort === 'newest') {
		return sql`select ctg.contribution_id from contribution_target_group ctg
			where ctg.region_id = ${regionId} and ctg.topic_field_id = ${topicFieldId}
				and ctg.target_group_id = ${filter.targetGroupId}
				${filter.includeHidden ? sql`` : sql`and ctg.status = 'published'`}
				${filter.categoryId ? sql`and ctg.category_id = ${filter.categoryId}` : sql``}
			order by ${boardOrder(sort, 'ctg')}
			limit ${sql.lit(page.limit)} offset ${page.offset}`;
	}
	return sql`select c.id from contribution c
		where ${boardConditions(regionId, topicFieldId, filter)}
		order by ${boardOrder(sort, 'c')}
		limit ${sql.lit(page.limit)} offset ${page.offset}`;
}

/**
 * One page of the board. Kept cheap to plan (it is prepared, but each connection still plans
 * it with the values at hand for its first runs): one table and one join, the rest are lookups
 * by primary key (subplans, planned in isolation). With six joins, planning took 2–4 ms per
 * request, several times as long as running it. The event, author and organisation are looked
 * up only when the contribution has one (most have none, and with few events the planner walks
 * the region's events to find one). Categories and target groups come back as
 * ids; `boardFacets` has their keys. Written as SQL: with the query builder, building and
 * compiling the statement took about as long as PostgreSQL took to run it.
 */
export async function listBoard(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	filter: BoardFilter,
	sort: BoardSort,
	page: { limit: number; offset: number }
) {
	const { rows } = await sql<{
		id: string;
		title: string;
		status: 'published' | 'hidden';
		event_id: string | null;
		support_count: number;
		comment_count: number;
		created_at: Date;
		category_id: string;
		municipality_name: string | null;
		lat: number | string | null;
		lon: number | string | null;
		event_title: string | null;
		author_name: string | null;
		organisation_name: string | null;
		answered: boolean;
		target_group_ids: string[];
	}>`
		select ${PREPARED} c.id, c.title, c.status, c.event_id, c.support_count, c.comment_count, c.created_at,
			c.category_id, m.name as municipality_name, m.lat, m.lon,
			case when c.event_id is not null then (select e.title from event e
				where e.id = c.event_id and e.region_id = ${regionId}) end as event_title,
			case when c.author_id is not null then (select p.display_name from person p
				where p.id = c.author_id and p.region_id = ${regionId}) end as author_name,
			case when c.organisation_id is not null then (select o.name from organisation o
				where o.id = c.organisation_id and o.region_id = ${regionId}) end as organisation_name,
			exists (select 1 from official_answer oa where oa.contribution_id = c.id) as answered,
			array(select ctg.target_group_id from contribution_target_group ctg
				where ctg.contribution_id = c.id) as target_group_ids
		from contribution c
		left join municipality m on m.id = c.municipality_id
		where c.region_id = ${regionId}
			and c.id in (${pageIds(regionId, topicFieldId, filter, sort, page)})
		order by ${boardOrder(sort, 'c')}`.execute(db);
	return rows;
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
 * board has published contributions from (`contribution_place_count`), by name. The rows name
 * categories and target groups by id too: the board's rows and filters use the ids.
 * Written as SQL: built with the query builder, this statement took longer to build and
 * compile on every request than PostgreSQL took to run it.
 */
export async function boardFacets(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	query: FacetQuery
) {
	const published = query.includeHidden ? sql`` : sql`and n.status = 'published'`;
	const inCategory =
		query.categoryKey === undefined
			? sql``
			: sql`and n.category_id = (
				select id from contribution_category
				where region_id = ${regionId} and key = ${query.categoryKey})`;
	const { rows } = await sql<{
		kind: FacetKind;
		id: string;
		key: string;
		name: string | null;
		n: number | null;
	}>`
		select ${PREPARED} 'category' as kind, c.id, c.key, null::text as name, c.position, (
				select coalesce(sum(n.n), 0)::int from contribution_count n
				where n.region_id = ${regionId} and n.topic_field_id = ${topicFieldId}
					and n.category_id = c.id ${published}
			) as n
		from contribution_category c
		where c.region_id = ${regionId}
		union all
		select 'target_group', g.id, g.key, null, g.position, (
				select coalesce(sum(n.n), 0)::int from contribution_group_count n
				where n.region_id = ${regionId} and n.topic_field_id = ${topicFieldId}
					and n.target_group_id = g.id ${inCategory} ${published}
			)
		from target_group g
		where g.region_id = ${regionId}
		union all
		select 'place', m.id, m.slug, m.name, null, null
		from municipality m
		where m.region_id = ${regionId} and (m.id in (
				select p.municipality_id from contribution_place_count p
				where p.region_id = ${regionId} and p.topic_field_id = ${topicFieldId}
					and p.status = 'published' and p.n > 0
				limit ${sql.lit(query.placeLimit + 1)}
			) or m.slug = ${query.placeSlug ?? ''})
		order by position, name`.execute(db);
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
	const { rows } = await sql<{ count: number }>`
		select ${PREPARED} count(*)::int as count from contribution c
		where ${boardConditions(regionId, topicFieldId, filter)}`.execute(db);
	return rows[0]!.count;
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
