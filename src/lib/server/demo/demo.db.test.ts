import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import { seedDemo } from './demo.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await loadRegions(t.db);
});
afterAll(() => t.destroy());

test('the demo region gets its made-up people and organisations once, the other region none', async () => {
	expect(await seedDemo(t.db, 'bergstrasse-odenwald')).toBe(true);
	expect(await seedDemo(t.db, 'bergstrasse-odenwald')).toBe(false);
	const people = await t.db
		.selectFrom('person')
		.innerJoin('region', 'region.id', 'person.region_id')
		.select(['region.slug', (eb) => eb.fn.countAll<string>().as('n')])
		.groupBy('region.slug')
		.execute();
	expect(people).toEqual([{ slug: 'bergstrasse-odenwald', n: '13' }]);
	const moderators = await t.db
		.selectFrom('person')
		.select('id')
		.where('role', '=', 'moderator')
		.execute();
	expect(moderators).toHaveLength(1);
	const organisations = await t.db.selectFrom('organisation').select('slug').execute();
	expect(organisations.length).toBeGreaterThanOrEqual(9);
});
