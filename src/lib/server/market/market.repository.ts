/**
 * Market queries. Plain functions on a database or transaction; every query filters by the
 * region. Schedules are JSON validated by the service; dates of markets are computed in
 * TypeScript from them, and who is at the market on those dates is read in one query.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
	AttendanceStatus,
	Database,
	MarketKind,
	MemberRole,
	ProductCategory
} from '../db/schema.ts';
import { PREPARED } from '../db/database.ts';
import {
	deleteSearchDocument as removeSearchDocument,
	upsertSearchDocument as writeSearchDocument,
	type SearchDocumentInput
} from '../search/search.repository.ts';

/** The region's municipalities, shared with the other capabilities. */
export { findMunicipality } from '../region/municipality.repository.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export const PRODUCER_KINDS = ['producer', 'farm_shop'] as const;

const marketColumns = [
	'm.id',
	'm.slug',
	'm.name',
	'm.kind',
	'm.description',
	'm.schedule',
	'm.uncertain',
	'm.organiser_id',
	'm.place_id',
	'm.updated_at',
	'p.name as place_name',
	'p.slug as place_slug',
	'p.street',
	'p.postcode',
	'p.lat',
	'p.lon',
	'mu.slug as municipality_slug',
	'mu.name as municipality_name',
	'o.slug as organiser_slug',
	'o.name as organiser_name'
] as const;

function marketsQuery(db: Executor, regionId: string) {
	return db
		.selectFrom('market as m')
		.innerJoin('place as p', (j) =>
			j.onRef('p.region_id', '=', 'm.region_id').onRef('p.id', '=', 'm.place_id')
		)
		.innerJoin('municipality as mu', (j) =>
			j.onRef('mu.region_id', '=', 'p.region_id').onRef('mu.id', '=', 'p.municipality_id')
		)
		.leftJoin('organisation as o', (j) =>
			j.onRef('o.region_id', '=', 'm.region_id').onRef('o.id', '=', 'm.organiser_id')
		)
		.select(marketColumns)
		.where('m.region_id', '=', regionId);
}
export type MarketRow = NonNullable<Awaited<ReturnType<typeof findMarket>>>;

export async function findMarket(db: Executor, regionId: string, slug: string, lock = false) {
	let query = marketsQuery(db, regionId).where('m.slug', '=', slug);
	if (lock) query = query.forUpdate('m');
	return query.executeTakeFirst();
}

/** The region's markets, optionally of one kind or municipality, with their places. */
export async function listMarkets(
	db: Executor,
	regionId: string,
	filter: { kind?: MarketKind; municipalityId?: string } = {},
	limit = 500
) {
	let query = marketsQuery(db, regionId).orderBy('m.name').limit(limit);
	if (filter.kind) query = query.where('m.kind', '=', filter.kind);
	if (filter.municipalityId) query = query.where('p.municipality_id', '=', filter.municipalityId);
	return query.execute();
}

/**
 * One page of the list (/maerkte), by name, with how many markets match in all: only what the
 * list, the map and the month calendar show. The schedule comes as its JSON text, the key of
 * the parsed-schedule cache (readSchedule), so it is not parsed on every request.
 * The page is cut from the markets alone (their count is a window over the matching rows);
 * only its rows then look up their place and municipality and turn the schedule into text,
 * not every market of the region. The municipality is a lookup by key (a subplan), which
 * PostgreSQL plans in isolation: cheaper to plan than a third join. Prepared (one of four
 * texts, by filter), so each connection plans it once. Written as SQL: with the query
 * builder, building and compiling the statement cost more than running it.
 */
export async function listMarketsPage(
	db: Executor,
	regionId: string,
	filter: { kind?: MarketKind; municipalityId?: string },
	page: { limit: number; offset: number }
) {
	const { rows } = await sql<{
		slug: string;
		name: string;
		kind: MarketKind;
		uncertain: boolean;
		schedule_text: string;
		place_name: string;
		lat: number;
		lon: number;
		municipality_name: string;
		total: number;
	}>`
		select ${PREPARED} page.slug, page.name, page.kind, page.uncertain, page.schedule::text as schedule_text,
			p.name as place_name, p.lat, p.lon,
			(select mu.name from municipality mu
				where mu.region_id = p.region_id and mu.id = p.municipality_id) as municipality_name,
			page.total
		from (
			select m.id, m.region_id, m.slug, m.name, m.kind, m.uncertain, m.schedule, m.place_id,
				(count(*) over ())::int as total
			from market m
			where m.region_id = ${regionId}
				${filter.kind ? sql`and m.kind = ${filter.kind}` : sql``}
				${
					filter.municipalityId
						? sql`and m.place_id in (select pm.id from place pm
							where pm.region_id = ${regionId} and pm.municipality_id = ${filter.municipalityId})`
						: sql``
				}
			order by m.name, m.id
			limit ${page.limit} offset ${page.offset}
		) page
		join place p on p.region_id = page.region_id and p.id = page.place_id
		order by page.name, page.id`.execute(db);
	return rows;
}

