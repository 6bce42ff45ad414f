import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { generateSurveyResponses } from '../../../../scripts/bench-survey-data.ts';
import {
	questionSchema,
	resultFilterSchema,
	surveySchema,
	type QuestionDef
} from './survey.schema.ts';
import {
	addQuestion,
	createSurvey,
	deleteQuestion,
	exportSurveyResponses,
	getResults,
	getSurvey,
	listSurveys,
	moveQuestion,
	responsesCsv,
	submitResponse,
	updateQuestion,
	updateSurvey,
	type SurveyContext
} from './survey.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null, ip = '192.0.2.1'): SurveyContext {
	return { db: t.db, region, actor: { regionId: region.id, person: who }, meta: { ip } };
}

const day = (offset: number) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

function surveyInput(over: Record<string, string> = {}) {
	return surveySchema.parse({
		title: 'Wochenmärkte in der Region',
		intro: 'Wie kaufen Sie ein?',
		topicField: 'regionale-produkte',
		mode: 'anonymous',
		opensOn: day(-1),
		closesOn: day(10),
		liveResults: 'on',
		onePerBrowser: 'on',
		...over
	});
}
const question = (fields: Record<string, string>) => questionSchema.parse(fields);

/** A survey with one question of each kind; the text question depends on the first one. */
async function buildSurvey(moderator: SessionPerson, over: Record<string, string> = {}) {
	const c = ctx(demo, moderator);
	const id = await createSurvey(c, surveyInput({ opensOn: '', ...over }));
	await addQuestion(
		c,
		id,
		question({
			kind: 'single',
			text: 'Kaufen Sie auf dem Wochenmarkt?',
			required: 'on',
			options: 'Ja\nNein'
		})
	);
	await addQuestion(
		c,
		id,
		question({ kind: 'multiple', text: 'Was kaufen Sie?', options: 'Gemüse\nObst\nKäse' })
	);
	await addQuestion(
		c,
		id,
		question({
			kind: 'scale',
			text: 'Zufrieden?',
			scaleMin: '1',
			scaleMax: '5',
			labelMin: 'gar nicht',
			labelMax: 'sehr'
		})
	);
	const first = (await getSurvey(c, id)).questions[0]!;
	await addQuestion(
		c,
		id,
		question({
			kind: 'text',
			text: 'Was fehlt Ihnen?',
			required: 'on',
			condition: `${first.id}:${first.options[0]!.id}`
		})
	);
	await addQuestion(
		c,
		id,
		question({ kind: 'ranking', text: 'Was ist am wichtigsten?', options: 'Preis\nFrische\nNähe' })
	);
	await addQuestion(
		c,
		id,
		question({
			kind: 'matrix',
			text: 'Wie wichtig ist …',
			rows: 'Parkplätze\nÖffnungszeiten',
			columns: 'wenig\nmittel\nsehr'
		})
	);
	if (over.opensOn !== '') await updateSurvey(c, id, surveyInput(over));
	return id;
}

function answers(questions: QuestionDef[], pick: Partial<Record<string, string[]>> = {}) {
	const [single, multiple, scale, text, ranking, matrix] = questions;
	const raw = new Map<string, string[]>([
		[`q-${single!.id}`, [single!.options[0]!.id]],
		[`q-${multiple!.id}`, [multiple!.options[0]!.id, multiple!.options[2]!.id]],
		[`q-${scale!.id}`, ['4']],
		[`q-${text!.id}`, ['Ein Stand mit Brot, "bitte"; gern auch abends']],
		[`q-${ranking!.id}-${ranking!.options[0]!.id}`, ['2']],
		[`q-${ranking!.id}-${ranking!.options[1]!.id}`, ['1']],
		[`q-${ranking!.id}-${ranking!.options[2]!.id}`, ['3']],
		[`q-${matrix!.id}-${matrix!.rows[0]!.id}`, ['2']],
		[`q-${matrix!.id}-${matrix!.rows[1]!.id}`, ['0']]
	]);
	for (const [k, v] of Object.entries(pick)) raw.set(k, v!);
	return raw;
}

