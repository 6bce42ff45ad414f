import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { distanceKm } from '../place/geo.ts';
import { getPlace, listPlaces } from '../place/place.service.ts';
import { listQuerySchema } from '../place/place.schema.ts';
import { placeSeeder } from './place.demo.ts';
import { seedDemo } from './demo.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await seedDemo(t.db, 'bergstrasse-odenwald');
});
afterAll(() => t.destroy());

const ctx = () => ({
	db: t.db,
	region: demo,
	actor: { regionId: demo.id, person: null },
	meta: { lang: 'de' as const }
});

test('the demo village shop stocks the demo producers; farm shops and pickup points', async () => {
	const shop = await getPlace(ctx(), 'dorfladen-gadernheim-demo', new Date('2026-12-01T08:00:00Z'));
	expect(shop.place).toMatchObject({ kind: 'shop', shopKind: 'village' });
	expect(shop.place.operator?.slug).toBeTruthy();
	expect(shop.hours?.open).toBe(true);
	const producers = await t.db
		.selectFrom('organisation')
		.select('slug')
		.where('region_id', '=', demo.id)
		.where('kind', '=', 'producer')
		.where('name', 'like', '%(Demo)%')
		.execute();
	expect(producers.length).toBeGreaterThanOrEqual(2);
	expect(shop.producers.map((p) => p.slug).sort()).toEqual(
		producers
			.map((p) => p.slug)
			.sort()
			.slice(0, 6)
	);

	const all = await listPlaces(ctx(), listQuerySchema.parse({}));
	// the market squares are real places (the markets seeder's); every other place is made up
	const names = all.items.filter((i) => i.kind !== 'market_square').map((i) => i.name);
	expect(names.every((n) => n.endsWith('(Demo)'))).toBe(true);
	const kinds = await t.db
		.selectFrom('place')
		.select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
		.where('region_id', '=', demo.id)
		.groupBy('kind')
		.execute();
	const count = (kind: string) => Number(kinds.find((k) => k.kind === kind)?.n ?? 0);
	expect(count('pickup_point')).toBe(4);
	expect(count('shop')).toBe(1 + producers.length);
	const municipalities = await t.db
		.selectFrom('municipality')
		.select(['name', 'lat', 'lon'])
		.where('region_id', '=', demo.id)
		.execute();
	for (const item of all.items) {
		const centre = municipalities.find((m) => m.name === item.municipality)!;
		expect(distanceKm(centre, item)).toBeLessThan(2);
	}
	const documents = await t.db
		.selectFrom('search_document')
		.select('path')
		.where('region_id', '=', demo.id)
		.where('kind', '=', 'place')
		.execute();
	// market squares are found through their markets' search documents
	expect(documents).toHaveLength(all.total - count('market_square'));
});

test('without the demo organisations the seeder still runs', async () => {
	const other = await createTestDatabase();
	try {
		const { demo: region } = await loadRegions(other.db);
		const moderator = await other.db
			.insertInto('person')
			.values({
				region_id: region.id,
				email: 'moderator@demo.invalid',
				display_name: 'Moderation',
				password_hash: 'x',
				role: 'moderator',
				email_verified_at: new Date(),
				terms_accepted_at: new Date()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const person = {
			id: moderator.id,
			displayName: 'Moderation',
			municipalityId: null,
			targetGroupId: null
		};
		let n = 0;
		await placeSeeder.seed({
			db: other.db,
			region,
			random: () => (n = (n * 9301 + 49297) % 233280) / 233280,
			moderator: person,
			citizens: [],
			organisations: {},
			pick: (items) => items[0]!,
			actorFor: () => ({
				regionId: region.id,
				person: {
					sessionHash: 'x',
					id: moderator.id,
					regionId: region.id,
					email: 'moderator@demo.invalid',
					displayName: 'Moderation',
					emailVerified: true,
					role: 'moderator',
					isPlatformAdmin: false,
					language: 'de'
				}
			})
		});
		const places = await other.db
			.selectFrom('place')
			.select('kind')
			.where('region_id', '=', region.id)
			.execute();
		expect(places.map((p) => p.kind)).toEqual(Array(4).fill('pickup_point'));
	} finally {
		await other.destroy();
	}
});
