import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { addMember, createOrderScene } from '../../../../test/order-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createDatabase } from '../db/database.ts';
import { hashPassword } from '../account/password.ts';
import { deleteAccount, exportData } from '../account/account.service.ts';
import {
	addOffer,
	cancelOrder,
	coordinatorView,
	createCycle,
	cycleTour,
	getCycle,
	listCycles,
	myOrders,
	placeOrder,
	producerView,
	OrderRefused,
	type OrderContext
} from './order.service.ts';
import { cycleSchema, offerSchema, parseBasket } from './order.schema.ts';

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

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null, db = t.db): OrderContext {
	return {
		db,
		region,
		actor: { regionId: region.id, person: who },
		smtp: false,
		meta: { lang: 'de', origin: 'http://localhost' }
	};
}

const pickupOf = (pickupId: string) => ({ pickup: pickupId, note: '' });

describe('orders', () => {
	test('100 concurrent buyers for a stock of 10: exactly 10 orders, never oversold', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 10 });
		const buyers = await Promise.all(Array.from({ length: 100 }, () => person(demo)));
		// a pool of its own with enough connections for real contention
		const db = createDatabase({ connectionString: t.url, max: 20 });
		try {
			const results = await Promise.allSettled(
				buyers.map((b) =>
					placeOrder(
						ctx(demo, b, db),
						scene.cycleSlug,
						[{ offerId: scene.offerId, quantity: 1, priceCents: 650 }],
						pickupOf(scene.pickupId)
					)
				)
			);
			const ok = results.filter((r) => r.status === 'fulfilled');
			const refused = results.filter((r) => r.status === 'rejected');
			expect(ok).toHaveLength(10);
			expect(refused).toHaveLength(90);
			for (const r of refused) {
				const reason = (r as PromiseRejectedResult).reason;
				expect(reason).toBeInstanceOf(OrderRefused);
				expect(reason.messageKey).toBe('order.soldOut');
				expect(reason.params).toMatchObject({ product: 'Kartoffeln', left: 0 });
			}
		} finally {
			await db.destroy();
		}
		const offer = await t.db
			.selectFrom('order_cycle_offer')
			.select(['sold', 'stock'])
			.where('id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(offer.sold).toBe(10);
		const lines = await t.db
			.selectFrom('order_line')
			.select(sql<number>`sum(quantity)::int`.as('n'))
			.where('offer_id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(lines.n).toBe(10);
		const mails = await t.db
			.selectFrom('mail')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('subject', 'like', 'Ihre Bestellung Nr.%')
			.where(
				'to_address',
				'in',
				buyers.map((b) => b.email)
			)
			.executeTakeFirstOrThrow();
		expect(mails.n).toBe(10);
		// the database itself refuses to oversell, whatever the code does
		await expect(
			t.db
				.updateTable('order_cycle_offer')
				.set({ sold: 11 })
				.where('id', '=', scene.offerId)
				.execute()
		).rejects.toThrow(/order_cycle_offer_not_oversold/);
	}, 60_000);

	test('concurrent two-line baskets: a short line rolls back the other line too', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 3 });
		const product = await t.db
			.insertInto('product')
			.values({
				region_id: demo.id,
				producer_id: scene.producerId,
				slug: `eier-${scene.cycleSlug}`,
				name: 'Eier',
				category: 'eggs',
				unit: '10 Stück',
				price_cents: 390
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const eggs = await t.db
			.insertInto('order_cycle_offer')
			.values({
				region_id: demo.id,
				cycle_id: scene.cycleId,
				product_id: product.id,
				price_cents: 390,
				stock: 100
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const buyers = await Promise.all(Array.from({ length: 12 }, () => person(demo)));
		const db = createDatabase({ connectionString: t.url, max: 12 });
		try {
			const results = await Promise.allSettled(
				buyers.map((b, i) => {
					const lines = [
						{ offerId: eggs.id, quantity: 1, priceCents: 390 },
						{ offerId: scene.offerId, quantity: 1, priceCents: 650 }
					];
					// half of them list the lines the other way round
					return placeOrder(
						ctx(demo, b, db),
						scene.cycleSlug,
						i % 2 ? lines.reverse() : lines,
						pickupOf(scene.pickupId)
					);
				})
			);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		} finally {
			await db.destroy();
		}
		const sold = await t.db
			.selectFrom('order_cycle_offer')
			.select(['id', 'sold'])
			.where('cycle_id', '=', scene.cycleId)
			.execute();
		expect(Object.fromEntries(sold.map((o) => [o.id, o.sold]))).toEqual({
			[scene.offerId]: 3,
			[eggs.id]: 3
		});
	}, 30_000);

	test('a short line rolls back the whole order and says how many are left', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 3 });
		const buyer = await person(demo);
		await expect(
			placeOrder(
				ctx(demo, buyer),
				scene.cycleSlug,
				[{ offerId: scene.offerId, quantity: 5, priceCents: 650 }],
				pickupOf(scene.pickupId)
			)
		).rejects.toMatchObject({ messageKey: 'order.short', params: { left: 3 } });
		const number = await placeOrder(
			ctx(demo, buyer),
			scene.cycleSlug,
			[{ offerId: scene.offerId, quantity: 3, priceCents: 650 }],
			{ pickup: scene.pickupId, note: 'Bitte in die Kiste' }
		);
		expect(Number(number)).toBeGreaterThan(0);
		const mail = await t.db
			.selectFrom('mail')
			.select(['subject', 'body', 'status'])
			.where('to_address', '=', buyer.email)
			.executeTakeFirstOrThrow();
		expect(mail.subject).toBe(`Ihre Bestellung Nr. ${number}`);
		expect(mail.body).toContain('3 × Kartoffeln (5 kg');
		expect(mail.body).toContain('19,50');
		expect(mail.body).toContain('Dorfladen');
		expect(mail.body).toContain('Abholung');
		expect(mail.status).toBe('held');
		const mine = await myOrders(ctx(demo, buyer));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ totalCents: 1950, status: 'placed', canCancel: true });
		expect(mine[0]!.lines).toEqual([
			{
				product: 'Kartoffeln',
				unit: '5 kg',
				producer: expect.stringContaining('Hof'),
				priceCents: 650,
				quantity: 3
			}
		]);
	});

	test('an order after closing is refused; cancelling after closing too', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const buyer = await person(demo);
		await placeOrder(
			ctx(demo, buyer),
			scene.cycleSlug,
			[{ offerId: scene.offerId, quantity: 2, priceCents: 650 }],
			pickupOf(scene.pickupId)
		);
		await t.db
			.updateTable('order_cycle')
			.set({
				opens_at: sql`now() - interval '2 hours'`,
				closes_at: sql`now() - interval '1 second'`
			})
			.where('id', '=', scene.cycleId)
			.execute();
		await expect(
			placeOrder(
				ctx(demo, buyer),
				scene.cycleSlug,
				[{ offerId: scene.offerId, quantity: 1, priceCents: 650 }],
				pickupOf(scene.pickupId)
			)
		).rejects.toMatchObject({ messageKey: 'order.closed' });
		const [order] = await myOrders(ctx(demo, buyer));
		expect(order!.canCancel).toBe(false);
		await expect(cancelOrder(ctx(demo, buyer), order!.id)).rejects.toMatchObject({
			messageKey: 'order.cancel.closed'
		});
		// not yet open either
		const later = await createOrderScene(t.db, demo.id, { opensInMinutes: 60 });
		await expect(
			placeOrder(
				ctx(demo, buyer),
				later.cycleSlug,
				[{ offerId: later.offerId, quantity: 1, priceCents: 650 }],
				pickupOf(later.pickupId)
			)
		).rejects.toMatchObject({ messageKey: 'order.notYetOpen' });
		const lists = await listCycles(ctx(demo, null));
		expect(lists.upcoming.map((c) => c.slug)).toContain(later.cycleSlug);
		expect(lists.open.map((c) => c.slug)).not.toContain(scene.cycleSlug);
	});

	test('a changed price is refused with the new price, and nothing is sold', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 5 });
		await t.db
			.updateTable('order_cycle_offer')
			.set({ price_cents: 700 })
			.where('id', '=', scene.offerId)
			.execute();
		await expect(
			placeOrder(
				ctx(demo, await person(demo)),
				scene.cycleSlug,
				[{ offerId: scene.offerId, quantity: 1, priceCents: 650 }],
				pickupOf(scene.pickupId)
			)
		).rejects.toMatchObject({
			messageKey: 'order.priceChanged',
			params: { product: 'Kartoffeln', price: '7,00\u00a0€' }
		});
		const offer = await t.db
			.selectFrom('order_cycle_offer')
			.select('sold')
			.where('id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(offer.sold).toBe(0);
	});

	test('cancelling gives the stock back, once', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: 4 });
		const buyer = await person(demo);
		await placeOrder(
			ctx(demo, buyer),
			scene.cycleSlug,
			[{ offerId: scene.offerId, quantity: 4, priceCents: 650 }],
			pickupOf(scene.pickupId)
		);
		const [order] = await myOrders(ctx(demo, buyer));
		await expect(cancelOrder(ctx(demo, await person(demo)), order!.id)).rejects.toMatchObject({
			code: 'not_found'
		});
		await cancelOrder(ctx(demo, buyer), order!.id);
		await expect(cancelOrder(ctx(demo, buyer), order!.id)).rejects.toMatchObject({
			messageKey: 'order.cancel.notPlaced'
		});
		const row = await t.db
			.selectFrom('customer_order')
			.select(['status', 'cancelled_at'])
			.where('id', '=', order!.id)
			.executeTakeFirstOrThrow();
		expect(row.status).toBe('cancelled');
		expect(row.cancelled_at).not.toBeNull();
		const offer = await t.db
			.selectFrom('order_cycle_offer')
			.select('sold')
			.where('id', '=', scene.offerId)
			.executeTakeFirstOrThrow();
		expect(offer.sold).toBe(0);
		const shown = await getCycle(ctx(demo, null), scene.cycleSlug);
		expect(shown.producers[0]!.offers[0]!.left).toBe(4);
	});

	test('unverified and anonymous people cannot order', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const basket = [{ offerId: scene.offerId, quantity: 1, priceCents: 650 }];
		await expect(
			placeOrder(ctx(demo, null), scene.cycleSlug, basket, pickupOf(scene.pickupId))
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(
			placeOrder(
				ctx(demo, await person(demo, 'citizen', false)),
				scene.cycleSlug,
				basket,
				pickupOf(scene.pickupId)
			)
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('coordinators see names; producers see quantities only; strangers and other regions nothing', async () => {
		const scene = await createOrderScene(t.db, demo.id, { stock: null });
		const admin = await person(demo);
		const farmer = await person(demo);
		const stranger = await person(demo);
		await addMember(t.db, demo.id, scene.coordinatorId, admin.id, 'admin');
		await addMember(t.db, demo.id, scene.producerId, farmer.id, 'member');
		const buyers = [await person(demo), await person(demo)];
		for (const [i, b] of buyers.entries()) {
			await placeOrder(
				ctx(demo, b),
				scene.cycleSlug,
				[{ offerId: scene.offerId, quantity: i + 2, priceCents: 650 }],
				pickupOf(scene.pickupId)
			);
		}
		const view = await coordinatorView(ctx(demo, admin), scene.cycleSlug);
		expect(view.orders.map((o) => o.customer).sort()).toEqual(
			buyers.map((b) => b.displayName).sort()
		);
		expect(view.pickList).toHaveLength(1);
		expect(view.pickList[0]!.items).toEqual([
			{
				producer: expect.stringContaining('Hof'),
				product: 'Kartoffeln',
				unit: '5 kg',
				quantity: 5,
				collected: 0
			}
		]);
		const produce = await producerView(ctx(demo, farmer), scene.cycleSlug, scene.producerSlug);
		expect(produce.pickList[0]!.items[0]!.quantity).toBe(5);
		expect(JSON.stringify(produce)).not.toContain(buyers[0]!.displayName);
		await expect(coordinatorView(ctx(demo, farmer), scene.cycleSlug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(coordinatorView(ctx(demo, stranger), scene.cycleSlug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(coordinatorView(ctx(demo, null), scene.cycleSlug)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			producerView(ctx(demo, stranger), scene.cycleSlug, scene.producerSlug)
		).rejects.toMatchObject({ code: 'forbidden' });
		// moderators coordinate every cycle of their region
		const moderator = await person(demo, 'moderator');
		expect((await coordinatorView(ctx(demo, moderator), scene.cycleSlug)).orders).toHaveLength(2);
		// another region sees nothing of it
		const otherModerator = await person(other, 'moderator');
		await expect(
			coordinatorView(ctx(other, otherModerator), scene.cycleSlug)
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(getCycle(ctx(other, null), scene.cycleSlug)).rejects.toMatchObject({
			code: 'not_found'
		});
		// the tour: collect at the producer, drop at the shop, from the coordinator's place
		const tour = await cycleTour(ctx(demo, admin), scene.cycleSlug);
		expect(tour.stops.map((s) => s.kind)).toEqual(['collect', 'drop']);
		expect(tour.stops[1]!.items).toEqual([
			{ product: 'Kartoffeln', unit: '5 kg', quantity: 5, other: expect.stringContaining('Hof') }
		]);
		expect(tour.totalKm).toBeGreaterThan(0);
		await expect(cycleTour(ctx(demo, farmer), scene.cycleSlug)).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	test('creating cycles and offers: admins of the coordinator, with checked input', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const admin = await person(demo);
		await addMember(t.db, demo.id, scene.coordinatorId, admin.id, 'admin');
		const input = cycleSchema.parse({
			name: 'Herbstkiste',
			coordinator: scene.coordinatorSlug,
			opensAt: '2027-10-01T08:00',
			closesAt: '2027-10-05T20:00'
		});
		await expect(createCycle(ctx(demo, await person(demo)), input)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const slug = await createCycle(ctx(demo, admin), input);
		expect(slug).toBe('herbstkiste');
		expect(await createCycle(ctx(demo, admin), input)).toBe('herbstkiste-2');
		const cycle = await t.db
			.selectFrom('order_cycle')
			.select(['opens_at', 'closes_at'])
			.where('region_id', '=', demo.id)
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		// Berlin wall time: 08:00 CEST is 06:00 UTC
		expect(cycle.opens_at.toISOString()).toBe('2027-10-01T06:00:00.000Z');
		await addOffer(ctx(demo, admin), slug, offerSchema.parse({ product: scene.productId }));
		await expect(
			addOffer(ctx(demo, admin), slug, offerSchema.parse({ product: scene.productId }))
		).rejects.toMatchObject({ messageKey: 'order.offer.exists' });
		const shown = await getCycle(ctx(demo, admin), slug);
		expect(shown.producers[0]!.offers[0]).toMatchObject({ priceCents: 650, stock: null });
		expect(shown.canManage).toBe(true);
		// bad input: per-field messages
		const bad = cycleSchema.safeParse({
			name: 'Herbstkiste',
			coordinator: scene.coordinatorSlug,
			opensAt: '2027-10-05T08:00',
			closesAt: '2027-10-01T20:00'
		});
		expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['closesAt', 'order.cycle.closesAt.beforeOpen']
		]);
		const offer = offerSchema.safeParse({ product: scene.productId, price: 'zehn', stock: '-1' });
		expect(offer.error?.issues.map((i) => [i.path[0], i.message]).sort()).toEqual([
			['price', 'order.offer.price.invalid'],
			['stock', 'order.offer.stock.invalid']
		]);
		expect(offerSchema.parse({ product: scene.productId, price: '3,5' }).price).toBe(350);
	});

	test('basket parsing: quantities 1–999, integers', () => {
		const id = '11111111-1111-4111-8111-111111111111';
		expect(parseBasket({ [`q.${id}`]: '2', [`p.${id}`]: '650' })).toEqual({
			ok: true,
			lines: [{ offerId: id, quantity: 2, priceCents: 650 }]
		});
		for (const bad of ['1000', '1.5', '-1', 'zwei']) {
			expect(parseBasket({ [`q.${id}`]: bad, [`p.${id}`]: '650' })).toEqual({
				ok: false,
				errors: { [`q.${id}`]: 'order.quantity.invalid' }
			});
		}
		expect(parseBasket({ [`q.${id}`]: '', [`p.${id}`]: '650' })).toEqual({
			ok: false,
			errors: { _form: 'order.basket.empty' }
		});
	});

	test('account export holds the orders; deletion anonymises them', async () => {
		const scene = await createOrderScene(t.db, demo.id);
		const passwordHash = await hashPassword('ein sicheres Passwort 1');
		const buyer = await createPerson(t.db, demo, { passwordHash });
		await placeOrder(
			ctx(demo, buyer),
			scene.cycleSlug,
			[{ offerId: scene.offerId, quantity: 1, priceCents: 650 }],
			pickupOf(scene.pickupId)
		);
		const account = {
			db: t.db,
			smtp: false,
			region: { id: demo.id, name: demo.name },
			meta: { ip: '', userAgent: '', origin: 'http://localhost', lang: 'de' as const }
		};
		const exported = await exportData(account, buyer);
		expect(exported.orders).toHaveLength(1);
		expect(exported.orders[0]).toMatchObject({ total_cents: 650, status: 'placed' });
		await deleteAccount(account, buyer, {
			currentPassword: 'ein sicheres Passwort 1',
			contributions: 'anonymise'
		} as never);
		const row = await t.db
			.selectFrom('customer_order')
			.select(['customer_name', 'person_id'])
			.where('cycle_id', '=', scene.cycleId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ customer_name: 'gelöschtes Konto', person_id: null });
	});
});
