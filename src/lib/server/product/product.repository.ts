/**
 * Queries about products, their producers and labels, and where a product can be bought.
 * Plain functions taking a Kysely instance or transaction; every one takes the region id and
 * filters by it. They return rows and never throw HTTP errors. Search: product.search.ts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MemberRole, ProductCategory } from '../db/schema.ts';
import {
	deleteSearchDocument as removeSearchDocument,
	upsertSearchDocument as writeSearchDocument,
	type SearchDocumentInput
} from '../search/search.repository.ts';
import { findSlugsLike as findSlugsLikeIn, insertUnlessSlugTaken } from '../db/slugs.ts';
import { PREPARED } from '../db/database.ts';
import { inMunicipality } from '../region/municipality.repository.ts';

/** The region's municipalities, shared with the other capabilities. */
export {
	findMunicipality,
	listMunicipalityOptions as listMunicipalities
} from '../region/municipality.repository.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const PRODUCER_KINDS = ['producer', 'farm_shop'] as const;

/** A producer organisation by slug, with the given person's role in it. */
export async function findProducerBySlug(
	db: Executor,
	regionId: string,
	slug: string,
	personId: string | null
) {
	return db
		.selectFrom('organisation')
		.select([
			'organisation.id',
			'organisation.region_id',
			'organisation.slug',
			'organisation.name',
			'organisation.kind',
			(eb) =>
				eb
					.selectFrom('organisation_member')
					.select('organisation_member.role')
					.whereRef('organisation_member.organisation_id', '=', 'organisation.id')
					.where(
						'organisation_member.person_id',
						'=',
						personId ?? '00000000-0000-0000-0000-000000000000'
					)
					.$castTo<MemberRole | null>()
					.as('my_role')
		])
		.where('organisation.region_id', '=', regionId)
		.where('organisation.slug', '=', slug)
		.executeTakeFirst();
}

/** Producer organisations the person is a member of (for the "new product" form). */
export async function listProducersOfPerson(db: Executor, regionId: string, personId: string) {
	return db
		.selectFrom('organisation_member')
		.innerJoin('organisation', (join) =>
			join
				.onRef('organisation.region_id', '=', 'organisation_member.region_id')
				.onRef('organisation.id', '=', 'organisation_member.organisation_id')
		)
		.select(['organisation.slug', 'organisation.name'])
		.where('organisation_member.region_id', '=', regionId)
		.where('organisation_member.person_id', '=', personId)
		.where('organisation.kind', 'in', PRODUCER_KINDS)
		.orderBy('organisation.name')
		.limit(100)
		.execute();
}

/** Every producer organisation of the region (moderators may add products for any). */
export async function listAllProducers(db: Executor, regionId: string) {
	return db
		.selectFrom('organisation')
		.select(['slug', 'name'])
		.where('region_id', '=', regionId)
		.where('kind', 'in', PRODUCER_KINDS)
		.orderBy('name')
		.limit(1000)
		.execute();
}

export async function listLabels(db: Executor, regionId: string) {
	return db
		.selectFrom('label')
		.modifyFront(PREPARED)
		.select(['id', 'key', 'kind', 'name', 'description', 'area'])
		.where('region_id', '=', regionId)
		.orderBy('position')
		.orderBy('name')
		.execute();
}

export interface ProductValues {
	name: string;
	category: ProductCategory;
	description: string;
	unit: string;
	price_cents: number;
	months: number[];
	origin_municipality_id: string | null;
	available: boolean;
}

/** Inserts unless the slug is taken in the region (the unique constraint decides); else null. */
export const insertProductUnlessSlugTaken = (
	db: Executor,
	regionId: string,
	producerId: string,
	slug: string,
	values: ProductValues
) =>
	insertUnlessSlugTaken(db, 'product', {
		...values,
		region_id: regionId,
		producer_id: producerId,
		slug
	});

export const findSlugsLike = (db: Executor, regionId: string, base: string) =>
	findSlugsLikeIn(db, 'product', regionId, base);

