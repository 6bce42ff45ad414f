/**
 * Queries of the order capability: plain functions taking the database or a transaction.
 * Every query filters by region; every list is one query (no N+1).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MemberRole } from '../db/schema.ts';
import {
	upsertSearchDocument as writeSearchDocument,
	type SearchDocumentInput
} from '../search/search.repository.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findCycle(db: Executor, regionId: string, slug: string) {
	return db
		.selectFrom('order_cycle')
		.innerJoin('organisation', 'organisation.id', 'order_cycle.coordinator_id')
		.leftJoin('place as depot', 'depot.id', 'order_cycle.depot_place_id')
		.select([
			'order_cycle.id',
			'order_cycle.slug',
			'order_cycle.name',
			'order_cycle.description',
			'order_cycle.opens_at',
			'order_cycle.closes_at',
			'order_cycle.coordinator_id',
			'organisation.name as coordinator_name',
			'organisation.slug as coordinator_slug',
			'organisation.lat as coordinator_lat',
			'organisation.lon as coordinator_lon',
			'depot.name as depot_name',
			'depot.lat as depot_lat',
			'depot.lon as depot_lon',
			sql<boolean>`order_cycle.opens_at <= now() and now() < order_cycle.closes_at`.as('open'),
			sql<boolean>`now() >= order_cycle.closes_at`.as('closed')
		])
		.where('order_cycle.region_id', '=', regionId)
		.where('order_cycle.slug', '=', slug)
		.executeTakeFirst();
}
export type CycleRow = NonNullable<Awaited<ReturnType<typeof findCycle>>>;

/** The roles of a person in the given organisations, in one query. */
export async function rolesOf(
	db: Executor,
	regionId: string,
	personId: string | null,
	organisationIds: string[]
): Promise<Map<string, MemberRole>> {
	if (!personId || organisationIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('organisation_member')
		.select(['organisation_id', 'role'])
		.where('region_id', '=', regionId)
		.where('person_id', '=', personId)
		.where('organisation_id', 'in', organisationIds)
		.execute();
	return new Map(rows.map((r) => [r.organisation_id, r.role]));
}

export async function findOrganisationBySlug(db: Executor, regionId: string, slug: string) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'kind'])
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/** Open cycles and those still to open, soonest closing first. */
export async function listCurrentCycles(db: Executor, regionId: string) {
	return db
		.selectFrom('order_cycle')
		.innerJoin('organisation', 'organisation.id', 'order_cycle.coordinator_id')
		.select([
			'order_cycle.slug',
			'order_cycle.name',
			'order_cycle.opens_at',
			'order_cycle.closes_at',
			'organisation.name as coordinator_name',
			sql<boolean>`order_cycle.opens_at <= now()`.as('open')
		])
		.where('order_cycle.region_id', '=', regionId)
		.where('order_cycle.closes_at', '>', sql<Date>`now()`)
		.orderBy('order_cycle.opens_at')
		.orderBy('order_cycle.closes_at')
		.limit(100)
		.execute();
}

export async function slugTaken(db: Executor, regionId: string, slug: string) {
	const row = await db
		.selectFrom('order_cycle')
		.select('id')
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.executeTakeFirst();
	return row !== undefined;
}

/** The offers of a cycle with product and producer, ordered by producer and product. */
export async function listOffers(db: Executor, regionId: string, cycleId: string) {
	return db
		.selectFrom('order_cycle_offer as offer')
		.innerJoin('product', 'product.id', 'offer.product_id')
		.innerJoin('organisation as producer', 'producer.id', 'product.producer_id')
		.select([
			'offer.id',
			'offer.price_cents',
			'offer.stock',
			'offer.sold',
			'product.id as product_id',
			'product.name as product_name',
			'product.unit',
			'producer.id as producer_id',
			'producer.name as producer_name',
			'producer.slug as producer_slug'
		])
		.where('offer.region_id', '=', regionId)
		.where('offer.cycle_id', '=', cycleId)
		.orderBy('producer.name')
		.orderBy('product.name')
		.execute();
}

