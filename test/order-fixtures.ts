/** Fixtures for order tests: a village shop coordinating a cycle with a producer's products. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../src/lib/server/db/database.ts';

export interface OrderScene {
	coordinatorId: string;
	coordinatorSlug: string;
	producerId: string;
	producerSlug: string;
	placeId: string;
	cycleId: string;
	cycleSlug: string;
	pickupId: string;
	offerId: string;
	productId: string;
}

async function organisation(db: DB, regionId: string, kind: string, name: string, lat: number) {
	const municipality = await db
		.selectFrom('municipality')
		.select(['id', 'lon'])
		.where('region_id', '=', regionId)
		.orderBy('name')
		.limit(1)
		.executeTakeFirstOrThrow();
	const tag = randomUUID().slice(0, 8);
	return db
		.insertInto('organisation')
		.values({
			region_id: regionId,
			slug: `${kind.replace('_', '-')}-${tag}`,
			name: `${name} ${tag}`,
			kind,
			sector: 'wirtschaft',
			municipality_id: municipality.id,
			lat,
			lon: Number(municipality.lon),
			verified_at: new Date(),
			verified_by: null,
			created_by: null
		})
		.returning(['id', 'slug', 'municipality_id'])
		.executeTakeFirstOrThrow();
}

export async function addMember(
	db: DB,
	regionId: string,
	organisationId: string,
	personId: string,
	role: 'admin' | 'member'
) {
	await db
		.insertInto('organisation_member')
		.values({ region_id: regionId, organisation_id: organisationId, person_id: personId, role })
		.execute();
}

/**
 * A cycle open for an hour (or as given), one offer of a producer's product, one pickup at the
 * coordinator's shop. `stock` null: unlimited.
 */
export async function createOrderScene(
	db: DB,
	regionId: string,
	options: { stock?: number | null; priceCents?: number; opensInMinutes?: number } = {}
): Promise<OrderScene> {
	const coordinator = await organisation(db, regionId, 'village_shop', 'Dorfladen', 49.68);
	const producer = await organisation(db, regionId, 'producer', 'Hof', 49.72);
	const tag = randomUUID().slice(0, 8);
	const place = await db
		.insertInto('place')
		.values({
			region_id: regionId,
			slug: `laden-${tag}`,
			kind: 'shop',
			shop_kind: 'village',
			name: `Dorfladen ${tag}`,
			street: 'Hauptstraße 1',
			municipality_id: coordinator.municipality_id,
			lat: 49.69,
			lon: 8.75,
			organisation_id: coordinator.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const product = await db
		.insertInto('product')
		.values({
			region_id: regionId,
			producer_id: producer.id,
			slug: `kartoffeln-${tag}`,
			name: 'Kartoffeln',
			category: 'potatoes',
			unit: '5 kg',
			price_cents: options.priceCents ?? 650
		})
		.returning(['id', 'price_cents'])
		.executeTakeFirstOrThrow();
	const opens = options.opensInMinutes ?? -60;
	const cycle = await db
		.insertInto('order_cycle')
		.values({
			region_id: regionId,
			slug: `runde-${tag}`,
			name: `Bestellrunde ${tag}`,
			coordinator_id: coordinator.id,
			opens_at: sql<Date>`now() + make_interval(mins => ${opens})`,
			closes_at: sql<Date>`now() + make_interval(mins => ${opens + 120})`
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	const pickup = await db
		.insertInto('order_cycle_pickup')
		.values({
			region_id: regionId,
			cycle_id: cycle.id,
			place_id: place.id,
			starts_at: sql<Date>`now() + interval '1 day'`,
			ends_at: sql<Date>`now() + interval '1 day 2 hours'`
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const offer = await db
		.insertInto('order_cycle_offer')
		.values({
			region_id: regionId,
			cycle_id: cycle.id,
			product_id: product.id,
			price_cents: product.price_cents,
			stock: options.stock === undefined ? 10 : options.stock
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return {
		coordinatorId: coordinator.id,
		coordinatorSlug: coordinator.slug,
		producerId: producer.id,
		producerSlug: producer.slug,
		placeId: place.id,
		cycleId: cycle.id,
		cycleSlug: cycle.slug,
		pickupId: pickup.id,
		offerId: offer.id,
		productId: product.id
	};
}
