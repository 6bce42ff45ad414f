import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { getResults, listSurveys } from '../survey/survey.service.ts';
import { seedDemo } from './demo.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await seedDemo(t.db, 'bergstrasse-odenwald');
});
afterAll(() => t.destroy());

test('the three surveys of the slides, with all question kinds, conditions and responses', async () => {
	const ctx = {
		db: t.db,
		region: demo,
		actor: { regionId: demo.id, person: null },
		meta: { ip: '' }
	};
	const list = await listSurveys(ctx);
	expect(list.open).toHaveLength(2);
	expect(list.closed).toHaveLength(1);
	expect(list.closed[0]!.title).toContain('Wochenmärkte');
	expect(list.open.map((s) => s.title).join(' ')).toContain('Coworking');
	const kinds = await t.db.selectFrom('survey_question').select('kind').distinct().execute();
	expect(kinds.map((k) => k.kind).sort()).toEqual(
		['matrix', 'multiple', 'ranking', 'scale', 'single', 'text'].sort()
	);
	const conditional = await t.db
		.selectFrom('survey_question')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('condition_question_id', 'is not', null)
		.executeTakeFirstOrThrow();
	expect(conditional.n).toBeGreaterThanOrEqual(3);
	for (const s of [...list.open, ...list.closed]) expect(s.responses).toBeGreaterThanOrEqual(10);
	const linked = list.open.find((s) => s.linked)!;
	const people = await t.db
		.selectFrom('survey_response')
		.select(sql<number>`count(distinct person_id)::int`.as('n'))
		.where('survey_id', '=', linked.id)
		.executeTakeFirstOrThrow();
	expect(people.n).toBe(linked.responses);
	// the closed survey's results are public and add up
	const results = await getResults(ctx, list.closed[0]!.id);
	const first = results.questions[0]!.result as { bars: { value: number }[] };
	expect(first.bars.reduce((a, b) => a + b.value, 0)).toBe(results.respondents);
	const anonymousPeople = await t.db
		.selectFrom('survey_response')
		.select('id')
		.where('linked', '=', false)
		.where('person_id', 'is not', null)
		.execute();
	expect(anonymousPeople).toHaveLength(0);
});