export async function listPickups(db: Executor, regionId: string, cycleId: string) {
	return db
		.selectFrom('order_cycle_pickup as pickup')
		.innerJoin('place', 'place.id', 'pickup.place_id')
		.leftJoin('municipality', 'municipality.id', 'place.municipality_id')
		.select([
			'pickup.id',
			'pickup.starts_at',
			'pickup.ends_at',
			'place.id as place_id',
			'place.name as place_name',
			'place.street',
			'place.postcode',
			'place.lat',
			'place.lon',
			'municipality.name as municipality_name'
		])
		.where('pickup.region_id', '=', regionId)
		.where('pickup.cycle_id', '=', cycleId)
		.orderBy('pickup.starts_at')
		.orderBy('place.name')
		.execute();
}

/** Available products of the region for the offer select, grouped by producer. */
export async function listAvailableProducts(db: Executor, regionId: string) {
	return db
		.selectFrom('product')
		.innerJoin('organisation', 'organisation.id', 'product.producer_id')
		.select([
			'product.id',
			'product.name',
			'product.unit',
			'product.price_cents',
			'organisation.name as producer_name'
		])
		.where('product.region_id', '=', regionId)
		.where('product.available', '=', true)
		.orderBy('organisation.name')
		.orderBy('product.name')
		.limit(1000)
		.execute();
}

export async function listPlaces(db: Executor, regionId: string) {
	return db
		.selectFrom('place')
		.leftJoin('municipality', 'municipality.id', 'place.municipality_id')
		.select(['place.id', 'place.name', 'place.kind', 'municipality.name as municipality_name'])
		.where('place.region_id', '=', regionId)
		.where('place.kind', 'in', ['shop', 'farm', 'market_square', 'pickup_point', 'venue', 'other'])
		.orderBy('place.name')
		.limit(1000)
		.execute();
}

/** Organisations the person administers that may coordinate (moderators: all such). */
export async function listCoordinatorChoices(
	db: Executor,
	regionId: string,
	kinds: string[],
	adminId: string | null
) {
	let query = db
		.selectFrom('organisation')
		.select(['organisation.slug', 'organisation.name'])
		.where('organisation.region_id', '=', regionId)
		.where('organisation.kind', 'in', kinds);
	if (adminId) {
		query = query.where('organisation.id', 'in', (eb) =>
			eb
				.selectFrom('organisation_member')
				.select('organisation_id')
				.where('person_id', '=', adminId)
				.where('role', '=', 'admin')
		);
	}
	return query.orderBy('organisation.name').limit(500).execute();
}

/** Orders of a cycle with their lines: two queries, joined in memory. */
export async function listOrdersWithLines(db: Executor, regionId: string, cycleId: string) {
	const [orders, lines] = await Promise.all([
		db
			.selectFrom('customer_order as o')
			.innerJoin('order_cycle_pickup as pickup', 'pickup.id', 'o.pickup_id')
			.innerJoin('place', 'place.id', 'pickup.place_id')
			.select([
				'o.id',
				'o.number',
				'o.customer_name',
				'o.status',
				'o.total_cents',
				'o.note',
				'o.created_at',
				'o.collected_at',
				'pickup.id as pickup_id',
				'pickup.starts_at',
				'pickup.ends_at',
				sql<boolean>`pickup.starts_at <= now()`.as('pickup_started'),
				'place.name as place_name'
			])
			.where('o.region_id', '=', regionId)
			.where('o.cycle_id', '=', cycleId)
			.orderBy('place.name')
			.orderBy('o.customer_name')
			.orderBy('o.number')
			.limit(5000)
			.execute(),
		db
			.selectFrom('order_line as l')
			.select([
				'l.order_id',
				'l.product_name',
				'l.unit',
				'l.producer_name',
				'l.unit_price_cents',
				'l.quantity'
			])
			.where('l.region_id', '=', regionId)
			.where('l.cycle_id', '=', cycleId)
			.orderBy('l.producer_name')
			.orderBy('l.product_name')
			.execute()
	]);
	return { orders, lines };
}

