/**
 * No N+1: the cycle page, the coordinator's lists, a producer's list, the tour and the
 * person's orders cost the same number of statements for one order as for many.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { addMember, createOrderScene } from '../../../../test/order-fixtures.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import {
	coordinatorView,
	cycleTour,
	getCycle,
	myOrders,
	placeOrder,
	producerView,
	type OrderContext
} from './order.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let counted: Kysely<Database>;
let statements = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	counted = new Kysely<Database>({
		dialect: new PostgresDialect({ pool: testPool(t.url) }),
		log: (event) => {
			if (event.level === 'query') statements++;
		}
	});
});
afterAll(async () => {
	await counted?.destroy();
	await t?.destroy();
});

const as = (person: SessionPerson | null, db: Kysely<Database> = t.db): OrderContext => ({
	db,
	region: demo,
	actor: { regionId: demo.id, person },
	smtp: false,
	meta: { lang: 'de', origin: 'http://localhost' }
});

async function countStatements(run: () => Promise<unknown>): Promise<number> {
	statements = 0;
	await run();
	return statements;
}

async function scene(orders: number) {
	const s = await createOrderScene(t.db, demo.id, { stock: null });
	const admin = await createPerson(t.db, demo);
	await addMember(t.db, demo.id, s.coordinatorId, admin.id, 'admin');
	for (let i = 0; i < orders; i++) {
		const buyer = i === 0 ? admin : await createPerson(t.db, demo);
		await placeOrder(
			as(buyer),
			s.cycleSlug,
			[{ offerId: s.offerId, quantity: 1 + (i % 3), priceCents: 650 }],
			{ pickup: s.pickupId, note: '' }
		);
	}
	return { ...s, admin };
}

test('lists cost the same statements for 1 order as for 25', async () => {
	const few = await scene(1);
	const many = await scene(25);
	const cost = async (s: Awaited<ReturnType<typeof scene>>) => ({
		cycle: await countStatements(() => getCycle(as(s.admin, counted), s.cycleSlug)),
		lists: await countStatements(() => coordinatorView(as(s.admin, counted), s.cycleSlug)),
		producer: await countStatements(() =>
			producerView(as(s.admin, counted), s.cycleSlug, s.producerSlug)
		),
		tour: await countStatements(() => cycleTour(as(s.admin, counted), s.cycleSlug)),
		mine: await countStatements(() => myOrders(as(s.admin, counted)))
	});
	const a = await cost(few);
	const b = await cost(many);
	expect(b).toEqual(a);
	expect(a.lists).toBeLessThanOrEqual(5);
	expect((await coordinatorView(as(many.admin), many.cycleSlug)).orders).toHaveLength(25);
});
