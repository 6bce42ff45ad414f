/**
 * Realistic random responses for a survey, inserted in bulk for the benchmark and the 10,000-
 * response test: responses in batches (one multi-row insert each), then per question one
 * INSERT … SELECT that draws the answers in PostgreSQL. Conditions are respected (a conditional
 * question is answered only where the earlier answer includes the option). Linked surveys get
 * made-up people of their own (they need one person per response).
 */
import { sql } from 'kysely';
import type { DB } from '../src/lib/server/db/database.ts';

const TEXTS = [
	'Mehr regionale Produkte im Dorfladen wären schön.',
	'Der Wochenmarkt sollte auch abends öffnen.',
	'Bitte bessere Busverbindungen am Wochenende.',
	'Ein Coworking-Raum im Ort, mit gutem Internet.',
	'Mehr Informationen, wer was in der Nähe anbietet.',
	'Kartenzahlung auf dem Markt, bitte!'
];

export async function generateSurveyResponses(
	db: DB,
	regionId: string,
	surveyId: string,
	count: number,
	onProgress?: (done: number) => void
): Promise<void> {
	const survey = await db
		.selectFrom('survey')
		.select(['id', 'linked'])
		.where('region_id', '=', regionId)
		.where('id', '=', surveyId)
		.executeTakeFirstOrThrow();
	const [questions, options, groups, places] = await Promise.all([
		db
			.selectFrom('survey_question')
			.selectAll()
			.where('survey_id', '=', surveyId)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('survey_option')
			.select(['id', 'question_id', 'kind'])
			.where('survey_id', '=', surveyId)
			.orderBy('position')
			.execute(),
		db.selectFrom('target_group').select('id').where('region_id', '=', regionId).execute(),
		db.selectFrom('municipality').select('id').where('region_id', '=', regionId).execute()
	]);
	const uuids = (ids: string[]) => sql`${ids}::uuid[]`;
	// about one in five says nothing about target group or municipality
	const randomOf = (ids: string[]) =>
		ids.length === 0
			? sql`null::uuid`
			: sql`case when random() < 0.2 then null else (${uuids(ids)})[1 + floor(random() * ${ids.length})::int] end`;
	const batchSize = 2000;
	for (let done = 0; done < count;) {
		const size = Math.min(batchSize, count - done);
		await db.transaction().execute(async (trx) => {
			let people: string[] = [];
			if (survey.linked) {
				const tag = `${Date.now().toString(36)}-${done}`;
				const rows = await sql<{ id: string }>`
					insert into person (region_id, email, display_name, password_hash, email_verified_at,
						terms_accepted_at, target_group_id, municipality_id)
					select ${regionId}, 'bench-' || ${tag} || '-' || i || '@example.invalid', 'Bench ' || i, 'x',
						now(), now(), ${randomOf(groups.map((g) => g.id))}, ${randomOf(places.map((p) => p.id))}
					from generate_series(1, ${size}) i
					returning id`.execute(trx);
				people = rows.rows.map((r) => r.id);
			}
			const inserted = survey.linked
				? await sql<{ id: string }>`
					insert into survey_response (region_id, survey_id, linked, person_id, target_group_id, municipality_id, created_at)
					select p.region_id, ${surveyId}, true, p.id, p.target_group_id, p.municipality_id,
						now() - random() * interval '20 days'
					from person p where p.id = any(${uuids(people)})
					returning id`.execute(trx)
				: await sql<{ id: string }>`
					insert into survey_response (region_id, survey_id, linked, target_group_id, municipality_id, created_at)
					select ${regionId}, ${surveyId}, false, ${randomOf(groups.map((g) => g.id))},
						${randomOf(places.map((p) => p.id))}, date_trunc('day', now() - random() * interval '20 days')
					from generate_series(1, ${size})
					returning id`.execute(trx);
			const ids = inserted.rows.map((r) => r.id);
			for (const q of questions) {
				const of = (kind: string) =>
					options.filter((o) => o.question_id === q.id && o.kind === kind).map((o) => o.id);
				const condition = q.condition_question_id
					? sql`and exists (select 1 from survey_answer c where c.response_id = r.id
						and c.question_id = ${q.condition_question_id} and c.option_id = ${q.condition_option_id})`
					: sql``;
				const answerRate = q.required ? 1 : 0.85;
				const head = sql`insert into survey_answer (region_id, survey_id, response_id, question_id,
					option_id, value, text, target_group_id, municipality_id)`;
				const from = sql`from survey_response r where r.id = any(${uuids(ids)}) ${condition}`;
				const cols = sql`r.region_id, r.survey_id, r.id, ${q.id}::uuid`;
				const tail = sql`r.target_group_id, r.municipality_id`;
				switch (q.kind) {
					case 'single': {
						const opts = of('option');
						// skewed: earlier options a little more likely
						await sql`${head} select ${cols},
							(${uuids(opts)})[1 + floor(power(random(), 1.3) * ${opts.length})::int], null, null, ${tail}
							${from} and random() < ${answerRate}`.execute(trx);
						break;
					}
					case 'multiple': {
						const opts = of('option');
						await sql`${head} select ${cols}, o.id, null, null, ${tail}
							from survey_response r cross join unnest(${uuids(opts)}) as o (id)
							where r.id = any(${uuids(ids)}) ${condition} and random() < 0.45`.execute(trx);
						break;
					}
					case 'scale': {
						const min = q.scale_min ?? 1;
						const span = (q.scale_max ?? 5) - min + 1;
						await sql`${head} select ${cols}, null,
							${min} + floor(power(random(), 0.8) * ${span})::int, null, ${tail}
							${from} and random() < ${answerRate}`.execute(trx);
						break;
					}
					case 'text':
						await sql`${head} select ${cols}, null, null,
							(${TEXTS}::text[])[1 + floor(random() * ${TEXTS.length})::int], ${tail}
							${from} and random() < ${q.required ? 1 : 0.3}`.execute(trx);
						break;
					case 'ranking': {
						const opts = of('option');
						await sql`${head} select r.region_id, r.survey_id, r.id, ${q.id}::uuid, o.id,
							row_number() over (partition by r.id order by random())::int, null, ${tail}
							from survey_response r cross join unnest(${uuids(opts)}) as o (id)
							where r.id = any(${uuids(ids)}) ${condition}`.execute(trx);
						break;
					}
					case 'matrix': {
						const rows = of('row');
						const columns = of('column').length;
						await sql`${head} select ${cols}, o.id, floor(random() * ${columns})::int, null, ${tail}
							from survey_response r cross join unnest(${uuids(rows)}) as o (id)
							where r.id = any(${uuids(ids)}) ${condition}`.execute(trx);
						break;
					}
				}
			}
		});
		done += size;
		onProgress?.(done);
	}
}