describe('building', () => {
	test('only moderators build; drafts are hidden from others; regions are separate', async () => {
		const citizen = await person(demo);
		await expect(createSurvey(ctx(demo, citizen), surveyInput())).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createSurvey(ctx(demo, null), surveyInput())).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator, { opensOn: '' });
		await expect(getSurvey(ctx(demo, citizen), id)).rejects.toMatchObject({ code: 'not_found' });
		expect((await getSurvey(ctx(demo, moderator), id)).status).toBe('draft');
		expect((await listSurveys(ctx(demo, citizen))).drafts.map((s) => s.id)).not.toContain(id);
		expect((await listSurveys(ctx(demo, moderator))).drafts.map((s) => s.id)).toContain(id);
		const otherModerator = await person(other, 'moderator');
		await expect(getSurvey(ctx(other, otherModerator), id)).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			addQuestion(ctx(other, otherModerator), id, question({ kind: 'text', text: 'x' }))
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			addQuestion(ctx(demo, citizen), id, question({ kind: 'text', text: 'x' }))
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('move, edit options by lines, conditions stay before their question, delete', async () => {
		const moderator = await person(demo, 'moderator');
		const c = ctx(demo, moderator);
		const id = await buildSurvey(moderator, { opensOn: '' });
		let qs = (await getSurvey(c, id)).questions;
		// the conditional text question (4th) cannot move above the question it depends on
		await moveQuestion(c, id, qs[3]!.id, 'up');
		await moveQuestion(c, id, qs[3]!.id, 'up');
		await expect(moveQuestion(c, id, qs[3]!.id, 'up')).rejects.toMatchObject({
			messageKey: 'survey.builder.conditionOrder'
		});
		qs = (await getSurvey(c, id)).questions;
		expect(qs.map((q) => q.kind)).toEqual([
			'single',
			'text',
			'multiple',
			'scale',
			'ranking',
			'matrix'
		]);
		// the option a condition uses cannot go; others can, ids are kept by position
		await expect(
			updateQuestion(c, id, qs[0]!.id, question({ kind: 'text', text: 'Markt?' }))
		).rejects.toMatchObject({ messageKey: 'survey.builder.questionInUse' });
		await updateQuestion(
			c,
			id,
			qs[2]!.id,
			question({ kind: 'multiple', text: 'Was kaufen Sie dort?', options: 'Gemüse\nBrot' })
		);
		const changed = (await getSurvey(c, id)).questions[2]!;
		expect(changed.options.map((o) => o.label)).toEqual(['Gemüse', 'Brot']);
		expect(changed.options[0]!.id).toBe(qs[2]!.options[0]!.id);
		await expect(deleteQuestion(c, id, qs[0]!.id)).rejects.toMatchObject({
			messageKey: 'survey.builder.questionInUse'
		});
		await deleteQuestion(c, id, qs[1]!.id);
		await deleteQuestion(c, id, qs[0]!.id);
		expect((await getSurvey(c, id)).questions).toHaveLength(4);
	});

	test('a condition must point to an earlier choice question of the same survey', async () => {
		const moderator = await person(demo, 'moderator');
		const c = ctx(demo, moderator);
		const id = await buildSurvey(moderator, { opensOn: '' });
		const qs = (await getSurvey(c, id)).questions;
		const ranking = qs[4]!;
		await expect(
			addQuestion(
				c,
				id,
				question({ kind: 'text', text: 'x', condition: `${ranking.id}:${ranking.options[0]!.id}` })
			)
		).rejects.toMatchObject({ messageKey: 'survey.condition.invalid' });
	});
});