/** How many markets match the list's filter (for a page past the end, which has no rows). */
export async function countMarkets(
	db: Executor,
	regionId: string,
	filter: { kind?: MarketKind; municipalityId?: string }
) {
	let query = db
		.selectFrom('market as m')
		.innerJoin('place as p', (j) =>
			j.onRef('p.region_id', '=', 'm.region_id').onRef('p.id', '=', 'm.place_id')
		)
		.select((eb) => eb.fn.countAll<string>().as('total'))
		.where('m.region_id', '=', regionId);
	if (filter.kind) query = query.where('m.kind', '=', filter.kind);
	if (filter.municipalityId) query = query.where('p.municipality_id', '=', filter.municipalityId);
	return Number((await query.executeTakeFirstOrThrow()).total);
}

/** Markets whose place lies in a box (the gist index on place points), for "near me". */
export async function listMarketsInBox(
	db: Executor,
	regionId: string,
	box: { minLat: number; maxLat: number; minLon: number; maxLon: number }
) {
	// plain column ranges, not `point <@ box`: PostgreSQL prices a geometric condition at a
	// fixed 0.1 % of the rows, so it scanned all places in the box (6,148 of 10,000, 22 ms)
	// before joining the 110 markets; with the ranges it reads the markets' places (1 ms)
	return marketsQuery(db, regionId)
		.where('p.lat', '>=', box.minLat)
		.where('p.lat', '<=', box.maxLat)
		.where('p.lon', '>=', box.minLon)
		.where('p.lon', '<=', box.maxLon)
		.select(sql<string>`m.schedule::text`.as('schedule_text'))
		.execute();
}

/** The municipalities that have markets, for the list's filter (not every municipality). */
export async function listMarketMunicipalities(db: Executor, regionId: string) {
	return db
		.selectFrom('municipality as mu')
		.modifyFront(PREPARED)
		.select(['mu.slug', 'mu.name'])
		.where('mu.region_id', '=', regionId)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('market as m')
					.innerJoin('place as p', (j) =>
						j.onRef('p.region_id', '=', 'm.region_id').onRef('p.id', '=', 'm.place_id')
					)
					.select(sql.lit(1).as('one'))
					.where('m.region_id', '=', regionId)
					.whereRef('p.municipality_id', '=', 'mu.id')
			)
		)
		.orderBy('mu.name')
		.execute();
}

