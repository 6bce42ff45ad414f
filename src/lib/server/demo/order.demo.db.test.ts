import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { seedDemo, seededRandom, type DemoContext } from './demo.ts';
import { orderDemo } from './order.demo.ts';
import { coordinatorView, cycleTour, getCycle, listCycles } from '../order/order.service.ts';
import { search } from '../search/search.service.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await seedDemo(t.db, 'bergstrasse-odenwald');
});
afterAll(() => t.destroy());

const orderCtx = () => ({
	db: t.db,
	region: demo,
	actor: { regionId: demo.id, person: null },
	smtp: false,
	meta: { lang: 'de' as const, origin: 'http://localhost' }
});

/** The demo context as seedDemo builds it, from the seeded rows. */
async function demoContext(): Promise<DemoContext> {
	const people = await t.db
		.selectFrom('person')
		.select(['id', 'display_name', 'role', 'municipality_id', 'target_group_id'])
		.where('region_id', '=', demo.id)
		.orderBy('email')
		.execute();
	const asDemo = (p: (typeof people)[number]) => ({
		id: p.id,
		displayName: p.display_name,
		municipalityId: p.municipality_id,
		targetGroupId: p.target_group_id
	});
	const organisations = await t.db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'kind'])
		.where('region_id', '=', demo.id)
		.execute();
	const random = seededRandom(1);
	return {
		db: t.db,
		region: demo,
		random,
		moderator: asDemo(people.find((p) => p.role !== 'citizen')!),
		citizens: people.filter((p) => p.role === 'citizen').map(asDemo),
		organisations: Object.fromEntries(organisations.map((o) => [o.slug, o])),
		pick: (items) => items[0]!,
		actorFor: () => ({ regionId: demo.id, person: null })
	};
}

test('the site search finds the demo rounds, the open one under its name and its coordinator', async () => {
	const paths = async (query: string) =>
		(await search(t.db, demo.id, query)).filter((h) => h.kind === 'order_cycle').map((h) => h.path);
	expect(await paths('Wochenkiste Odenwald')).toContain('/bestellen/wochenkiste-dorfladen');
	expect(await paths('Bestellrunde Dorfladen Gadernheim')).toEqual(
		expect.arrayContaining(['/bestellen/wochenkiste-dorfladen', '/bestellen/wochenkiste-vorwoche'])
	);
	// one document per round, as the service keeps it
	const documents = await t.db
		.selectFrom('search_document')
		.innerJoin('order_cycle', 'order_cycle.id', 'search_document.ref_id')
		.select(['order_cycle.slug', 'search_document.title'])
		.where('search_document.kind', '=', 'order_cycle')
		.where('search_document.region_id', '=', demo.id)
		.orderBy('order_cycle.slug')
		.execute();
	expect(documents).toEqual([
		{
			slug: 'wochenkiste-dorfladen',
			title: {
				de: 'Wochenkiste aus dem Odenwald (Demo)',
				en: 'Wochenkiste aus dem Odenwald (Demo)'
			}
		},
		{
			slug: 'wochenkiste-vorwoche',
			title: { de: 'Wochenkiste der Vorwoche (Demo)', en: 'Wochenkiste der Vorwoche (Demo)' }
		}
	]);
});

test('collected demo orders carry the moment of their handover, within the pickup window', async () => {
	const orders = await t.db
		.selectFrom('customer_order as o')
		.innerJoin('order_cycle_pickup as pickup', 'pickup.id', 'o.pickup_id')
		.select(['o.status', 'o.collected_at', 'pickup.starts_at', 'pickup.ends_at'])
		.where('o.region_id', '=', demo.id)
		.execute();
	const collected = orders.filter((o) => o.status === 'collected');
	expect(collected.length).toBeGreaterThanOrEqual(3);
	for (const o of collected) {
		expect(o.collected_at!.getTime()).toBeGreaterThanOrEqual(o.starts_at.getTime());
		expect(o.collected_at!.getTime()).toBeLessThanOrEqual(o.ends_at.getTime());
	}
});

