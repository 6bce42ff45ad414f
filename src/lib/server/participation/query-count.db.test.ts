/**
 * No N+1: the number of statements a list page costs must not grow with the number of items.
 * Counted with Kysely's query log on a separate instance over the test database.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { boardQuerySchema } from './contribution.schema.ts';
import { createContribution, getBoard, type ParticipationContext } from './contribution.service.ts';
import { addComment, getDiscussion } from './discussion.service.ts';
import { createRound, getRound } from '../prioritisation/prioritisation.service.ts';

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

test('topic map, discussion and prioritisation pages cost the same number of statements for 3 or 40 items', async () => {
	const author = await createPerson(t.db, demo);
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	// a new person for each item: the hourly limits per person must not get in the way
	const write = async (i: number) =>
		createContribution(
			{
				db: t.db,
				region: demo,
				actor: { regionId: demo.id, person: await createPerson(t.db, demo) },
				meta: { ip: '', lang: 'de' }
			},
			'regionale-produkte',
			{
				title: `Beitrag Nummer ${i}`,
				body: 'Text',
				category: i % 2 ? 'herausforderungen' : 'nutzerbeduerfnisse',
				targetGroups: ['jugend', 'senioren'],
				municipality: 'heppenheim',
				organisation: undefined
			}
		);
	const reader: ParticipationContext = {
		db: counted,
		region: demo,
		actor: { regionId: demo.id, person: author },
		meta: { ip: '', lang: 'de' }
	};
	const comment = async (body: string) =>
		addComment(
			{ ...reader, db: t.db, actor: { regionId: demo.id, person: await createPerson(t.db, demo) } },
			first,
			{ body }
		);
	const query = boardQuerySchema.parse({});

	const first = await write(0);
	for (let i = 1; i < 3; i++) await write(i);
	for (let i = 0; i < 3; i++) await comment(`Kommentar ${i}`);
	const boardSmall = await countStatements(() => getBoard(reader, 'regionale-produkte', query));
	const discussionSmall = await countStatements(() => getDiscussion(reader, first));

	for (let i = 3; i < 40; i++) await write(i);
	for (let i = 3; i < 40; i++) await comment(`Kommentar ${i}`);
	const boardLarge = await countStatements(() => getBoard(reader, 'regionale-produkte', query));
	const discussionLarge = await countStatements(() => getDiscussion(reader, first));

	expect(boardLarge).toBe(boardSmall);
	expect(discussionLarge).toBe(discussionSmall);
	expect(boardSmall).toBeLessThanOrEqual(8);

	const round = await createRound(
		{ db: t.db, region: demo, actor: { regionId: demo.id, person: moderator }, meta: { ip: '' } },
		{
			title: 'Runde',
			description: '',
			topicField: 'regionale-produkte',
			points: 10,
			maxPerItem: 3,
			days: 3,
			liveResults: true
		}
	);
	const roundStatements = await countStatements(() =>
		getRound(
			{ db: counted, region: demo, actor: { regionId: demo.id, person: author }, meta: { ip: '' } },
			round
		)
	);
	expect(roundStatements).toBeLessThanOrEqual(5);
});
