import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { seedDemo } from './demo.ts';
import { getGroup, listGroups } from '../working-group/working-group.service.ts';
import { getUseCase } from '../use-case/use-case.service.ts';
import { valueNetwork } from '../use-case/network.service.ts';

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
	meta: { ip: '', lang: 'de' as const }
});

test('four working groups, one per topic field, each with a lead, needs and pledges', async () => {
	const groups = await listGroups(ctx());
	expect(groups).toHaveLength(4);
	expect(new Set(groups.map((g) => g.topicField?.key)).size).toBe(4);
	for (const g of groups) {
		const group = await getGroup(ctx(), g.slug);
		expect(group.leads.length).toBeGreaterThanOrEqual(1);
		expect(group.memberCount).toBeGreaterThanOrEqual(3);
		expect(group.needs.length).toBeGreaterThanOrEqual(2);
	}
	const pledges = await t.db
		.selectFrom('working_group_pledge')
		.select([
			sql<number>`count(*)::int`.as('n'),
			sql<number>`count(organisation_id)::int`.as('orgs')
		])
		.executeTakeFirstOrThrow();
	expect(pledges.n).toBeGreaterThan(10);
	expect(pledges.orgs).toBeGreaterThan(3);
});

test('use cases in every status with dated updates; the discarded one has its reason', async () => {
	const statuses = await t.db
		.selectFrom('use_case')
		.select(['status', sql<number>`count(*)::int`.as('n')])
		.where('region_id', '=', demo.id)
		.groupBy('status')
		.execute();
	expect(statuses.map((s) => s.status).sort()).toEqual([
		'discarded',
		'idea',
		'implemented',
		'in_progress',
		'paused',
		'prioritised'
	]);
	const discarded = await t.db
		.selectFrom('use_case')
		.select('id')
		.where('status', '=', 'discarded')
		.executeTakeFirstOrThrow();
	const shown = await getUseCase(ctx(), discarded.id);
	expect(shown.discardedReason).toMatch(/Online-Marktplatz/);
	expect(shown.updates.map((u) => u.to)).toEqual(['discarded', 'prioritised']);
	expect(shown.updates[0]!.date < new Date().toISOString().slice(0, 10)).toBe(true);
	const network = await valueNetwork(ctx(), 'regionale-produkte', 'de');
	expect(network.actors.length).toBeGreaterThanOrEqual(3);
	expect(network.layout.edges.length).toBeGreaterThan(network.actors.length);
});