test('without products or places the seeder seeds nothing (and does not fail)', async () => {
	// seedDemo ran every seeder: start from no order rounds, products or places
	for (const table of ['order_cycle', 'market', 'place', 'product'] as const) {
		await t.db.deleteFrom(table).where('region_id', '=', demo.id).execute();
	}
	expect(await t.db.selectFrom('order_cycle').selectAll().execute()).toEqual([]);
	await orderDemo.seed(await demoContext());
	expect(await t.db.selectFrom('order_cycle').selectAll().execute()).toEqual([]);
});

test('with products and places: an open round, and a closed one whose lists and tour have content', async () => {
	const ctx = await demoContext();
	const farm = ctx.organisations['hof-lindenblick']!;
	const bees = ctx.organisations['imkerei-felsenmeer']!;
	const shop = ctx.organisations['dorfladen-gadernheim']!;
	const municipality = await t.db
		.selectFrom('organisation')
		.select('municipality_id')
		.where('id', '=', shop.id)
		.executeTakeFirstOrThrow();
	await t.db
		.insertInto('product')
		.values(
			[
				['eier', 'Eier (Demo)', 'eggs', '10 Stück', 390, farm.id],
				['kartoffeln', 'Kartoffeln (Demo)', 'potatoes', '5 kg', 650, farm.id],
				['honig', 'Blütenhonig (Demo)', 'honey', '500 g', 790, bees.id]
			].map(([slug, name, category, unit, price, producer]) => ({
				region_id: demo.id,
				slug: slug as string,
				name: name as string,
				category: category as 'eggs',
				unit: unit as string,
				price_cents: price as number,
				producer_id: producer as string
			}))
		)
		.execute();
	await t.db
		.insertInto('place')
		.values([
			{
				region_id: demo.id,
				slug: 'dorfladen',
				kind: 'shop',
				shop_kind: 'village',
				name: 'Dorfladen Gadernheim (Demo)',
				municipality_id: municipality.municipality_id,
				lat: 49.71,
				lon: 8.7,
				organisation_id: shop.id
			},
			{
				region_id: demo.id,
				slug: 'abholstelle',
				kind: 'pickup_point',
				shop_kind: null,
				name: 'Abholstelle Rathaus (Demo)',
				municipality_id: municipality.municipality_id,
				lat: 49.68,
				lon: 8.78
			}
		])
		.execute();
	await orderDemo.seed(ctx);
	const cycles = await listCycles(orderCtx());
	expect(cycles.open.map((c) => c.slug)).toEqual(['wochenkiste-dorfladen']);
	const open = await getCycle(orderCtx(), 'wochenkiste-dorfladen');
	expect(open.producers.flatMap((p) => p.offers)).toHaveLength(3);
	expect(open.pickups).toHaveLength(2);
	const moderator = {
		...orderCtx(),
		actor: {
			regionId: demo.id,
			person: {
				sessionHash: 'x',
				id: ctx.moderator.id,
				regionId: demo.id,
				email: '',
				displayName: ctx.moderator.displayName,
				emailVerified: true,
				role: 'moderator' as const,
				isPlatformAdmin: false,
				language: 'de' as const
			}
		}
	};
	const past = await coordinatorView(moderator, 'wochenkiste-vorwoche');
	expect(past.orders.length).toBeGreaterThanOrEqual(3);
	expect(past.pickList.length).toBeGreaterThanOrEqual(1);
	const tour = await cycleTour(moderator, 'wochenkiste-vorwoche');
	expect(tour.stops.some((s) => s.kind === 'collect')).toBe(true);
	expect(tour.stops.some((s) => s.kind === 'drop')).toBe(true);
	const offers = await t.db.selectFrom('order_cycle_offer').select(['sold', 'stock']).execute();
	for (const o of offers) expect(o.stock === null || o.sold <= o.stock).toBe(true);
});
