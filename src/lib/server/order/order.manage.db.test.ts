/**
 * What coordinators do while a cycle runs: hand orders over (collected), edit the cycle and
 * its offers' prices and stock; the cycle's search document follows in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { addMember, createOrderScene, type OrderScene } from '../../../../test/order-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createDatabase } from '../db/database.ts';
import {
	cancelOrder,
	coordinatorView,
	createCycle,
	markCollected,
	myOrders,
	ordersForExport,
	placeOrder,
	updateCycle,
	updateOffer,
	type OrderContext
} from './order.service.ts';
import { cycleEditSchema, cycleSchema, offerEditSchema } from './order.schema.ts';
import { instantToBerlin } from '../event/event.time.ts';
import * as migration from '../db/migrations/2026_11_28_0200_order_collected_at.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const person = (region: RegionContext) => createPerson(t.db, region, { verified: true });

function ctx(region: RegionContext, who: SessionPerson | null, db = t.db): OrderContext {
	return {
		db,
		region,
		actor: { regionId: region.id, person: who },
		smtp: false,
		meta: { lang: 'de', origin: 'http://localhost' }
	};
}

async function coordinatorOf(scene: OrderScene) {
	const admin = await person(demo);
	await addMember(t.db, demo.id, scene.coordinatorId, admin.id, 'admin');
	return admin;
}

async function order(scene: OrderScene, quantity = 1, priceCents = 650) {
	const buyer = await person(demo);
	await placeOrder(
		ctx(demo, buyer),
		scene.cycleSlug,
		[{ offerId: scene.offerId, quantity, priceCents }],
		{ pickup: scene.pickupId, note: '' }
	);
	const [mine] = await myOrders(ctx(demo, buyer));
	return { buyer, order: mine! };
}

const startPickup = (scene: OrderScene) =>
	t.db
		.updateTable('order_cycle_pickup')
		.set({ starts_at: sql`now() - interval '1 minute'` })
		.where('id', '=', scene.pickupId)
		.execute();

const sold = async (offerId: string) =>
	(
		await t.db
			.selectFrom('order_cycle_offer')
			.select(['sold', 'stock', 'price_cents'])
			.where('id', '=', offerId)
			.executeTakeFirstOrThrow()
	).sold;

describe('collected orders', () => {
	test('only placed orders, from the pickup window on; collected ones cannot be cancelled', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const admin = await coordinatorOf(scene);
		const { buyer, order: placed } = await order(scene, 2);
		const { buyer: other_, order: toCancel } = await order(scene, 1);
		// before the pickup window
		await expect(markCollected(ctx(demo, admin), scene.cycleSlug, placed.id)).rejects.toMatchObject(
			{
				messageKey: 'order.collect.tooEarly'
			}
		);
		expect(
			(await coordinatorView(ctx(demo, admin), scene.cycleSlug)).orders.every((o) => !o.canCollect)
		).toBe(true);
		await startPickup(scene);
		// not the customer, nor the producer's side or strangers
		await expect(markCollected(ctx(demo, buyer), scene.cycleSlug, placed.id)).rejects.toMatchObject(
			{
				code: 'forbidden'
			}
		);
		await expect(
			markCollected(ctx(other, admin), scene.cycleSlug, placed.id)
		).rejects.toMatchObject({
			code: 'not_found'
		});
		await cancelOrder(ctx(demo, other_), toCancel.id);
		await expect(
			markCollected(ctx(demo, admin), scene.cycleSlug, toCancel.id)
		).rejects.toMatchObject({
			messageKey: 'order.collect.cancelled'
		});
		const view = await coordinatorView(ctx(demo, admin), scene.cycleSlug);
		expect(view.orders.find((o) => o.id === placed.id)!.canCollect).toBe(true);
		expect(view.orders.find((o) => o.id === toCancel.id)!.canCollect).toBe(false);
		expect(view.orders.find((o) => o.id === placed.id)!.collectedAt).toBeNull();
		const before = Date.now();
		await markCollected(ctx(demo, admin), scene.cycleSlug, placed.id);
		const after = Date.now();
		await expect(markCollected(ctx(demo, admin), scene.cycleSlug, placed.id)).rejects.toMatchObject(
			{
				messageKey: 'order.collect.already'
			}
		);
		// the moment of the handover is kept, for the coordinator and the person
		const collectedView = await coordinatorView(ctx(demo, admin), scene.cycleSlug);
		const collectedAt = collectedView.orders.find((o) => o.id === placed.id)!.collectedAt;
		expect(Date.parse(collectedAt!)).toBeGreaterThanOrEqual(before - 1000);
		expect(Date.parse(collectedAt!)).toBeLessThanOrEqual(after + 1000);
		expect(collectedView.orders.find((o) => o.id === toCancel.id)!.collectedAt).toBeNull();
		// the pick list: of what goes to the pickup, how much is handed over already
		expect(collectedView.pickList[0]!.items[0]).toMatchObject({ quantity: 2, collected: 2 });
		const [mine] = await myOrders(ctx(demo, buyer));
		expect(mine).toMatchObject({ status: 'collected', canCancel: false, collectedAt });
		const [theirs] = await myOrders(ctx(demo, other_));
		expect(theirs).toMatchObject({ status: 'cancelled', collectedAt: null });
		const exported = await ordersForExport(t.db, demo.id, buyer.id);
		expect(exported[0]!.collected_at?.toISOString()).toBe(collectedAt);
		await expect(cancelOrder(ctx(demo, buyer), placed.id)).rejects.toMatchObject({
			messageKey: 'order.cancel.notPlaced'
		});
		// the stock stays taken by the collected order
		expect(await sold(scene.offerId)).toBe(2);
	});

	test('collecting and cancelling at the same moment: exactly one wins, the stock follows', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 100 });
		const admin = await coordinatorOf(scene);
		const orders = [];
		for (let i = 0; i < 12; i++) orders.push(await order(scene, 1));
		await startPickup(scene);
		const db = createDatabase({ connectionString: t.url, max: 12 });
		try {
			const results = await Promise.allSettled(
				orders.flatMap(({ buyer, order: o }) => [
					markCollected(ctx(demo, admin, db), scene.cycleSlug, o.id),
					cancelOrder(ctx(demo, buyer, db), o.id)
				])
			);
			for (let i = 0; i < orders.length; i++) {
				const pair = results.slice(2 * i, 2 * i + 2);
				expect(pair.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			}
		} finally {
			await db.destroy();
		}
		const rows = await t.db
			.selectFrom('customer_order')
			.select(['status', 'collected_at'])
			.where('cycle_id', '=', scene.cycleId)
			.execute();
		const collected = rows.filter((r) => r.status === 'collected').length;
		expect(collected + rows.filter((r) => r.status === 'cancelled').length).toBe(12);
		for (const r of rows) expect(r.collected_at !== null).toBe(r.status === 'collected');
		expect(await sold(scene.offerId)).toBe(collected);
	}, 60_000);

	test('the database keeps collected_at set exactly when the status is collected', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const { order: placed } = await order(scene, 1);
		const set = (values: { status?: 'placed' | 'collected'; collected_at?: Date | null }) =>
			t.db.updateTable('customer_order').set(values).where('id', '=', placed.id).execute();
		// collected without a time, or a time on an order not collected: both refused
		await expect(set({ status: 'collected' })).rejects.toMatchObject({
			constraint: 'customer_order_collected'
		});
		await expect(set({ collected_at: new Date() })).rejects.toMatchObject({
			constraint: 'customer_order_collected'
		});
		await set({ status: 'collected', collected_at: new Date() });
		// and back (undoing a handover would have to clear the time as well)
		await expect(set({ status: 'placed' })).rejects.toMatchObject({
			constraint: 'customer_order_collected'
		});
		await set({ status: 'placed', collected_at: null });
	});

	test('the migration gives orders collected before it the end of their pickup window', async () => {
		const scratch = await createTestDatabase();
		try {
			// a database from before the migration, with orders collected then
			await migration.down(scratch.db);
			const region = (await loadRegions(scratch.db)).demo;
			const scene = await createOrderScene(scratch.db, region.id);
			const pickupEnd = new Date(Date.now() - 3600_000);
			await scratch.db
				.updateTable('order_cycle_pickup')
				.set({ starts_at: new Date(pickupEnd.getTime() - 7200_000), ends_at: pickupEnd })
				.where('id', '=', scene.pickupId)
				.execute();
			// a pickup still ahead
			const later = await scratch.db
				.insertInto('order_cycle_pickup')
				.values({
					region_id: region.id,
					cycle_id: scene.cycleId,
					place_id: scene.placeId,
					starts_at: new Date(Date.now() + 86_400_000),
					ends_at: new Date(Date.now() + 90_000_000)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const insert = (status: 'placed' | 'collected', pickupId: string, createdAt: Date) =>
				scratch.db
					.insertInto('customer_order')
					.values({
						region_id: region.id,
						cycle_id: scene.cycleId,
						pickup_id: pickupId,
						customer_name: 'Vorher',
						status,
						total_cents: 0,
						created_at: createdAt
					})
					.returning('id')
					.executeTakeFirstOrThrow();
			const dayBefore = new Date(pickupEnd.getTime() - 86_400_000);
			const collected = await insert('collected', scene.pickupId, dayBefore);
			const placed = await insert('placed', scene.pickupId, dayBefore);
			const ahead = await insert('collected', later.id, dayBefore);
			// placed (by a clock gone wrong) after its window: not collected before it was placed
			const lateOrder = new Date(pickupEnd.getTime() + 60_000);
			const odd = await insert('collected', scene.pickupId, lateOrder);
			const before = Date.now();
			await migration.up(scratch.db);
			const rows = await scratch.db
				.selectFrom('customer_order')
				.select(['id', 'collected_at'])
				.where('cycle_id', '=', scene.cycleId)
				.execute();
			const at = (id: string) => rows.find((r) => r.id === id)!.collected_at;
			expect(at(collected.id)).toEqual(pickupEnd);
			expect(at(placed.id)).toBeNull();
			// a window still ahead: now, not a moment in the future
			expect(at(ahead.id)!.getTime()).toBeGreaterThanOrEqual(before - 1000);
			expect(at(ahead.id)!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
			expect(at(odd.id)).toEqual(lateOrder);
		} finally {
			await scratch.destroy();
		}
	});
});

describe('editing cycles and offers', () => {
	const edit = (cycle: { name: string; opensAt: Date; closesAt: Date }, changes = {}) =>
		cycleEditSchema.parse({
			name: cycle.name,
			description: 'Kartoffeln und Eier vom Hof',
			opensAt: instantToBerlin(cycle.opensAt),
			closesAt: instantToBerlin(cycle.closesAt),
			...changes
		});
	const cycleRow = (id: string) =>
		t.db
			.selectFrom('order_cycle')
			.select(['name', 'description', 'opens_at as opensAt', 'closes_at as closesAt'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
	const searchDocument = (id: string) =>
		t.db
			.selectFrom('search_document')
			.select(['path', 'title', 'body'])
			.where('kind', '=', 'order_cycle')
			.where('ref_id', '=', id)
			.executeTakeFirst();

	test('creating a cycle makes its search document in the same transaction', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const admin = await coordinatorOf(scene);
		const slug = await createCycle(
			ctx(demo, admin),
			cycleSchema.parse({
				name: 'Spargelrunde',
				description: 'Weißer Spargel',
				coordinator: scene.coordinatorSlug,
				opensAt: '2027-04-01T08:00',
				closesAt: '2027-04-05T20:00'
			})
		);
		const { id } = await t.db
			.selectFrom('order_cycle')
			.select('id')
			.where('region_id', '=', demo.id)
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		const doc = await searchDocument(id);
		expect(doc).toMatchObject({ path: `/bestellen/${slug}`, title: { de: 'Spargelrunde' } });
		expect(doc!.body.de).toContain('Weißer Spargel');
		// found by the site search's full text
		const hit = await sql<{ path: string }>`select path from search_document
			where region_id = ${demo.id} and tsv @@ websearch_to_tsquery('german', 'Spargel')
				and kind = 'order_cycle'`.execute(t.db);
		expect(hit.rows.map((r) => r.path)).toContain(`/bestellen/${slug}`);
	});

	test('name, description and times: checked, the rules once people have ordered', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const admin = await coordinatorOf(scene);
		const before = await cycleRow(scene.cycleId);
		await expect(
			updateCycle(ctx(demo, await person(demo)), scene.cycleSlug, edit(before))
		).rejects.toMatchObject({ code: 'forbidden' });
		// no orders yet: the cycle can be ended at once
		const past = new Date(Date.now() - 5 * 60_000);
		await updateCycle(
			ctx(demo, admin),
			scene.cycleSlug,
			edit(before, { closesAt: instantToBerlin(past) })
		);
		expect((await cycleRow(scene.cycleId)).closesAt.getTime()).toBeLessThan(Date.now());
		await updateCycle(ctx(demo, admin), scene.cycleSlug, edit(before, { name: 'Kartoffelkiste' }));
		const renamed = await cycleRow(scene.cycleId);
		expect(renamed).toMatchObject({
			name: 'Kartoffelkiste',
			description: 'Kartoffeln und Eier vom Hof'
		});
		expect((await searchDocument(scene.cycleId))!.title).toEqual({
			de: 'Kartoffelkiste',
			en: 'Kartoffelkiste'
		});
		await order(scene);
		// with orders: the closing time not into the past, the opening time not into the future
		await expect(
			updateCycle(
				ctx(demo, admin),
				scene.cycleSlug,
				edit(renamed, { closesAt: instantToBerlin(past) })
			)
		).rejects.toMatchObject({
			code: 'invalid',
			fields: { closesAt: 'order.cycle.closesAt.pastWithOrders' }
		});
		const soon = new Date(Date.now() + 30 * 60_000);
		await expect(
			updateCycle(
				ctx(demo, admin),
				scene.cycleSlug,
				edit(renamed, { opensAt: instantToBerlin(soon) })
			)
		).rejects.toMatchObject({ fields: { opensAt: 'order.cycle.opensAt.futureWithOrders' } });
		expect(await cycleRow(scene.cycleId)).toEqual(renamed);
		// later is fine; and closing a little ahead
		const later = new Date(Date.now() + 3 * 3600_000);
		await updateCycle(
			ctx(demo, admin),
			scene.cycleSlug,
			edit(renamed, { closesAt: instantToBerlin(later) })
		);
		expect(Math.floor((await cycleRow(scene.cycleId)).closesAt.getTime() / 60_000)).toBe(
			Math.floor(later.getTime() / 60_000)
		);
		// closing before opening is refused by the schema
		const bad = cycleEditSchema.safeParse({
			name: 'Kiste',
			opensAt: '2027-10-05T08:00',
			closesAt: '2027-10-01T20:00'
		});
		expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['closesAt', 'order.cycle.closesAt.beforeOpen']
		]);
	});

	test('an offer: stock not below what is sold, a new price for new orders only', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 10 });
		const admin = await coordinatorOf(scene);
		const { buyer } = await order(scene, 4);
		const change = (price: string, stock: string) =>
			updateOffer(
				ctx(demo, admin),
				scene.cycleSlug,
				offerEditSchema.parse({ id: scene.offerId, price, stock })
			);
		await expect(
			updateOffer(
				ctx(demo, buyer),
				scene.cycleSlug,
				offerEditSchema.parse({ id: scene.offerId, price: '7', stock: '10' })
			)
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(change('6,50', '3')).rejects.toMatchObject({
			code: 'conflict',
			fields: { stock: 'order.offer.stock.belowSold' }
		});
		// the database refuses it too, whatever the code does
		await expect(
			t.db
				.updateTable('order_cycle_offer')
				.set({ stock: 3 })
				.where('id', '=', scene.offerId)
				.execute()
		).rejects.toThrow(/order_cycle_offer_not_oversold/);
		await change('7,20', '4');
		const offer = await t.db
			.selectFrom('order_cycle_offer')
			.select(['stock', 'price_cents'])
			.where('id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(offer).toEqual({ stock: 4, price_cents: 720 });
		// the order keeps its price
		const [mine] = await myOrders(ctx(demo, buyer));
		expect(mine!.lines[0]!.priceCents).toBe(650);
		expect(mine!.totalCents).toBe(2600);
		// a basket reviewed at the old price is refused with the new one
		await change('7,20', '');
		await expect(order(scene, 1, 650)).rejects.toMatchObject({
			messageKey: 'order.priceChanged',
			params: { price: '7,20\u00a0€' }
		});
		await order(scene, 1, 720);
		expect(await sold(scene.offerId)).toBe(5);
		// a price is required; an offer of another cycle is not found
		expect(offerEditSchema.safeParse({ id: scene.offerId, price: '', stock: '' }).success).toBe(
			false
		);
		const elsewhere = await createOrderScene(t.db, demo.id);
		await expect(
			updateOffer(
				ctx(demo, admin),
				scene.cycleSlug,
				offerEditSchema.parse({ id: elsewhere.offerId, price: '1', stock: '' })
			)
		).rejects.toMatchObject({ code: 'not_found' });
	});

	test('lowering the stock while people order: never below what is sold', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 20 });
		const admin = await coordinatorOf(scene);
		const buyers = await Promise.all(Array.from({ length: 16 }, () => person(demo)));
		const db = createDatabase({ connectionString: t.url, max: 18 });
		let lowered: PromiseSettledResult<void>;
		try {
			const results = await Promise.allSettled([
				...buyers.map((b) =>
					placeOrder(
						ctx(demo, b, db),
						scene.cycleSlug,
						[{ offerId: scene.offerId, quantity: 1, priceCents: 650 }],
						{ pickup: scene.pickupId, note: '' }
					)
				),
				updateOffer(
					ctx(demo, admin, db),
					scene.cycleSlug,
					offerEditSchema.parse({ id: scene.offerId, price: '6,50', stock: '8' })
				)
			]);
			lowered = results.at(-1) as PromiseSettledResult<void>;
		} finally {
			await db.destroy();
		}
		const offer = await t.db
			.selectFrom('order_cycle_offer')
			.select(['stock', 'sold'])
			.where('id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(offer.sold).toBeLessThanOrEqual(offer.stock!);
		if (lowered.status === 'fulfilled') expect(offer.stock).toBe(8);
		else expect(offer.stock).toBe(20);
		const lines = await t.db
			.selectFrom('order_line')
			.select(sql<number>`coalesce(sum(quantity), 0)::int`.as('n'))
			.where('offer_id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(lines.n).toBe(offer.sold);
	}, 60_000);
});
