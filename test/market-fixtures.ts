/**
 * Fixtures for market tests (database and browser): organisations of a kind with people in
 * roles, products of a category, and shops that stock producers.
 */
import { randomUUID } from 'node:crypto';
import type { DB } from '../src/lib/server/db/database.ts';
import type { MemberRole, ProductCategory } from '../src/lib/server/db/schema.ts';

export async function createOrganisationOfKind(
	db: DB,
	regionId: string,
	kind: string,
	people: { id: string; role: MemberRole }[] = [],
	name?: string
): Promise<{ id: string; slug: string; name: string }> {
	const municipality = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.limit(1)
		.executeTakeFirstOrThrow();
	const tag = randomUUID().slice(0, 8);
	const row = await db
		.insertInto('organisation')
		.values({
			region_id: regionId,
			slug: `${kind.replace('_', '-')}-${tag}`,
			name: name ?? `${kind} ${tag}`,
			kind,
			sector: 'wirtschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			verified_at: new Date(),
			verified_by: null,
			created_by: null
		})
		.returning(['id', 'slug', 'name'])
		.executeTakeFirstOrThrow();
	for (const person of people) {
		await db
			.insertInto('organisation_member')
			.values({
				region_id: regionId,
				organisation_id: row.id,
				person_id: person.id,
				role: person.role
			})
			.execute();
	}
	return row;
}

export async function createProduct(
	db: DB,
	regionId: string,
	producerId: string,
	category: ProductCategory,
	name: string
) {
	await db
		.insertInto('product')
		.values({
			region_id: regionId,
			producer_id: producerId,
			slug: `produkt-${randomUUID().slice(0, 8)}`,
			name,
			category,
			unit: '10 Stück',
			price_cents: 390
		})
		.execute();
}

/** A shop at a point, with opening hours (a schedule) and the producers it stocks. */
export async function createShop(
	db: DB,
	regionId: string,
	values: { name: string; lat: number; lon: number; openingHours?: unknown; producers: string[] }
) {
	const municipality = await db
		.selectFrom('municipality')
		.select('id')
		.where('region_id', '=', regionId)
		.limit(1)
		.executeTakeFirstOrThrow();
	const shop = await db
		.insertInto('place')
		.values({
			region_id: regionId,
			slug: `laden-${randomUUID().slice(0, 8)}`,
			kind: 'shop',
			shop_kind: 'village',
			name: values.name,
			municipality_id: municipality.id,
			lat: values.lat,
			lon: values.lon,
			opening_hours: values.openingHours ? JSON.stringify(values.openingHours) : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const producer of values.producers) {
		await db
			.insertInto('shop_producer')
			.values({ region_id: regionId, place_id: shop.id, producer_id: producer })
			.execute();
	}
	return shop.id;
}