describe('answering', () => {
	test('bad answers: a message per question, nothing stored; hidden questions are discarded', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		const [single, , scale, text, ranking] = qs;
		const bad = answers(qs, {
			[`q-${scale!.id}`]: ['9'],
			[`q-${ranking!.id}-${ranking!.options[0]!.id}`]: ['1']
		});
		bad.delete(`q-${text!.id}`);
		const error = await submitResponse(ctx(demo, null), id, bad).catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'invalid',
			fields: {
				[`q-${scale!.id}`]: 'survey.answer.scale',
				[`q-${ranking!.id}`]: 'survey.answer.ranking',
				[`q-${text!.id}`]: 'survey.answer.required'
			}
		});
		const count = await t.db
			.selectFrom('survey_response')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('survey_id', '=', id)
			.executeTakeFirstOrThrow();
		expect(count.n).toBe(0);
		// "Nein": the text question is hidden, so it is neither required nor stored
		const no = answers(qs, { [`q-${single!.id}`]: [single!.options[1]!.id] });
		const { responseId } = await submitResponse(ctx(demo, null, '192.0.2.50'), id, no);
		const stored = await t.db
			.selectFrom('survey_answer')
			.select(['question_id', 'text'])
			.where('response_id', '=', responseId)
			.execute();
		expect(stored.some((a) => a.question_id === text!.id)).toBe(false);
		expect(stored).toHaveLength(1 + 2 + 1 + 3 + 2);
	});

	test('linked: one response per person, even with 20 submissions at once', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator, { mode: 'linked' });
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		await expect(submitResponse(ctx(demo, null), id, answers(qs))).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const unverified = await person(demo, 'citizen', false);
		await expect(submitResponse(ctx(demo, unverified), id, answers(qs))).rejects.toMatchObject({
			code: 'forbidden'
		});
		const voter = await person(demo);
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, () => submitResponse(ctx(demo, voter), id, answers(qs)))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) {
			if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
		}
		const rows = await t.db
			.selectFrom('survey_response')
			.select(['person_id'])
			.where('survey_id', '=', id)
			.execute();
		expect(rows).toEqual([{ person_id: voter.id }]);
		expect((await getSurvey(ctx(demo, voter), id)).alreadyAnswered).toBe(true);
		// the database refuses a second one too
		await expect(
			t.db
				.insertInto('survey_response')
				.values({ region_id: demo.id, survey_id: id, linked: true, person_id: voter.id })
				.execute()
		).rejects.toThrow(/survey_response_person/);

		// the person's export has the response; deleting the person removes it from the results
		const exported = await exportSurveyResponses(t.db, demo.id, voter.id);
		expect(exported).toHaveLength(1);
		expect(exported[0]!.answers.map((a) => a.question)).toContain('Was kaufen Sie?');
		await t.db.deleteFrom('person').where('id', '=', voter.id).execute();
		const after = await getResults(ctx(demo, moderator), id);
		expect(after.respondents).toBe(0);
		expect(after.questions[0]!.result).toMatchObject({ answered: 0 });
	});

	test('anonymous: no person id; a signed-in respondent only leaves a marker; 20 at once → one', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		const citizen = await person(demo);
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, (_, i) =>
				submitResponse(ctx(demo, citizen, `198.51.100.${i}`), id, answers(qs))
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rows = await t.db
			.selectFrom('survey_response')
			.selectAll()
			.where('survey_id', '=', id)
			.execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]!.person_id).toBeNull();
		// nothing on the response names the person
		expect(JSON.stringify(rows[0])).not.toContain(citizen.id);
		await expect(
			t.db
				.insertInto('survey_response')
				.values({ region_id: demo.id, survey_id: id, linked: false, person_id: citizen.id })
				.execute()
		).rejects.toThrow(/survey_response_mode/);
		// the browser cookie stops a second anonymous response
		await expect(
			submitResponse(ctx(demo, null), id, answers(qs), { browserAnswered: true })
		).rejects.toMatchObject({ messageKey: 'survey.alreadyAnswered' });
	});

	test('anonymous: rate limit per survey and client address', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		for (let i = 0; i < 20; i++)
			await submitResponse(ctx(demo, null, '203.0.113.7'), id, answers(qs));
		await expect(
			submitResponse(ctx(demo, null, '203.0.113.7'), id, answers(qs))
		).rejects.toMatchObject({ code: 'rate_limited' });
		await submitResponse(ctx(demo, null, '203.0.113.8'), id, answers(qs));
	});

	test('questions are frozen once answered: by the service and by the database', async () => {
		const moderator = await person(demo, 'moderator');
		const c = ctx(demo, moderator);
		const id = await buildSurvey(moderator);
		const qs = (await getSurvey(c, id)).questions;
		await submitResponse(ctx(demo, null, '192.0.2.99'), id, answers(qs));
		await expect(
			addQuestion(c, id, question({ kind: 'text', text: 'Noch etwas?' }))
		).rejects.toMatchObject({ code: 'conflict', messageKey: 'survey.builder.frozen' });
		await expect(moveQuestion(c, id, qs[1]!.id, 'up')).rejects.toMatchObject({
			messageKey: 'survey.builder.frozen'
		});
		await expect(
			t.db
				.updateTable('survey_question')
				.set({ text: 'anders' })
				.where('id', '=', qs[0]!.id)
				.execute()
		).rejects.toThrow(/frozen/);
		await expect(
			t.db.deleteFrom('survey_option').where('id', '=', qs[1]!.options[0]!.id).execute()
		).rejects.toThrow(/frozen/);
		await expect(updateSurvey(c, id, surveyInput({ mode: 'linked' }))).rejects.toMatchObject({
			messageKey: 'survey.builder.modeFrozen'
		});
		// the title may still change, and the whole survey may still be deleted
		await updateSurvey(c, id, surveyInput({ title: 'Wochenmärkte 2026' }));
		await t.db.deleteFrom('survey').where('id', '=', id).execute();
	});

	test('a closed survey takes no responses', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator, { opensOn: day(-10), closesOn: day(-2) });
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		await expect(submitResponse(ctx(demo, null), id, answers(qs))).rejects.toMatchObject({
			messageKey: 'survey.notOpen'
		});
	});
});

