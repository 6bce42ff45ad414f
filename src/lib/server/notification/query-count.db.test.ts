/**
 * No N+1: the notifications page costs the same number of statements for 3 or 40
 * notifications and follows, and the header's unread count is one statement.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { follow, notifyFollowers } from './notify.ts';
import { getNotificationsPage, unreadCount } from './notification.service.ts';
import { getContributionExtras } from './official-answer.service.ts';

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

async function countStatements(run: () => Promise<unknown>): Promise<number> {
	statements = 0;
	await run();
	return statements;
}

test('the notifications page costs the same for 3 or 40 items', async () => {
	const reader = await createPerson(t.db, demo);
	const actor = await createPerson(t.db, demo);
	const ctx = { db: counted, region: demo, actor: { regionId: demo.id, person: reader } };
	const add = async (i: number) => {
		const target = crypto.randomUUID();
		await follow(t.db, demo.id, reader.id, 'contribution', target);
		await notifyFollowers(t.db, {
			regionId: demo.id,
			targetType: 'contribution',
			targetId: target,
			kind: i % 2 ? 'comment' : 'official_answer',
			title: `Beitrag ${i}`,
			url: `/beitraege/${target}`,
			actorId: actor.id
		});
	};
	for (let i = 0; i < 3; i++) await add(i);
	const small = await countStatements(() => getNotificationsPage(ctx));
	const extrasSmall = await countStatements(() =>
		getContributionExtras({ ...ctx, meta: { ip: '' } }, crypto.randomUUID())
	);
	for (let i = 3; i < 40; i++) await add(i);
	const large = await countStatements(() => getNotificationsPage(ctx));
	const page = await getNotificationsPage(ctx);
	expect(page.items).toHaveLength(25);
	expect(page.follows).toHaveLength(40);
	expect(large).toBe(small);
	expect(small).toBeLessThanOrEqual(4);
	expect(extrasSmall).toBeLessThanOrEqual(2);
	expect(await countStatements(() => unreadCount(counted, demo.id, reader.id))).toBe(1);
	expect(await unreadCount(t.db, demo.id, reader.id)).toBe(40);
});