export async function updateProduct(
	db: Executor,
	regionId: string,
	id: string,
	values: ProductValues
) {
	await db
		.updateTable('product')
		.set({ ...values, updated_at: sql`now()` })
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

export async function deleteProduct(db: Executor, regionId: string, id: string) {
	await db.deleteFrom('product').where('region_id', '=', regionId).where('id', '=', id).execute();
}

/** Sets the product's labels to exactly these (label ids of the same region). */
export async function replaceProductLabels(
	db: Executor,
	regionId: string,
	productId: string,
	labelIds: string[]
) {
	await db
		.deleteFrom('product_label')
		.where('region_id', '=', regionId)
		.where('product_id', '=', productId)
		.execute();
	if (labelIds.length === 0) return;
	await db
		.insertInto('product_label')
		.values(labelIds.map((id) => ({ region_id: regionId, product_id: productId, label_id: id })))
		.execute();
}

/** The columns a product page and the open-data export both show. */
const PRODUCT_COLUMNS = [
	'product.slug',
	'product.name',
	'product.category',
	'product.description',
	'product.unit',
	'product.price_cents',
	'product.months',
	'product.available',
	'product.updated_at'
] as const;

/** Products with their producer (`producer.…`) and origin, if any (`origin.…`), in one region. */
function productsWithProducerAndOrigin(db: Executor) {
	return db
		.selectFrom('product')
		.innerJoin('organisation as producer', (join) =>
			join
				.onRef('producer.region_id', '=', 'product.region_id')
				.onRef('producer.id', '=', 'product.producer_id')
		)
		.leftJoin('municipality as origin', (join) =>
			join
				.onRef('origin.region_id', '=', 'product.region_id')
				.onRef('origin.id', '=', 'product.origin_municipality_id')
		);
}

/**
 * One product with its producer, origin and labels. With `lock` the row is locked FOR UPDATE
 * (inside a transaction), so two edits of the same product happen one after the other.
 */
export async function findProductBySlug(
	db: Executor,
	regionId: string,
	slug: string,
	options: { lock?: boolean } = {}
) {
	if (options.lock) {
		const locked = await db
			.selectFrom('product')
			.select('id')
			.where('region_id', '=', regionId)
			.where('slug', '=', slug)
			.forUpdate()
			.executeTakeFirst();
		if (!locked) return undefined;
	}
	return productsWithProducerAndOrigin(db)
		.innerJoin('municipality as producer_place', (join) =>
			join
				.onRef('producer_place.region_id', '=', 'producer.region_id')
				.onRef('producer_place.id', '=', 'producer.municipality_id')
		)
		.select([
			'product.id',
			'product.region_id',
			...PRODUCT_COLUMNS,
			'producer.id as producer_id',
			'producer.slug as producer_slug',
			'producer.name as producer_name',
			'producer.kind as producer_kind',
			'producer_place.name as producer_municipality',
			'origin.slug as origin_slug',
			'origin.name as origin_name',
			(eb) =>
				eb
					.selectFrom('product_label')
					.innerJoin('label', 'label.id', 'product_label.label_id')
					.select(
						sql<
							{ key: string; name: string; kind: string }[]
						>`coalesce(json_agg(json_build_object('key', label.key, 'name', label.name, 'kind', label.kind) order by label.position), '[]')`.as(
							'labels'
						)
					)
					.whereRef('product_label.product_id', '=', 'product.id')
					.as('labels')
		])
		.where('product.region_id', '=', regionId)
		.where('product.slug', '=', slug)
		.executeTakeFirst();
}
export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProductBySlug>>>;

/** Markets where the producer has a regular stand, with the market's schedule and place. */
export async function listMarketsOfProducer(db: Executor, regionId: string, producerId: string) {
	return db
		.selectFrom('market_stand')
		.innerJoin('market', (join) =>
			join
				.onRef('market.region_id', '=', 'market_stand.region_id')
				.onRef('market.id', '=', 'market_stand.market_id')
		)
		.innerJoin('place', (join) =>
			join
				.onRef('place.region_id', '=', 'market.region_id')
				.onRef('place.id', '=', 'market.place_id')
		)
		.innerJoin('municipality', inMunicipality.place)
		.select([
			'market.slug',
			'market.name',
			'market.schedule',
			'place.name as place_name',
			'municipality.name as municipality_name'
		])
		.where('market_stand.region_id', '=', regionId)
		.where('market_stand.producer_id', '=', producerId)
		.orderBy('market.name')
		.limit(50)
		.execute();
}

/** Shops that stock the producer's products, with address and opening hours. */
export async function listShopsOfProducer(db: Executor, regionId: string, producerId: string) {
	return db
		.selectFrom('shop_producer')
		.innerJoin('place', (join) =>
			join
				.onRef('place.region_id', '=', 'shop_producer.region_id')
				.onRef('place.id', '=', 'shop_producer.place_id')
		)
		.innerJoin('municipality', inMunicipality.place)
		.select([
			'place.slug',
			'place.name',
			'place.street',
			'place.postcode',
			'place.opening_hours',
			'municipality.name as municipality_name'
		])
		.where('shop_producer.region_id', '=', regionId)
		.where('shop_producer.producer_id', '=', producerId)
		.orderBy('place.name')
		.limit(50)
		.execute();
}

/** Order cycles open right now that offer this product. */
export async function listOpenOffers(db: Executor, regionId: string, productId: string) {
	return db
		.selectFrom('order_cycle_offer')
		.innerJoin('order_cycle', (join) =>
			join
				.onRef('order_cycle.region_id', '=', 'order_cycle_offer.region_id')
				.onRef('order_cycle.id', '=', 'order_cycle_offer.cycle_id')
		)
		.select([
			'order_cycle.slug',
			'order_cycle.name',
			'order_cycle.closes_at',
			'order_cycle_offer.price_cents',
			'order_cycle_offer.stock',
			'order_cycle_offer.sold'
		])
		.where('order_cycle_offer.region_id', '=', regionId)
		.where('order_cycle_offer.product_id', '=', productId)
		.where('order_cycle.opens_at', '<=', sql<Date>`now()`)
		.where('order_cycle.closes_at', '>', sql<Date>`now()`)
		.orderBy('order_cycle.closes_at')
		.limit(20)
		.execute();
}

/** The products of one producer (by its slug), for its organisation page: one query. */
export async function listProductsOfProducer(db: Executor, regionId: string, producerSlug: string) {
	return db
		.selectFrom('product')
		.innerJoin('organisation', (join) =>
			join
				.onRef('organisation.region_id', '=', 'product.region_id')
				.onRef('organisation.id', '=', 'product.producer_id')
		)
		.select([
			'product.slug',
			'product.name',
			'product.category',
			'product.unit',
			'product.price_cents',
			'product.months',
			'product.available'
		])
		.where('product.region_id', '=', regionId)
		.where('organisation.slug', '=', producerSlug)
		.orderBy('product.name')
		.limit(200)
		.execute();
}

/** Keeps the product's one search document in step with it. */
export const upsertSearchDocument = (
	db: Executor,
	regionId: string,
	document: SearchDocumentInput
) => writeSearchDocument(db, regionId, 'product', document);

export const deleteSearchDocument = (db: Executor, regionId: string, productId: string) =>
	removeSearchDocument(db, regionId, 'product', productId);

// Open data

/** One page of all products, with producer and labels (keys), ordered stably. */
export async function listProductsForExport(
	db: Executor,
	regionId: string,
	page: { limit: number; offset: number }
) {
	return productsWithProducerAndOrigin(db)
		.select([
			...PRODUCT_COLUMNS,
			'producer.slug as producer_slug',
			'producer.name as producer_name',
			'origin.name as origin_name',
			(eb) =>
				eb
					.selectFrom('product_label')
					.innerJoin('label', 'label.id', 'product_label.label_id')
					.select(
						sql<string[]>`coalesce(array_agg(label.key order by label.position), '{}')`.as('keys')
					)
					.whereRef('product_label.product_id', '=', 'product.id')
					.as('labels')
		])
		.where('product.region_id', '=', regionId)
		.orderBy('product.slug')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function countProducts(db: Executor, regionId: string): Promise<number> {
	const row = await db
		.selectFrom('product')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', regionId)
		.executeTakeFirstOrThrow();
	return row.count;
}

/** Producer organisations that have products, with their categories (for the GeoJSON). */
export async function listProducersWithProducts(db: Executor, regionId: string) {
	return db
		.selectFrom('organisation')
		.innerJoin('municipality', inMunicipality.organisation)
		.innerJoin(
			(eb) =>
				eb
					.selectFrom('product')
					.select([
						'producer_id',
						sql<ProductCategory[]>`array_agg(distinct category order by category)`.as('categories'),
						sql<number>`count(*)::int`.as('products')
					])
					.where('region_id', '=', regionId)
					.groupBy('producer_id')
					.as('p'),
			(join) => join.onRef('p.producer_id', '=', 'organisation.id')
		)
		.select([
			'organisation.slug',
			'organisation.name',
			'organisation.lat',
			'organisation.lon',
			'organisation.exact_location',
			'municipality.name as municipality_name',
			'p.categories',
			'p.products'
		])
		.where('organisation.region_id', '=', regionId)
		.orderBy('organisation.name')
		.execute();
}