describe('results', () => {
	test('counts, filters, visibility, free text for moderators only, CSV', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator, { liveResults: '' });
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		const [single, multiple, scale, text, ranking, matrix] = qs;
		await submitResponse(ctx(demo, null, '192.0.2.10'), id, answers(qs), {
			targetGroup: 'jugend',
			municipality: 'heppenheim'
		});
		await submitResponse(
			ctx(demo, null, '192.0.2.11'),
			id,
			answers(qs, {
				[`q-${single!.id}`]: [single!.options[1]!.id],
				[`q-${scale!.id}`]: ['2'],
				[`q-${ranking!.id}-${ranking!.options[0]!.id}`]: ['1'],
				[`q-${ranking!.id}-${ranking!.options[1]!.id}`]: ['3'],
				[`q-${ranking!.id}-${ranking!.options[2]!.id}`]: ['2']
			})
		);
		await expect(getResults(ctx(demo, null), id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(responsesCsv(ctx(demo, null), id)).rejects.toMatchObject({ code: 'forbidden' });
		const all = await getResults(ctx(demo, moderator), id);
		expect(all.respondents).toBe(2);
		const byId = new Map(all.questions.map((q) => [q.id, q]));
		expect(byId.get(single!.id)!.result).toMatchObject({
			bars: [
				{ label: 'Ja', value: 1 },
				{ label: 'Nein', value: 1 }
			]
		});
		expect(byId.get(multiple!.id)!.result).toMatchObject({
			bars: [{ value: 2 }, { value: 0 }, { value: 2 }]
		});
		expect(byId.get(scale!.id)!.result).toMatchObject({ mean: 3, answered: 2 });
		expect(byId.get(text!.id)!.result).toMatchObject({ answered: 1 });
		expect(byId.get(text!.id)!.texts).toEqual(['Ein Stand mit Brot, "bitte"; gern auch abends']);
		// ranks: Preis 2,1 → 1.5; Frische 1,3 → 2; Nähe 3,2 → 2.5
		expect(byId.get(ranking!.id)!.result).toMatchObject({
			answered: 2,
			ranked: [
				{ label: 'Preis', averageRank: 1.5, borda: 5 },
				{ label: 'Frische', averageRank: 2, borda: 4 },
				{ label: 'Nähe', averageRank: 2.5, borda: 3 }
			]
		});
		expect(byId.get(matrix!.id)!.result).toMatchObject({
			rows: [
				{ label: 'Parkplätze', cells: [0, 0, 2] },
				{ label: 'Öffnungszeiten', cells: [2, 0, 0] }
			]
		});
		const youth = await getResults(ctx(demo, moderator), id, {
			targetGroup: 'jugend',
			municipality: 'heppenheim'
		});
		expect(youth.respondents).toBe(1);
		expect(youth.questions[0]!.result).toMatchObject({ bars: [{ value: 1 }, { value: 0 }] });

		// after the end: everybody sees counts, but no free text
		await t.db
			.updateTable('survey')
			.set({ opens_at: sql`now() - interval '3 days'`, closes_at: sql`now() - interval '1 day'` })
			.where('id', '=', id)
			.execute();
		const publicView = await getResults(ctx(demo, null), id);
		expect(publicView.questions.find((q) => q.id === text!.id)!.texts).toEqual([]);
		expect(publicView.freeTextVisible).toBe(false);
		const csv = await responsesCsv(ctx(demo, null), id);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).not.toContain('Was fehlt Ihnen?');
		const modCsv = await responsesCsv(ctx(demo, moderator), id);
		expect(modCsv).toContain('"Ein Stand mit Brot, ""bitte""; gern auch abends"');
		expect(modCsv).toContain('jugend,heppenheim');
	});

	test('10,000 generated responses: the totals add up', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		let progress = 0;
		await generateSurveyResponses(t.db, demo.id, id, 10_000, (done) => (progress = done));
		expect(progress).toBe(10_000);
		const results = await getResults(ctx(demo, moderator), id);
		expect(results.respondents).toBe(10_000);
		const [single, multiple, scale, text, ranking, matrix] = results.questions;
		const counted = async (questionId: string) =>
			(
				await t.db
					.selectFrom('survey_answer')
					.select(sql<number>`count(*)::int`.as('n'))
					.where('question_id', '=', questionId)
					.executeTakeFirstOrThrow()
			).n;
		const sum = (bars: { value: number }[]) => bars.reduce((a, b) => a + b.value, 0);
		type Loose = {
			bars: { value: number }[];
			answered: number;
			rows: { cells: number[] }[];
		};
		const r = (q: (typeof results.questions)[number]) => q.result as unknown as Loose;
		// the required single-choice question: every response answered it
		expect(sum(r(single!).bars)).toBe(10_000);
		expect(sum(r(multiple!).bars)).toBe(await counted(multiple!.id));
		expect(sum(r(scale!).bars)).toBe(await counted(scale!.id));
		// the conditional text question: only those who said "Ja"
		expect(r(text!).answered).toBe(r(single!).bars[0]!.value);
		expect(r(ranking!).answered).toBe(10_000);
		expect(
			r(matrix!)
				.rows.flatMap((row) => row.cells)
				.reduce((a, b) => a + b, 0)
		).toBe(20_000);
		// filters: the groups and the unstated add up to the whole
		let byGroup = 0;
		for (const g of results.choices.groups) {
			byGroup += (await getResults(ctx(demo, moderator), id, { targetGroup: g.key })).respondents;
		}
		const unstated = await t.db
			.selectFrom('survey_response')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('survey_id', '=', id)
			.where('target_group_id', 'is', null)
			.executeTakeFirstOrThrow();
		expect(byGroup + unstated.n).toBe(10_000);
	}, 120_000);

	test('filtered results (by target group, municipality, both) match the answers, also after a deletion', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		await generateSurveyResponses(t.db, demo.id, id, 400);
		const answered = async (questionId: string, groupKey?: string, placeSlug?: string) =>
			(
				await t.db
					.selectFrom('survey_answer as a')
					.leftJoin('target_group as g', 'g.id', 'a.target_group_id')
					.leftJoin('municipality as m', 'm.id', 'a.municipality_id')
					.select(sql<number>`count(*)::int`.as('n'))
					.where('a.question_id', '=', questionId)
					.$if(groupKey !== undefined, (qb) => qb.where('g.key', '=', groupKey!))
					.$if(placeSlug !== undefined, (qb) => qb.where('m.slug', '=', placeSlug!))
					.executeTakeFirstOrThrow()
			).n;
		const check = async (groupKey?: string, placeSlug?: string) => {
			const results = await getResults(ctx(demo, moderator), id, {
				targetGroup: groupKey,
				municipality: placeSlug
			});
			const [single, multiple] = results.questions;
			const bars = (q: typeof single) =>
				(q!.result as { bars: { value: number }[] }).bars.reduce((a, b) => a + b.value, 0);
			expect(bars(single)).toBe(await answered(single!.id, groupKey, placeSlug));
			expect(bars(multiple)).toBe(await answered(multiple!.id, groupKey, placeSlug));
		};
		const busiest = await t.db
			.selectFrom('survey_response as r')
			.innerJoin('target_group as g', 'g.id', 'r.target_group_id')
			.innerJoin('municipality as m', 'm.id', 'r.municipality_id')
			.select(['g.key', 'm.slug', sql<number>`count(*)::int`.as('n')])
			.where('r.survey_id', '=', id)
			.groupBy(['g.key', 'm.slug'])
			.orderBy('n', 'desc')
			.executeTakeFirstOrThrow();
		const all = async () => {
			await check(busiest.key);
			await check(undefined, busiest.slug);
			await check(busiest.key, busiest.slug);
		};
		await all();
		// a response of that group and place withdrawn: every level counts it out
		await t.db
			.deleteFrom('survey_response')
			.where(
				'id',
				'=',
				t.db
					.selectFrom('survey_response as r')
					.innerJoin('target_group as g', 'g.id', 'r.target_group_id')
					.innerJoin('municipality as m', 'm.id', 'r.municipality_id')
					.select('r.id')
					.where('r.survey_id', '=', id)
					.where('g.key', '=', busiest.key)
					.where('m.slug', '=', busiest.slug)
					.limit(1)
			)
			.execute();
		await all();
	});

	test('the place filter lists the places of the region; beyond 100 a typed name filters', async () => {
		const moderator = await person(demo, 'moderator');
		const surveyId = await buildSurvey(moderator);
		await generateSurveyResponses(t.db, demo.id, surveyId, 300);
		const places = await t.db
			.selectFrom('municipality')
			.select('slug')
			.where('region_id', '=', demo.id)
			.orderBy('name')
			.execute();
		const listed = await getResults(ctx(demo, moderator), surveyId);
		expect(listed.choices.placeInput).toBe(false);
		expect(listed.choices.municipalities.map((m) => m.slug)).toEqual(places.map((p) => p.slug));

		// a region with more than 100 places: a text field, and a typed name filters
		const many = { ...demo, municipalityCount: 101 };
		const unfiltered = await getResults(ctx(many, moderator), surveyId);
		expect(unfiltered.choices.placeInput).toBe(true);
		expect(unfiltered.choices.municipalities).toEqual([]);
		const busiest = await t.db
			.selectFrom('survey_response as r')
			.innerJoin('municipality as m', 'm.id', 'r.municipality_id')
			.select(['m.slug', 'm.name', sql<number>`count(*)::int`.as('n')])
			.where('r.survey_id', '=', surveyId)
			.groupBy(['m.slug', 'm.name'])
			.orderBy('n', 'desc')
			.executeTakeFirstOrThrow();
		// typed as people type it
		const typed = resultFilterSchema.parse({ gemeinde: ` ${busiest.name.toUpperCase()} ` });
		expect(typed.gemeinde).toBe(busiest.slug);
		const filtered = await getResults(ctx(many, moderator), surveyId, {
			municipality: typed.gemeinde
		});
		expect(filtered.filter.municipality).toBe(busiest.slug);
		expect(filtered.choices.chosenPlace).toBe(busiest.name);
		expect(filtered.respondents).toBe(busiest.n);
		expect(filtered.respondents).toBeLessThan(unfiltered.respondents);
	});

	// last in this file: it deletes one of the demo region's target groups
	test('the kept respondent counts equal the responses at every level, also after withdrawals and a deleted target group', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await buildSurvey(moderator);
		const levels = (rows: string) =>
			sql.raw(`
			select survey_id, 0 as scope, target_group_id, municipality_id from ${rows}
			union all select survey_id, 1, null, null from ${rows}
			union all select survey_id, 2, target_group_id, null from ${rows}
			union all select survey_id, 3, null, municipality_id from ${rows}`);
		const both = async () => {
			const kept = await sql<{ line: string }>`
				select concat_ws(' ', survey_id, scope, target_group_id, municipality_id, n) as line
				from survey_respondent_count where n <> 0 order by 1`.execute(t.db);
			const real = await sql<{ line: string }>`
				select concat_ws(' ', survey_id, scope, target_group_id, municipality_id, count(*)) as line
				from (${levels('survey_response')}) r
				group by survey_id, scope, target_group_id, municipality_id order by 1`.execute(t.db);
			return { kept: kept.rows.map((r) => r.line), real: real.rows.map((r) => r.line) };
		};
		const respondents = async (groupKey?: string, placeSlug?: string) =>
			(
				await t.db
					.selectFrom('survey_response as r')
					.leftJoin('target_group as g', 'g.id', 'r.target_group_id')
					.leftJoin('municipality as m', 'm.id', 'r.municipality_id')
					.select(sql<number>`count(*)::int`.as('n'))
					.where('r.survey_id', '=', id)
					.$if(groupKey !== undefined, (qb) => qb.where('g.key', '=', groupKey!))
					.$if(placeSlug !== undefined, (qb) => qb.where('m.slug', '=', placeSlug!))
					.executeTakeFirstOrThrow()
			).n;
		const shown = async (targetGroup?: string, municipality?: string) =>
			(await getResults(ctx(demo, moderator), id, { targetGroup, municipality })).respondents;

		await generateSurveyResponses(t.db, demo.id, id, 300);
		const qs = (await getSurvey(ctx(demo, null), id)).questions;
		const withdrawn = await t.db
			.selectFrom('survey_response')
			.select('id')
			.where('survey_id', '=', id)
			.orderBy('id')
			.limit(40)
			.execute();
		// answering, bulk inserts and withdrawals at the same time
		const settled = await Promise.allSettled([
			...['jugend', 'senioren', 'familien'].map((targetGroup, i) =>
				submitResponse(ctx(demo, null, `192.0.2.${50 + i}`), id, answers(qs), {
					targetGroup,
					municipality: 'heppenheim'
				})
			),
			generateSurveyResponses(t.db, demo.id, id, 100),
			...withdrawn
				.slice(0, 20)
				.map((r) => t.db.deleteFrom('survey_response').where('id', '=', r.id).execute()),
			t.db
				.deleteFrom('survey_response')
				.where(
					'id',
					'in',
					withdrawn.slice(20).map((r) => r.id)
				)
				.execute()
		]);
		expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
		let { kept, real } = await both();
		expect(real.length).toBeGreaterThan(10);
		expect(kept).toEqual(real);
		for (const [group, place] of [
			[undefined, undefined],
			['senioren', undefined],
			[undefined, 'heppenheim'],
			['senioren', 'heppenheim']
		] as const) {
			expect(await shown(group, place)).toBe(await respondents(group, place));
		}
		expect(await shown('senioren', 'heppenheim')).toBeGreaterThan(0);

		// a deleted target group leaves its responses without one: the counts follow
		await t.db
			.deleteFrom('target_group')
			.where('region_id', '=', demo.id)
			.where('key', '=', 'senioren')
			.execute();
		({ kept, real } = await both());
		expect(kept).toEqual(real);
		expect(await shown()).toBe(await respondents());
		expect(await shown('jugend')).toBe(await respondents('jugend'));
	});
});
