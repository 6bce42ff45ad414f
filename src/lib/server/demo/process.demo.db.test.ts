import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { seedDemo } from './demo.ts';
import { currentSwitches, getProcess } from '../process/process.service.ts';
import { getRound, listRounds } from '../prioritisation/prioritisation.service.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
});
afterAll(() => t.destroy());

test('the demo process mirrors the slides and is in a phase with contributions open', async () => {
	expect(await seedDemo(t.db, 'bergstrasse-odenwald')).toBe(true);
	const ctx = {
		db: t.db,
		region: demo,
		actor: { regionId: demo.id, person: null },
		meta: { ip: '' }
	};
	const process = await getProcess(ctx, 'regionale-wertschoepfungsnetzwerke');
	expect(process.title).toBe('Regionale Wertschöpfungsnetzwerke Bergstraße-Odenwald');
	expect(process.status).toBe('running');
	expect(process.phases.map((p) => p.kind)).toEqual([
		'information',
		'idea_collection',
		'discussion',
		'prioritisation',
		'working_groups',
		'implementation',
		'closed'
	]);
	expect(process.phases[4]!.current).toBe(true);
	const field = demo.topicFields.find((f) => f.key === 'regionale-produkte')!;
	expect((await currentSwitches(t.db, demo.id, field.id))?.switches.contributing).toBe(true);

	const rounds = await listRounds(ctx);
	const dots = rounds.find((r) => r.method === 'dots')!;
	const pairwise = rounds.find((r) => r.method === 'pairwise')!;
	expect(dots.open).toBe(false);
	expect(dots.participants).toBe(12);
	const dotsRound = await getRound(ctx, dots.id);
	expect(dotsRound.items.reduce((s, i) => s + (i.total ?? 0), 0)).toBe(120);
	expect(pairwise.open).toBe(true);
	expect(pairwise.participants).toBe(8);
	const pairRound = await getRound(ctx, pairwise.id);
	expect(pairRound.pairwise!.ranking.length).toBeGreaterThan(1);
	expect(pairRound.pairwise!.ranking[0]!.comparisons).toBeGreaterThan(0);
});