export async function findMarketSquare(db: Executor, regionId: string, slug: string) {
	return db
		.selectFrom('place')
		.select(['id', 'kind'])
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export async function listMarketSquares(db: Executor, regionId: string) {
	return db
		.selectFrom('place as p')
		.innerJoin('municipality as mu', 'mu.id', 'p.municipality_id')
		.select(['p.slug', 'p.name', 'mu.name as municipality'])
		.where('p.region_id', '=', regionId)
		.where('p.kind', '=', 'market_square')
		.orderBy('mu.name')
		.orderBy('p.name')
		.limit(500)
		.execute();
}

/** A market square, created together with its first market. */
export async function insertMarketSquare(
	db: Executor,
	regionId: string,
	values: {
		slug: string;
		name: string;
		street: string;
		municipalityId: string;
		lat: number;
		lon: number;
		organisationId: string | null;
		createdBy: string | null;
	}
) {
	const row = await db
		.insertInto('place')
		.values({
			region_id: regionId,
			slug: values.slug,
			kind: 'market_square',
			name: values.name,
			street: values.street,
			municipality_id: values.municipalityId,
			lat: values.lat,
			lon: values.lon,
			organisation_id: values.organisationId,
			created_by: values.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export interface MarketValues {
	name: string;
	kind: MarketKind;
	description: string;
	placeId: string;
	organiserId: string | null;
	schedule: unknown;
	uncertain: boolean;
}

export async function insertMarket(
	db: Executor,
	regionId: string,
	slug: string,
	values: MarketValues
) {
	const row = await db
		.insertInto('market')
		.values({
			region_id: regionId,
			slug,
			name: values.name,
			kind: values.kind,
			description: values.description,
			place_id: values.placeId,
			organiser_id: values.organiserId,
			schedule: JSON.stringify(values.schedule),
			uncertain: values.uncertain
		})
		.onConflict((oc) => oc.constraint('market_region_slug').doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

export async function updateMarket(
	db: Executor,
	regionId: string,
	id: string,
	values: Partial<MarketValues>
) {
	await db
		.updateTable('market')
		.set({
			...(values.name !== undefined && { name: values.name }),
			...(values.kind !== undefined && { kind: values.kind }),
			...(values.description !== undefined && { description: values.description }),
			...(values.placeId !== undefined && { place_id: values.placeId }),
			...(values.organiserId !== undefined && { organiser_id: values.organiserId }),
			...(values.schedule !== undefined && { schedule: JSON.stringify(values.schedule) }),
			...(values.uncertain !== undefined && { uncertain: values.uncertain }),
			updated_at: sql`now()`
		})
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

/** Keeps the market's one search document in step with it. */
export const upsertMarketSearchDocument = (
	db: Executor,
	regionId: string,
	document: SearchDocumentInput
) => writeSearchDocument(db, regionId, 'market', document);

export const deleteMarketSearchDocument = (db: Executor, regionId: string, marketId: string) =>
	removeSearchDocument(db, regionId, 'market', marketId);

/** How many stands and attendance reports go with a market when it is deleted. */
export async function countMarketDependants(db: Executor, regionId: string, marketId: string) {
	const row = await db
		.selectNoFrom((eb) => [
			eb
				.selectFrom('market_stand')
				.select(eb.fn.countAll<string>().as('n'))
				.where('region_id', '=', regionId)
				.where('market_id', '=', marketId)
				.as('stands'),
			eb
				.selectFrom('market_attendance')
				.select(eb.fn.countAll<string>().as('n'))
				.where('region_id', '=', regionId)
				.where('market_id', '=', marketId)
				.as('attendances')
		])
		.executeTakeFirstOrThrow();
	return { stands: Number(row.stands), attendances: Number(row.attendances) };
}

/** Deletes the market; its stands and attendance go with it (on delete cascade). */
export async function deleteMarket(db: Executor, regionId: string, id: string) {
	await db.deleteFrom('market').where('region_id', '=', regionId).where('id', '=', id).execute();
}

// Organisations and memberships

export async function findOrganisation(db: Executor, regionId: string, slug: string) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'kind'])
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export async function findOrganisationById(db: Executor, regionId: string, id: string) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'kind'])
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function membershipRole(
	db: Executor,
	regionId: string,
	organisationId: string | null,
	personId: string | null
): Promise<MemberRole | null> {
	if (!organisationId || !personId) return null;
	const row = await db
		.selectFrom('organisation_member')
		.select('role')
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.where('person_id', '=', personId)
		.executeTakeFirst();
	return row?.role ?? null;
}

/** Organisations of some kinds, optionally only those the person belongs to (with a role). */
export async function listOrganisationsOfKinds(
	db: Executor,
	regionId: string,
	kinds: readonly string[],
	personId?: string,
	roles: readonly MemberRole[] = ['admin', 'member']
) {
	let query = db
		.selectFrom('organisation as o')
		.select(['o.id', 'o.slug', 'o.name', 'o.kind'])
		.where('o.region_id', '=', regionId)
		.where('o.kind', 'in', [...kinds])
		.orderBy('o.name')
		.limit(500);
	if (personId) {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('organisation_member as om')
					.select('om.person_id')
					.whereRef('om.organisation_id', '=', 'o.id')
					.where('om.person_id', '=', personId)
					.where('om.role', 'in', [...roles])
			)
		);
	}
	return query.execute();
}

// Stands and attendance

export async function listStands(db: Executor, regionId: string, marketId: string) {
	return db
		.selectFrom('market_stand as s')
		.innerJoin('organisation as o', 'o.id', 's.producer_id')
		.select(['s.producer_id', 's.label', 's.regular', 'o.slug', 'o.name'])
		.where('s.region_id', '=', regionId)
		.where('s.market_id', '=', marketId)
		.orderBy('s.label')
		.orderBy('o.name')
		.execute();
}

export async function upsertStand(
	db: Executor,
	regionId: string,
	marketId: string,
	stand: { producerId: string; label: string; regular: boolean }
) {
	await db
		.insertInto('market_stand')
		.values({
			region_id: regionId,
			market_id: marketId,
			producer_id: stand.producerId,
			label: stand.label,
			regular: stand.regular
		})
		.onConflict((oc) =>
			oc.columns(['market_id', 'producer_id']).doUpdateSet({
				label: stand.label,
				regular: stand.regular
			})
		)
		.execute();
}

export async function deleteStand(
	db: Executor,
	regionId: string,
	marketId: string,
	producerId: string
): Promise<boolean> {
	const result = await db
		.deleteFrom('market_stand')
		.where('region_id', '=', regionId)
		.where('market_id', '=', marketId)
		.where('producer_id', '=', producerId)
		.executeTakeFirst();
	return result.numDeletedRows > 0n;
}

export async function upsertAttendance(
	db: Executor,
	regionId: string,
	row: {
		marketId: string;
		date: string;
		producerId: string;
		status: AttendanceStatus;
		note: string;
	}
) {
	await db
		.insertInto('market_attendance')
		.values({
			region_id: regionId,
			market_id: row.marketId,
			date: row.date,
			producer_id: row.producerId,
			status: row.status,
			note: row.note
		})
		.onConflict((oc) =>
			oc.columns(['market_id', 'date', 'producer_id']).doUpdateSet({
				status: row.status,
				note: row.note,
				updated_at: sql`now()`
			})
		)
		.execute();
}

export interface PresentProducer {
	market_id: string;
	date: string;
	producer_id: string;
	slug: string;
	name: string;
	stand: string | null;
	regular: boolean;
	/** names of the producer's available products of the asked category (empty without one) */
	products: string[];
}

/**
 * Who is at which market on which date, for many (market, date) pairs in ONE query: regular
 * stands without an 'absent' report, plus producers who announced 'present'. With a category,
 * only producers with an available product of that category (and their product names).
 */
export async function listProducersPresent(
	db: Executor,
	regionId: string,
	dates: { marketId: string; date: string }[],
	category?: ProductCategory,
	word?: string
): Promise<PresentProducer[]> {
	if (dates.length === 0) return [];
	const marketIds = dates.map((d) => d.marketId);
	const days = dates.map((d) => d.date);
	const productFilter = sql`pr.region_id = ${regionId} and pr.producer_id = x.producer_id
		and pr.available
		${category ? sql`and pr.category = ${category}` : sql``}
		${word ? sql`and pr.search_name like '%' || search_fold(${word}) || '%'` : sql``}`;
	const { rows } = await sql<PresentProducer>`
		with d as (
			select * from unnest(${marketIds}::uuid[], ${days}::date[]) as d(market_id, date)
		),
		x as (
			select d.market_id, d.date, s.producer_id, s.label as stand, true as regular
			from d
			join market_stand s on s.region_id = ${regionId} and s.market_id = d.market_id and s.regular
			where not exists (
				select 1 from market_attendance a
				where a.market_id = d.market_id and a.date = d.date
					and a.producer_id = s.producer_id and a.status = 'absent'
			)
			union
			select d.market_id, d.date, a.producer_id, s.label, false
			from d
			join market_attendance a on a.region_id = ${regionId} and a.market_id = d.market_id
				and a.date = d.date and a.status = 'present'
			left join market_stand s on s.market_id = a.market_id and s.producer_id = a.producer_id
			where s.regular is not true
		)
		select x.market_id, to_char(x.date, 'YYYY-MM-DD') as date, x.producer_id, o.slug, o.name,
			x.stand, x.regular,
			${
				category || word
					? sql`coalesce((select array_agg(pr.name order by pr.name) from product pr
							where ${productFilter}), '{}')`
					: sql`'{}'::text[]`
			} as products
		from x
		join organisation o on o.region_id = ${regionId} and o.id = x.producer_id
		${category || word ? sql`where exists (select 1 from product pr where ${productFilter})` : sql``}
		order by x.date, x.market_id, o.name`.execute(db);
	return rows;
}

/**
 * Shops in a box that stock producers with an available product of the category (or any
 * shop, without a category), with those producers — one query.
 */
export async function listShopsInBox(
	db: Executor,
	regionId: string,
	box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
	category?: ProductCategory,
	word?: string
) {
	const productFilter = sql`pr.region_id = ${regionId} and pr.producer_id = sp.producer_id
		and pr.available
		${category ? sql`and pr.category = ${category}` : sql``}
		${word ? sql`and pr.search_name like '%' || search_fold(${word}) || '%'` : sql``}`;
	const { rows } = await sql<{
		id: string;
		slug: string;
		name: string;
		street: string;
		lat: number;
		lon: number;
		opening_hours: string | null;
		municipality_name: string;
		producers: { slug: string; name: string; products: string[] }[];
	}>`
		select p.id, p.slug, p.name, p.street, p.lat, p.lon, p.opening_hours::text as opening_hours,
			mu.name as municipality_name,
			json_agg(json_build_object('slug', o.slug, 'name', o.name, 'products',
				(select coalesce(array_agg(pr.name order by pr.name), '{}') from product pr
					where ${productFilter})) order by o.name) as producers
		from place p
		join municipality mu on mu.region_id = p.region_id and mu.id = p.municipality_id
		join shop_producer sp on sp.region_id = p.region_id and sp.place_id = p.id
		join organisation o on o.region_id = sp.region_id and o.id = sp.producer_id
		where p.region_id = ${regionId} and p.kind = 'shop'
			-- column ranges rather than a box, as in listMarketsInBox: few shops stock
			-- producers, and the planner starts from them when it can estimate the ranges
			and p.lat between ${box.minLat} and ${box.maxLat}
			and p.lon between ${box.minLon} and ${box.maxLon}
			and exists (select 1 from product pr where ${productFilter})
		group by p.id, mu.name
		limit 200`.execute(db);
	return rows;
}
