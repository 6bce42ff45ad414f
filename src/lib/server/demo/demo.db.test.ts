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
}, 120_000); // seeds the whole demo region: a long job on a busy 2-core machine

test('demo topic maps cover every topic field, category and target group, with supports and comments', async () => {
	const covered = await t.db
		.selectFrom('contribution')
		.select([
			(eb) => eb.fn.count<string>('topic_field_id').distinct().as('fields'),
			(eb) => eb.fn.count<string>('category_id').distinct().as('categories'),
			(eb) => eb.fn.sum<string>('support_count').as('supports'),
			(eb) => eb.fn.sum<string>('comment_count').as('comments')
		])
		.executeTakeFirstOrThrow();
	expect(Number(covered.fields)).toBe(4);
	expect(Number(covered.categories)).toBe(5);
	expect(Number(covered.supports)).toBeGreaterThan(20);
	expect(Number(covered.comments)).toBeGreaterThanOrEqual(10);
	const groups = await t.db
		.selectFrom('contribution_target_group')
		.select((eb) => eb.fn.count<string>('target_group_id').distinct().as('n'))
		.executeTakeFirstOrThrow();
	expect(Number(groups.n)).toBe(4);
	const searchable = await t.db
		.selectFrom('search_document')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('kind', '=', 'contribution')
		.executeTakeFirstOrThrow();
	expect(Number(searchable.n)).toBe(
		Number(
			(
				await t.db
					.selectFrom('contribution')
					.select((eb) => eb.fn.countAll<string>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		)
	);
});

test('demo working groups meet, and the kick-off and workshops belong to the demo process', async () => {
	const groups = await t.db
		.selectFrom('working_group')
		.select([
			'working_group.slug',
			(eb) =>
				eb
					.selectFrom('event')
					.select((e) => e.fn.countAll<string>().as('n'))
					.whereRef('event.working_group_id', '=', 'working_group.id')
					.where('event.starts_at', '>', new Date())
					.as('meetings')
		])
		.execute();
	expect(groups.length).toBe(4);
	expect(groups.every((g) => Number(g.meetings) === 1)).toBe(true);
	const unlinked = await t.db
		.selectFrom('event')
		.select('id')
		.where('kind', 'in', ['kickoff', 'workshop'])
		.where('process_id', 'is', null)
		.execute();
	expect(unlinked).toEqual([]);
});
