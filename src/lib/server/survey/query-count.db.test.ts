/**
 * No N+1: the survey list and a survey's results cost the same number of statements for few or
 * many surveys, questions and responses (counted with Kysely's query log).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { generateSurveyResponses } from '../../../../scripts/bench-survey-data.ts';
import { questionSchema, surveySchema } from './survey.schema.ts';
import {
	addQuestion,
	createSurvey,
	getResults,
	getSurvey,
	listSurveys,
	type SurveyContext
} from './survey.service.ts';

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

const kinds = ['single', 'multiple', 'scale', 'text', 'ranking', 'matrix'] as const;

test('survey list, answer and results pages cost the same for few or many items', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const writer: SurveyContext = {
		db: t.db,
		region: demo,
		actor: { regionId: demo.id, person: moderator },
		meta: { ip: '' }
	};
	const reader: SurveyContext = { ...writer, db: counted };
	const make = async (questions: number) => {
		const id = await createSurvey(
			writer,
			surveySchema.parse({
				title: 'Umfrage zum Zählen',
				intro: '',
				mode: 'anonymous',
				opensOn: '2026-01-01',
				closesOn: '2099-12-31',
				liveResults: 'on'
			})
		);
		for (let i = 0; i < questions; i++) {
			await addQuestion(
				writer,
				id,
				questionSchema.parse({
					kind: kinds[i % kinds.length],
					text: `Frage ${i}`,
					options: 'A\nB\nC',
					rows: 'Zeile 1\nZeile 2',
					columns: 'x\ny'
				})
			);
		}
		return id;
	};
	const small = await make(2);
	await generateSurveyResponses(t.db, demo.id, small, 3);
	const listFew = await countStatements(() => listSurveys(reader));
	const answerFew = await countStatements(() => getSurvey(reader, small));
	const resultsFew = await countStatements(() => getResults(reader, small));

	const large = await make(12);
	await generateSurveyResponses(t.db, demo.id, large, 300);
	for (let i = 0; i < 10; i++) await make(1);
	const listMany = await countStatements(() => listSurveys(reader));
	const answerMany = await countStatements(() => getSurvey(reader, large));
	const resultsMany = await countStatements(() => getResults(reader, large, { page: 2 }));

	expect(listMany).toBe(listFew);
	expect(answerMany).toBe(answerFew);
	// the moderator's free-text list is one more statement, whatever the number of questions
	expect(resultsMany).toBeLessThanOrEqual(resultsFew + 1);
	expect(resultsMany).toBeLessThanOrEqual(8);
});