/**
 * Quantities of orders not cancelled per pickup and offer (and how much of it is collected
 * already), in one query. With `producerId` only that producer's products.
 */
export async function quantitiesPerPickup(
	db: Executor,
	regionId: string,
	cycleId: string,
	producerId?: string
) {
	let query = db
		.selectFrom('order_line as l')
		.innerJoin('customer_order as o', 'o.id', 'l.order_id')
		.innerJoin('order_cycle_pickup as pickup', 'pickup.id', 'o.pickup_id')
		.innerJoin('place', 'place.id', 'pickup.place_id')
		.innerJoin('order_cycle_offer as offer', 'offer.id', 'l.offer_id')
		.innerJoin('product', 'product.id', 'offer.product_id')
		.innerJoin('organisation as producer', 'producer.id', 'product.producer_id')
		.select([
			'pickup.id as pickup_id',
			'pickup.starts_at',
			'pickup.ends_at',
			'place.id as place_id',
			'place.name as place_name',
			'place.street',
			'place.postcode',
			'place.lat',
			'place.lon',
			'producer.id as producer_id',
			'producer.name as producer_name',
			'producer.street as producer_street',
			'producer.postcode as producer_postcode',
			'producer.lat as producer_lat',
			'producer.lon as producer_lon',
			'product.name as product_name',
			'product.unit',
			sql<number>`sum(l.quantity)::int`.as('quantity'),
			sql<number>`coalesce(sum(l.quantity) filter (where o.status = 'collected'), 0)::int`.as(
				'collected'
			)
		])
		.where('l.region_id', '=', regionId)
		.where('l.cycle_id', '=', cycleId)
		.where('o.status', '<>', 'cancelled')
		.groupBy(['pickup.id', 'place.id', 'producer.id', 'product.id', 'product.name', 'product.unit'])
		.orderBy('pickup.starts_at')
		.orderBy('place.name')
		.orderBy('producer.name')
		.orderBy('product.name');
	if (producerId) query = query.where('product.producer_id', '=', producerId);
	return query.execute();
}

/** The person's orders with lines, cycle and pickup: two queries. */
export async function listOrdersOfPerson(db: Executor, regionId: string, personId: string) {
	const orders = await db
		.selectFrom('customer_order as o')
		.innerJoin('order_cycle as cycle', 'cycle.id', 'o.cycle_id')
		.innerJoin('order_cycle_pickup as pickup', 'pickup.id', 'o.pickup_id')
		.innerJoin('place', 'place.id', 'pickup.place_id')
		.select([
			'o.id',
			'o.number',
			'o.status',
			'o.total_cents',
			'o.note',
			'o.created_at',
			'o.cancelled_at',
			'o.collected_at',
			'cycle.slug as cycle_slug',
			'cycle.name as cycle_name',
			'cycle.closes_at',
			sql<boolean>`now() < cycle.closes_at`.as('cancellable'),
			'pickup.starts_at',
			'pickup.ends_at',
			'place.name as place_name',
			'place.street',
			'place.postcode'
		])
		.where('o.region_id', '=', regionId)
		.where('o.person_id', '=', personId)
		.orderBy('o.created_at', 'desc')
		.limit(500)
		.execute();
	const lines =
		orders.length === 0
			? []
			: await db
					.selectFrom('order_line')
					.select([
						'order_id',
						'product_name',
						'unit',
						'producer_name',
						'unit_price_cents',
						'quantity'
					])
					.where('region_id', '=', regionId)
					.where(
						'order_id',
						'in',
						orders.map((o) => o.id)
					)
					.orderBy('producer_name')
					.orderBy('product_name')
					.execute();
	return { orders, lines };
}

/** Keeps the cycle's one search document in step with it (in the caller's transaction). */
export const upsertCycleSearchDocument = (
	db: Executor,
	regionId: string,
	document: SearchDocumentInput
) => writeSearchDocument(db, regionId, 'order_cycle', document);
