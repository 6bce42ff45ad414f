/**
 * Place queries: plain functions taking db or a transaction, every one scoped to a region.
 * nearbyPlaces is the building block for "within 10 km of Lindenfels" that markets, shops and
 * pickup points share.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PlaceKind, ShopKind } from '../db/schema.ts';
import { boundingBox, type LatLon } from './geo.ts';
import {
	deleteSearchDocument as removeSearchDocument,
	upsertSearchDocument as writeSearchDocument,
	type SearchDocumentInput
} from '../search/search.repository.ts';
import { findSlugsLike as findSlugsLikeIn, insertUnlessSlugTaken } from '../db/slugs.ts';
import { inMunicipality } from '../region/municipality.repository.ts';

/** The region's municipalities, shared with the other capabilities. */
export { findMunicipality } from '../region/municipality.repository.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const NOBODY = '00000000-0000-0000-0000-000000000000';

export interface PlaceValues {
	name: string;
	kind: PlaceKind;
	shop_kind: ShopKind | null;
	description: string;
	street: string;
	postcode: string;
	municipality_id: string;
	lat: number;
	lon: number;
	opening_hours: string | null;
	organisation_id: string | null;
}

/** The place whose name matches best (exact, then starting with, then containing the text). */
export async function findPlaceByName(db: Executor, regionId: string, text: string) {
	const folded = sql<string>`search_fold(${text})`;
	const escaped = sql<string>`replace(replace(replace(search_fold(${text}), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
	return db
		.selectFrom('place')
		.select(['slug', 'name', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.where(sql<boolean>`search_fold(name) like '%' || ${escaped} || '%'`)
		.orderBy(sql`search_fold(name) = ${folded}`, 'desc')
		.orderBy(sql`search_fold(name) like ${escaped} || '%'`, 'desc')
		.orderBy('name')
		.limit(1)
		.executeTakeFirst();
}

/** An organisation of the region by slug, with the person's role in it. */
export async function findOrganisationWithRole(
	db: Executor,
	regionId: string,
	slug: string,
	personId: string | null
) {
	return db
		.selectFrom('organisation')
		.leftJoin('organisation_member', (join) =>
			join
				.onRef('organisation_member.organisation_id', '=', 'organisation.id')
				.on('organisation_member.person_id', '=', personId ?? NOBODY)
		)
		.select([
			'organisation.id',
			'organisation.slug',
			'organisation.name',
			'organisation_member.role'
		])
		.where('organisation.region_id', '=', regionId)
		.where('organisation.slug', '=', slug)
		.executeTakeFirst();
}

/** Operators to choose from: every organisation (moderators) or the person's own. */
export async function listOperatorOptions(
	db: Executor,
	regionId: string,
	personId: string,
	all: boolean
) {
	let query = db
		.selectFrom('organisation')
		.select(['organisation.slug', 'organisation.name'])
		.where('organisation.region_id', '=', regionId);
	if (!all) {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('organisation_member')
					.select(sql`1`.as('one'))
					.whereRef('organisation_member.organisation_id', '=', 'organisation.id')
					.where('organisation_member.person_id', '=', personId)
			)
		);
	}
	return query.orderBy('organisation.name').limit(500).execute();
}

/** The place with its municipality, operator and the person's role in the operator. */
export async function findPlaceBySlug(
	db: Executor,
	regionId: string,
	slug: string,
	personId: string | null
) {
	return db
		.selectFrom('place')
		.innerJoin('municipality', inMunicipality.place)
		.leftJoin('organisation', (join) =>
			join
				.onRef('organisation.region_id', '=', 'place.region_id')
				.onRef('organisation.id', '=', 'place.organisation_id')
		)
		.leftJoin('organisation_member', (join) =>
			join
				.onRef('organisation_member.organisation_id', '=', 'place.organisation_id')
				.on('organisation_member.person_id', '=', personId ?? NOBODY)
		)
		.selectAll('place')
		.select([
			'municipality.slug as municipality_slug',
			'municipality.name as municipality_name',
			'organisation.slug as organisation_slug',
			'organisation.name as organisation_name',
			'organisation_member.role as my_role'
		])
		.where('place.region_id', '=', regionId)
		.where('place.slug', '=', slug)
		.executeTakeFirst();
}
export type PlaceRow = NonNullable<Awaited<ReturnType<typeof findPlaceBySlug>>>;

/** Locks the place row until the transaction ends; returns whether it exists. */
export async function lockPlace(db: Executor, regionId: string, slug: string) {
	const row = await db
		.selectFrom('place')
		.select('id')
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.forUpdate()
		.executeTakeFirst();
	return row !== undefined;
}

export const insertPlaceUnlessSlugTaken = (
	db: Executor,
	regionId: string,
	slug: string,
	values: PlaceValues,
	createdBy: string | null
) =>
	insertUnlessSlugTaken(db, 'place', {
		...values,
		region_id: regionId,
		slug,
		created_by: createdBy
	});

export const findSlugsLike = (db: Executor, regionId: string, base: string) =>
	findSlugsLikeIn(db, 'place', regionId, base);

export async function updatePlace(db: Executor, regionId: string, id: string, values: PlaceValues) {
	await db
		.updateTable('place')
		.set({ ...values, updated_at: sql`now()` })
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

/** Only the opening hours (the exceptions of the schedule change on their own). */
export async function updateOpeningHours(
	db: Executor,
	regionId: string,
	id: string,
	openingHours: string | null
) {
	await db
		.updateTable('place')
		.set({ opening_hours: openingHours, updated_at: sql`now()` })
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

export const upsertSearchDocument = (
	db: Executor,
	regionId: string,
	document: SearchDocumentInput
) => writeSearchDocument(db, regionId, 'place', document);

export const deleteSearchDocument = (db: Executor, regionId: string, placeId: string) =>
	removeSearchDocument(db, regionId, 'place', placeId);

// Deleting

/**
 * What still refers to a place and keeps it from being deleted: markets held there, and order
 * rounds that pick up there or start their tour there (open, coming or past — a past round's
 * orders and pick lists name their pickup place). The foreign keys market_place,
 * order_cycle_pickup_place and order_cycle_depot refuse the deletion the same way.
 */
export async function listPlaceUses(db: Executor, regionId: string, placeId: string) {
	const [markets, rounds] = await Promise.all([
		db
			.selectFrom('market')
			.select(['slug', 'name'])
			.where('region_id', '=', regionId)
			.where('place_id', '=', placeId)
			.orderBy('name')
			.limit(50)
			.execute(),
		db
			.selectFrom('order_cycle')
			.select([
				'order_cycle.slug',
				'order_cycle.name',
				sql<boolean>`now() < order_cycle.closes_at`.as('open'),
				sql<boolean>`order_cycle.depot_place_id is not distinct from ${placeId}::uuid`.as('depot')
			])
			.where('order_cycle.region_id', '=', regionId)
			.where((eb) =>
				eb.or([
					eb('order_cycle.depot_place_id', '=', placeId),
					eb.exists(
						eb
							.selectFrom('order_cycle_pickup')
							.select(sql`1`.as('one'))
							.whereRef('order_cycle_pickup.cycle_id', '=', 'order_cycle.id')
							.where('order_cycle_pickup.region_id', '=', regionId)
							.where('order_cycle_pickup.place_id', '=', placeId)
					)
				])
			)
			.orderBy('order_cycle.closes_at', 'desc')
			.limit(50)
			.execute()
	]);
	return { markets, rounds };
}
export type PlaceUses = Awaited<ReturnType<typeof listPlaceUses>>;

/** Deletes the place; its shop_producer rows go with it (on delete cascade). */
export async function deletePlace(db: Executor, regionId: string, id: string) {
	await db.deleteFrom('place').where('region_id', '=', regionId).where('id', '=', id).execute();
}

// Listing and distance

const listColumns = [
	'place.id',
	'place.slug',
	'place.name',
	'place.kind',
	'place.shop_kind',
	'place.street',
	'place.postcode',
	'place.lat',
	'place.lon',
	'place.opening_hours',
	'municipality.name as municipality_name'
] as const;

function placesWithMunicipality(db: Executor, regionId: string, kinds?: readonly PlaceKind[]) {
	let query = db
		.selectFrom('place')
		.innerJoin('municipality', inMunicipality.place)
		.where('place.region_id', '=', regionId);
	if (kinds && kinds.length > 0) query = query.where('place.kind', 'in', kinds);
	return query;
}

/** One page of the region's places by name, and how many there are. */
export async function listPlaces(
	db: Executor,
	regionId: string,
	options: { kinds?: readonly PlaceKind[]; limit: number; offset: number }
) {
	const [rows, count] = await Promise.all([
		placesWithMunicipality(db, regionId, options.kinds)
			.select(listColumns)
			.orderBy('place.name')
			.orderBy('place.id')
			.limit(options.limit)
			.offset(options.offset)
			.execute(),
		placesWithMunicipality(db, regionId, options.kinds)
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Places within `km` of `centre`, nearest first (then by name), with their distance in
 * kilometres and the number of all matches (for paging).
 *
 * The bounding box is answered by the gist index place_point. Inside it, places are compared
 * by the straight line between their points on the unit sphere (columns unit_x/y/z, migration
 * 2910): plain arithmetic, no trigonometry per row, and ordered exactly like the great-circle
 * distance. Only the page of results gets 2R·asin(chord/2) — the haversine distance itself.
 * The municipality is joined to that page only.
 */
export async function nearbyPlaces(
	db: Executor,
	regionId: string,
	centre: LatLon,
	km: number,
	options: NearbyOptions = {}
) {
	const rows = await nearbyPlacesQuery(db, regionId, centre, km, options).execute();
	return {
		rows: rows.map(({ total: _total, ...row }) => row),
		total: rows.length > 0 ? Number(rows[0]!.total) : 0
	};
}

export interface NearbyOptions {
	kinds?: readonly PlaceKind[];
	limit?: number;
	offset?: number;
}

/** The query behind nearbyPlaces, unexecuted (for EXPLAIN in the benchmark). */
export function nearbyPlacesQuery(
	db: Executor,
	regionId: string,
	centre: LatLon,
	km: number,
	options: NearbyOptions = {}
) {
	const box = boundingBox(centre, km);
	const [x, y, z] = [
		Math.cos(centre.lat * RAD) * Math.cos(centre.lon * RAD),
		Math.cos(centre.lat * RAD) * Math.sin(centre.lon * RAD),
		Math.sin(centre.lat * RAD)
	];
	const maxChord = 2 * Math.sin(Math.min(km / (2 * EARTH_RADIUS_KM), Math.PI / 2));
	const chord2 = sql<number>`((place.unit_x - ${x}::float8) * (place.unit_x - ${x}::float8)
		+ (place.unit_y - ${y}::float8) * (place.unit_y - ${y}::float8)
		+ (place.unit_z - ${z}::float8) * (place.unit_z - ${z}::float8))`;
	return db
		.with('near', (qb) => {
			let query = qb
				.selectFrom('place')
				.select(['place.id', 'place.name', chord2.as('chord2')])
				.select(sql<string>`count(*) over ()`.as('total'))
				.where('place.region_id', '=', regionId)
				.where(
					sql<boolean>`point(place.lon, place.lat) <@ box(point(${box.minLon}::float8, ${box.minLat}::float8), point(${box.maxLon}::float8, ${box.maxLat}::float8))`
				)
				.where(chord2, '<=', maxChord * maxChord);
			if (options.kinds && options.kinds.length > 0) {
				query = query.where('place.kind', 'in', options.kinds);
			}
			return query
				.orderBy('chord2')
				.orderBy('place.name')
				.orderBy('place.id')
				.limit(options.limit ?? 20)
				.offset(options.offset ?? 0);
		})
		.selectFrom('near')
		.innerJoin('place', (join) =>
			join.onRef('place.id', '=', 'near.id').on('place.region_id', '=', regionId)
		)
		.innerJoin('municipality', inMunicipality.place)
		.select(listColumns)
		.select([
			sql<number>`2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(near.chord2) / 2))`.as(
				'distance_km'
			),
			'near.total'
		])
		.orderBy('near.chord2')
		.orderBy('place.name')
		.orderBy('place.id');
}
export type NearbyPlace = Awaited<ReturnType<typeof nearbyPlaces>>['rows'][number];

/** Every place for the open-data files (filtered by kind), in a stable order. */
export async function listAllPlaces(db: Executor, regionId: string, kinds?: readonly PlaceKind[]) {
	return placesWithMunicipality(db, regionId, kinds)
		.select(listColumns)
		.select(['place.description'])
		.orderBy('place.name')
		.orderBy('place.id')
		.limit(50_000)
		.execute();
}

// Shops and their producers

export async function listShopProducers(db: Executor, regionId: string, placeId: string) {
	return db
		.selectFrom('shop_producer')
		.innerJoin('organisation', (join) =>
			join
				.onRef('organisation.region_id', '=', 'shop_producer.region_id')
				.onRef('organisation.id', '=', 'shop_producer.producer_id')
		)
		.select(['organisation.id', 'organisation.slug', 'organisation.name', 'organisation.kind'])
		.where('shop_producer.region_id', '=', regionId)
		.where('shop_producer.place_id', '=', placeId)
		.orderBy('organisation.name')
		.execute();
}

/** Organisations a shop may stock: producers and farm shops. */
export async function listProducerOptions(db: Executor, regionId: string) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name'])
		.where('region_id', '=', regionId)
		.where('kind', 'in', ['producer', 'farm_shop'])
		.orderBy('name')
		.limit(500)
		.execute();
}

/** How many of these ids are producers of the region (to reject anything else). */
export async function countProducers(db: Executor, regionId: string, ids: string[]) {
	if (ids.length === 0) return 0;
	const row = await db
		.selectFrom('organisation')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('region_id', '=', regionId)
		.where('id', 'in', ids)
		.where('kind', 'in', ['producer', 'farm_shop'])
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function replaceShopProducers(
	db: Executor,
	regionId: string,
	placeId: string,
	producerIds: string[]
) {
	await db
		.deleteFrom('shop_producer')
		.where('region_id', '=', regionId)
		.where('place_id', '=', placeId)
		.execute();
	if (producerIds.length === 0) return;
	await db
		.insertInto('shop_producer')
		.values(producerIds.map((id) => ({ region_id: regionId, place_id: placeId, producer_id: id })))
		.execute();
}
