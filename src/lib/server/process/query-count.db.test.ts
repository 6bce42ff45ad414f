/** No N+1: /prozesse and a process page cost the same number of statements for 2 or 30 processes / phases. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createProcess, getProcess, listProcesses, updateProcess } from './process.service.ts';
import { phasesFromTemplate } from './phases.ts';
import { compare, createRound, getRound } from '../prioritisation/prioritisation.service.ts';

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

test('process list and process page cost the same for few or many processes and phases', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const write = {
		db: t.db,
		region: demo,
		actor: { regionId: demo.id, person: moderator },
		meta: { ip: '' }
	};
	const read = { ...write, db: counted, actor: { regionId: demo.id, person: null } };
	const create = (i: number) =>
		createProcess(write, {
			title: `Prozess Nummer ${i}`,
			description: '',
			topicField: 'regionale-produkte',
			template: i % 2 ? 'workshops' : 'survey',
			start: '2026-01-0' + ((i % 9) + 1)
		});
	const first = await create(0);
	await create(1);
	const listSmall = await countStatements(() => listProcesses(read));
	const pageSmall = await countStatements(() => getProcess(read, first));
	for (let i = 2; i < 30; i++) await create(i);
	// and many phases on the first one
	const many = phasesFromTemplate('workshops', new Date('2026-01-01T00:00:00Z'));
	const phases = [
		...many,
		...phasesFromTemplate('workshops', new Date('2027-01-01T00:00:00Z'))
	].map((p) => ({ ...p, endsAt: null }));
	await updateProcess(write, first, {
		title: 'Prozess Nummer 0',
		description: '',
		topicField: 'regionale-produkte',
		phases
	});
	const listLarge = await countStatements(() => listProcesses(read));
	const pageLarge = await countStatements(() => getProcess(read, first));
	expect(listLarge).toBe(listSmall);
	expect(pageLarge).toBe(pageSmall);
	expect(listSmall).toBeLessThanOrEqual(2);
	expect(pageSmall).toBeLessThanOrEqual(3);
});

test('a pairwise round page costs the same for few or many answers', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const as = (person: Awaited<ReturnType<typeof createPerson>> | null, db = t.db) => ({
		db,
		region: demo,
		actor: { regionId: demo.id, person },
		meta: { ip: '' }
	});
	const round = await createRound(as(moderator), {
		title: 'Paarvergleich',
		description: '',
		topicField: 'wohnen-arbeiten',
		points: 10,
		maxPerItem: 3,
		days: 3,
		liveResults: true,
		method: 'pairwise'
	});
	const items = (await getRound(as(null), round)).items.map((i) => i.id);
	const reader = await createPerson(t.db, demo);
	const answer = async () => {
		const voter = await createPerson(t.db, demo);
		for (let j = 1; j < items.length; j++) {
			await compare(as(voter), round, { a: items[0]!, b: items[j]!, choice: 'a' });
		}
	};
	await answer();
	const small = await countStatements(() => getRound(as(reader, counted), round));
	for (let i = 0; i < 15; i++) await answer();
	const large = await countStatements(() => getRound(as(reader, counted), round));
	expect(large).toBe(small);
	expect(small).toBeLessThanOrEqual(6);
});
