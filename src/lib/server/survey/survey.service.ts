/**
 * Surveys: moderators build them (questions of six kinds, optional conditions), people answer
 * them once, and everybody may see the results when the survey allows it.
 *
 * Invariants kept by the database: one response per person in a linked survey (unique), no
 * person id on anonymous responses (check), one participation marker per signed-in person in
 * an anonymous survey (primary key), questions frozen once there are responses (trigger).
 * Results are summed from survey_tally, which triggers keep per answer for the whole survey
 * and per target group and municipality: the result page reads a few dozen rows (a filtered
 * one a few thousand at most), however many responses there are.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database, Localised, SurveyQuestionKind } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { hit, type Limit } from '../security/rate-limit.ts';
import {
	canManageSurveys,
	canReadFreeText,
	canRespond,
	canSeeResults,
	canSeeSurvey,
	type SurveyStatus
} from './survey.policy.ts';
import {
	csvLine,
	validateAnswers,
	type QuestionDef,
	type QuestionInput,
	type RawAnswers,
	type SurveyInput
} from './survey.schema.ts';

export interface SurveyContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string };
}

/** Anonymous responses per survey and client address. */
export const ANONYMOUS_LIMIT: Limit = { name: 'survey:address', max: 20, windowSeconds: 60 * 60 };
export const FREE_TEXT_PAGE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS = sql<SurveyStatus>`case when survey.opens_at is null then 'draft'
	when now() < survey.opens_at then 'upcoming'
	when now() < survey.closes_at then 'open' else 'closed' end`;

const notFound = () => new AppError('not_found', 'error.404.title');

// --- reading --------------------------------------------------------------------------------

export async function listSurveys(ctx: SurveyContext) {
	const rows = await ctx.db
		.selectFrom('survey')
		.leftJoin('topic_field', 'topic_field.id', 'survey.topic_field_id')
		.select([
			'survey.id',
			'survey.title',
			'survey.linked',
			'survey.opens_at',
			'survey.closes_at',
			'topic_field.name as topic_field_name',
			STATUS.as('status'),
			sql<number>`(select count(*)::int from survey_response r where r.survey_id = survey.id)`.as(
				'responses'
			)
		])
		.where('survey.region_id', '=', ctx.region.id)
		.orderBy('survey.closes_at', 'desc')
		.orderBy('survey.created_at', 'desc')
		.limit(200)
		.execute();
	const items = rows
		.filter((r) => canSeeSurvey(ctx.actor, r))
		.map((r) => ({
			id: r.id,
			title: r.title,
			linked: r.linked,
			status: r.status,
			opensAt: r.opens_at?.toISOString() ?? null,
			closesAt: r.closes_at?.toISOString() ?? null,
			topicField: r.topic_field_name,
			responses: r.responses
		}));
	const of = (status: SurveyStatus) => items.filter((i) => i.status === status);
	return {
		open: of('open'),
		upcoming: of('upcoming'),
		closed: of('closed'),
		drafts: of('draft')
	};
}

/** A question row as `questionsJson` gives it, with its options, rows and columns. */
interface QuestionRow {
	id: string;
	position: number;
	kind: SurveyQuestionKind;
	text: string;
	required: boolean;
	scale_min: number | null;
	scale_max: number | null;
	label_min: string;
	label_max: string;
	condition_question_id: string | null;
	condition_option_id: string | null;
	choices: { id: string; kind: 'option' | 'row' | 'column'; label: string }[];
}

/**
 * A survey's questions with their options, rows and columns as one JSON value, in order: a
 * subquery, so that the survey and its questions come in one statement.
 */
function questionsJson(regionId: string, surveyId: RawBuilder<unknown>) {
	return sql<QuestionRow[]>`coalesce((
		select json_agg(json_build_object(
			'id', q.id, 'position', q.position, 'kind', q.kind, 'text', q.text,
			'required', q.required, 'scale_min', q.scale_min, 'scale_max', q.scale_max,
			'label_min', q.label_min, 'label_max', q.label_max,
			'condition_question_id', q.condition_question_id,
			'condition_option_id', q.condition_option_id,
			'choices', coalesce((
				select json_agg(json_build_object('id', o.id, 'kind', o.kind, 'label', o.label)
					order by o.position)
				from survey_option o
				where o.question_id = q.id and o.survey_id = q.survey_id), '[]')
		) order by q.position)
		from survey_question q
		where q.region_id = ${regionId} and q.survey_id = ${surveyId}), '[]')`;
}

function toQuestionDefs(rows: QuestionRow[]): QuestionDef[] {
	const of = (q: QuestionRow, kind: 'option' | 'row' | 'column') =>
		q.choices.filter((o) => o.kind === kind).map((o) => ({ id: o.id, label: o.label }));
	return rows.map((q) => ({
		id: q.id,
		position: q.position,
		kind: q.kind,
		text: q.text,
		required: q.required,
		scaleMin: q.scale_min,
		scaleMax: q.scale_max,
		labelMin: q.label_min,
		labelMax: q.label_max,
		condition:
			q.condition_question_id && q.condition_option_id
				? { questionId: q.condition_question_id, optionId: q.condition_option_id }
				: null,
		options: of(q, 'option'),
		rows: of(q, 'row'),
		columns: of(q, 'column')
	}));
}

async function loadSurvey(
	db: DB | Transaction<Database>,
	ctx: SurveyContext,
	id: string,
	withQuestions = false
) {
	if (!UUID.test(id)) throw notFound();
	const survey = await db
		.selectFrom('survey')
		.leftJoin('topic_field', 'topic_field.id', 'survey.topic_field_id')
		.selectAll('survey')
		.select([
			STATUS.as('status'),
			'topic_field.key as topic_field_key',
			'topic_field.name as topic_field_name',
			sql<boolean>`exists (select 1 from survey_response r where r.survey_id = survey.id)`.as(
				'answered'
			)
		])
		.$if(withQuestions, (qb) =>
			qb.select(questionsJson(ctx.region.id, sql`survey.id`).as('questions'))
		)
		.where('survey.region_id', '=', ctx.region.id)
		.where('survey.id', '=', id)
		.executeTakeFirst();
	if (!survey || !canSeeSurvey(ctx.actor, survey)) throw notFound();
	return survey;
}

/** A survey and its questions in one statement (pages that show both). */
async function loadSurveyWithQuestions(db: DB, ctx: SurveyContext, id: string) {
	const survey = await loadSurvey(db, ctx, id, true);
	return { survey, questions: toQuestionDefs(survey.questions ?? []) };
}

/** A survey's questions with their options, rows and columns, in one statement. */
async function loadQuestions(db: DB | Transaction<Database>, ctx: SurveyContext, surveyId: string) {
	const { rows } = await sql<{ questions: QuestionRow[] }>`
		select ${questionsJson(ctx.region.id, sql`${surveyId}::uuid`)} as questions`.execute(db);
	return toQuestionDefs(rows[0]!.questions);
}

function surveyView(ctx: SurveyContext, survey: Awaited<ReturnType<typeof loadSurvey>>) {
	return {
		id: survey.id,
		title: survey.title,
		intro: survey.intro,
		linked: survey.linked,
		onePerBrowser: survey.one_per_browser,
		showLiveResults: survey.show_live_results,
		status: survey.status,
		opensAt: survey.opens_at?.toISOString() ?? null,
		closesAt: survey.closes_at?.toISOString() ?? null,
		topicFieldKey: survey.topic_field_key,
		topicField: survey.topic_field_name,
		answered: survey.answered,
		canManage: canManageSurveys(ctx.actor),
		canSeeResults: canSeeResults(ctx.actor, {
			status: survey.status,
			showLiveResults: survey.show_live_results
		})
	};
}

/** A survey with its questions, for answering and for the builder. */
export async function getSurvey(ctx: SurveyContext, id: string) {
	const { survey, questions } = await loadSurveyWithQuestions(ctx.db, ctx, id);
	const marker = isSignedIn(ctx.actor) ? participationMarker(survey.id, ctx.actor.person.id) : null;
	const answered =
		isSignedIn(ctx.actor) && survey.status === 'open'
			? survey.linked
				? await ctx.db
						.selectFrom('survey_response')
						.select('id')
						.where('survey_id', '=', survey.id)
						.where('person_id', '=', ctx.actor.person.id)
						.executeTakeFirst()
				: await ctx.db
						.selectFrom('survey_participation')
						.select('marker')
						.where('survey_id', '=', survey.id)
						.where('marker', '=', marker!)
						.executeTakeFirst()
			: undefined;
	return {
		...surveyView(ctx, survey),
		canRespond: canRespond(ctx.actor, survey),
		alreadyAnswered: answered !== undefined,
		questions
	};
}

/** Target groups and municipalities of the region, for the forms and filters. */
export async function listProfileChoices(ctx: SurveyContext) {
	const [groups, municipalities] = await Promise.all([
		ctx.db
			.selectFrom('target_group')
			.select(['id', 'key', 'name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('position')
			.execute(),
		ctx.db
			.selectFrom('municipality')
			.select(['id', 'slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('name')
			.execute()
	]);
	return { groups, municipalities };
}

// --- building -------------------------------------------------------------------------------

function audited(
	trx: Transaction<Database>,
	ctx: SurveyContext,
	action: 'survey.created' | 'survey.updated' | 'survey.questions_changed',
	surveyId: string,
	details?: Record<string, unknown>
) {
	return audit(trx, {
		regionId: ctx.region.id,
		actorId: ctx.actor.person?.id ?? null,
		action,
		targetType: 'survey',
		targetId: surveyId,
		ip: ctx.meta.ip,
		details
	});
}

function surveyValues(ctx: SurveyContext, input: SurveyInput) {
	const field = input.topicField
		? ctx.region.topicFields.find((f) => f.key === input.topicField)
		: null;
	if (field === undefined) {
		throw new AppError('invalid', 'survey.topicField.invalid', {
			fields: { topicField: 'survey.topicField.invalid' }
		});
	}
	// dates are whole days in the region's time zone: open from the first, closed after the last
	return {
		topic_field_id: field?.id ?? null,
		title: input.title,
		intro: input.intro,
		show_live_results: input.liveResults,
		one_per_browser: input.onePerBrowser,
		opens_at: input.opensOn
			? sql<Date>`(${input.opensOn}::date)::timestamp at time zone 'Europe/Berlin'`
			: null,
		closes_at: input.closesOn
			? sql<Date>`(${input.closesOn}::date + 1)::timestamp at time zone 'Europe/Berlin'`
			: null
	};
}

export async function createSurvey(ctx: SurveyContext, input: SurveyInput): Promise<string> {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	const values = surveyValues(ctx, input);
	return ctx.db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('survey')
			.values({
				region_id: ctx.region.id,
				linked: input.mode === 'linked',
				created_by: ctx.actor.person?.id ?? null,
				...values
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await audited(trx, ctx, 'survey.created', id);
		return id;
	});
}

/** The survey row locked for a change of its questions; refuses once responses exist. */
async function lockForBuilding(trx: Transaction<Database>, ctx: SurveyContext, surveyId: string) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	const survey = await loadSurvey(trx, ctx, surveyId);
	await trx
		.selectFrom('survey')
		.select('id')
		.where('id', '=', survey.id)
		.forUpdate()
		.executeTakeFirstOrThrow();
	const answered = await trx
		.selectFrom('survey_response')
		.select('id')
		.where('survey_id', '=', survey.id)
		.limit(1)
		.executeTakeFirst();
	if (answered) throw new AppError('conflict', 'survey.builder.frozen');
	return survey;
}

export async function updateSurvey(ctx: SurveyContext, id: string, input: SurveyInput) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	const values = surveyValues(ctx, input);
	await ctx.db.transaction().execute(async (trx) => {
		const survey = await loadSurvey(trx, ctx, id);
		await trx.selectFrom('survey').select('id').where('id', '=', survey.id).forUpdate().execute();
		const linked = input.mode === 'linked';
		if (linked !== survey.linked) {
			const answered = await trx
				.selectFrom('survey_response')
				.select('id')
				.where('survey_id', '=', survey.id)
				.limit(1)
				.executeTakeFirst();
			if (answered) {
				throw new AppError('conflict', 'survey.builder.modeFrozen', {
					fields: { mode: 'survey.builder.modeFrozen' }
				});
			}
		}
		await trx
			.updateTable('survey')
			.set({ ...values, linked, updated_at: sql`now()` })
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', survey.id)
			.execute();
		await audited(trx, ctx, 'survey.updated', survey.id);
	});
}

function checkCondition(
	questions: QuestionDef[],
	position: number,
	condition: QuestionInput['condition']
) {
	if (!condition) return;
	const target = questions.find((q) => q.id === condition.questionId);
	if (
		!target ||
		target.position >= position ||
		(target.kind !== 'single' && target.kind !== 'multiple') ||
		!target.options.some((o) => o.id === condition.optionId)
	) {
		throw new AppError('invalid', 'survey.condition.invalid', {
			fields: { condition: 'survey.condition.invalid' }
		});
	}
}

function optionRows(
	ctx: SurveyContext,
	surveyId: string,
	questionId: string,
	kind: 'option' | 'row' | 'column',
	labels: string[],
	from = 0
) {
	return labels.map((label, i) => ({
		region_id: ctx.region.id,
		survey_id: surveyId,
		question_id: questionId,
		kind,
		position: from + i,
		label
	}));
}

function questionColumns(input: QuestionInput) {
	return {
		kind: input.kind,
		text: input.text,
		required: input.required,
		scale_min: input.scaleMin,
		scale_max: input.scaleMax,
		label_min: input.labelMin,
		label_max: input.labelMax,
		condition_question_id: input.condition?.questionId ?? null,
		condition_option_id: input.condition?.optionId ?? null
	};
}

export async function addQuestion(ctx: SurveyContext, surveyId: string, input: QuestionInput) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	return ctx.db.transaction().execute(async (trx) => {
		const survey = await lockForBuilding(trx, ctx, surveyId);
		const questions = await loadQuestions(trx, ctx, survey.id);
		const position = Math.max(-1, ...questions.map((q) => q.position)) + 1;
		checkCondition(questions, position, input.condition);
		const { id } = await trx
			.insertInto('survey_question')
			.values({
				region_id: ctx.region.id,
				survey_id: survey.id,
				position,
				...questionColumns(input)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const rows = [
			...optionRows(ctx, survey.id, id, 'option', input.options),
			...optionRows(ctx, survey.id, id, 'row', input.rows),
			...optionRows(ctx, survey.id, id, 'column', input.columns)
		];
		if (rows.length > 0) await trx.insertInto('survey_option').values(rows).execute();
		await audited(trx, ctx, 'survey.questions_changed', survey.id, { added: id });
		return id;
	});
}

/**
 * Changes a question. Options keep their ids by position (a condition on them stays valid);
 * extra lines become new options, missing lines remove options unless a condition uses them.
 */
export async function updateQuestion(
	ctx: SurveyContext,
	surveyId: string,
	questionId: string,
	input: QuestionInput
) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	await ctx.db.transaction().execute(async (trx) => {
		const survey = await lockForBuilding(trx, ctx, surveyId);
		const questions = await loadQuestions(trx, ctx, survey.id);
		const question = questions.find((q) => q.id === questionId);
		if (!question) throw notFound();
		checkCondition(questions, question.position, input.condition);
		const used = new Set(
			questions
				.filter((q) => q.condition?.questionId === question.id)
				.map((q) => q.condition!.optionId)
		);
		if (used.size > 0 && input.kind !== 'single' && input.kind !== 'multiple') {
			throw new AppError('conflict', 'survey.builder.questionInUse', {
				fields: { kind: 'survey.builder.questionInUse' }
			});
		}
		await trx
			.updateTable('survey_question')
			.set(questionColumns(input))
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', question.id)
			.execute();
		const sync = async (
			kind: 'option' | 'row' | 'column',
			existing: QuestionDef['options'],
			labels: string[]
		) => {
			for (const [i, option] of existing.entries()) {
				if (i < labels.length) {
					if (option.label !== labels[i]) {
						await trx
							.updateTable('survey_option')
							.set({ label: labels[i]! })
							.where('id', '=', option.id)
							.where('question_id', '=', question.id)
							.execute();
					}
				} else {
					if (used.has(option.id)) {
						throw new AppError('conflict', 'survey.builder.optionInUse', {
							fields: { options: 'survey.builder.optionInUse' }
						});
					}
					await trx
						.deleteFrom('survey_option')
						.where('id', '=', option.id)
						.where('question_id', '=', question.id)
						.execute();
				}
			}
			const extra = labels.slice(existing.length);
			if (extra.length > 0) {
				await trx
					.insertInto('survey_option')
					.values(optionRows(ctx, survey.id, question.id, kind, extra, existing.length))
					.execute();
			}
		};
		await sync('option', question.options, input.options);
		await sync('row', question.rows, input.rows);
		await sync('column', question.columns, input.columns);
		await audited(trx, ctx, 'survey.questions_changed', survey.id, { changed: question.id });
	});
}

export async function moveQuestion(
	ctx: SurveyContext,
	surveyId: string,
	questionId: string,
	direction: 'up' | 'down'
) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	await ctx.db.transaction().execute(async (trx) => {
		const survey = await lockForBuilding(trx, ctx, surveyId);
		const questions = await loadQuestions(trx, ctx, survey.id);
		const index = questions.findIndex((q) => q.id === questionId);
		if (index < 0) throw notFound();
		const otherIndex = direction === 'up' ? index - 1 : index + 1;
		const question = questions[index]!;
		const other = questions[otherIndex];
		if (!other) return;
		const [first, second] = direction === 'up' ? [other, question] : [question, other];
		// the later one may not depend on the earlier one, or it would come before its condition
		if (second.condition?.questionId === first.id) {
			throw new AppError('conflict', 'survey.builder.conditionOrder');
		}
		await trx
			.updateTable('survey_question')
			.set({ position: other.position })
			.where('id', '=', question.id)
			.execute();
		await trx
			.updateTable('survey_question')
			.set({ position: question.position })
			.where('id', '=', other.id)
			.execute();
		await audited(trx, ctx, 'survey.questions_changed', survey.id, { moved: question.id });
	});
}

export async function deleteQuestion(ctx: SurveyContext, surveyId: string, questionId: string) {
	authorise(ctx.actor, canManageSurveys(ctx.actor));
	await ctx.db.transaction().execute(async (trx) => {
		const survey = await lockForBuilding(trx, ctx, surveyId);
		const questions = await loadQuestions(trx, ctx, survey.id);
		const question = questions.find((q) => q.id === questionId);
		if (!question) throw notFound();
		if (questions.some((q) => q.condition?.questionId === question.id)) {
			throw new AppError('conflict', 'survey.builder.questionInUse');
		}
		await trx
			.deleteFrom('survey_question')
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', question.id)
			.execute();
		await audited(trx, ctx, 'survey.questions_changed', survey.id, { deleted: question.id });
	});
}

// --- answering ------------------------------------------------------------------------------

/**
 * What stops a signed-in person from answering an anonymous survey twice, without linking the
 * response to them: a hash of survey and person, kept in a table that names no response.
 */
export function participationMarker(surveyId: string, personId: string): string {
	return createHash('sha256').update(`survey-participation:${surveyId}:${personId}`).digest('hex');
}

export interface ResponseOptions {
	/** the browser already carries this survey's answered-cookie */
	browserAnswered?: boolean;
	/** anonymous surveys: what the respondent chose to say about themselves */
	targetGroup?: string;
	municipality?: string;
}

const isUniqueViolation = (e: unknown) =>
	typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

/** Stores a response; throws `invalid` with a message per question field (`q-<id>`). */
export async function submitResponse(
	ctx: SurveyContext,
	surveyId: string,
	raw: RawAnswers,
	options: ResponseOptions = {}
): Promise<{ responseId: string }> {
	const survey = await loadSurvey(ctx.db, ctx, surveyId);
	if (survey.status !== 'open') throw new AppError('conflict', 'survey.notOpen');
	authorise(ctx.actor, canRespond(ctx.actor, survey));
	if (!survey.linked && survey.one_per_browser && options.browserAnswered) {
		throw new AppError('conflict', 'survey.alreadyAnswered');
	}
	const questions = await loadQuestions(ctx.db, ctx, survey.id);
	const checked = validateAnswers(questions, raw);
	const fields: Record<string, string> = {};
	if (!checked.ok) {
		for (const [id, key] of Object.entries(checked.errors)) fields[`q-${id}`] = key;
	}
	let targetGroupId: string | null = null;
	let municipalityId: string | null = null;
	if (survey.linked) {
		const person = await ctx.db
			.selectFrom('person')
			.select(['target_group_id', 'municipality_id'])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', ctx.actor.person!.id)
			.executeTakeFirstOrThrow();
		targetGroupId = person.target_group_id;
		municipalityId = person.municipality_id;
	} else if (options.targetGroup || options.municipality) {
		const choices = await listProfileChoices(ctx);
		if (options.targetGroup) {
			targetGroupId = choices.groups.find((g) => g.key === options.targetGroup)?.id ?? null;
			if (!targetGroupId) fields.targetGroup = 'survey.targetGroup.invalid';
		}
		if (options.municipality) {
			municipalityId =
				choices.municipalities.find((m) => m.slug === options.municipality)?.id ?? null;
			if (!municipalityId) fields.municipality = 'survey.municipality.invalid';
		}
	}
	if (Object.keys(fields).length > 0 || !checked.ok) {
		throw new AppError('invalid', 'survey.answer.errors', { fields });
	}
	if (!survey.linked) {
		const wait = await hit(ctx.db, ANONYMOUS_LIMIT, `${survey.id}:${ctx.meta.ip}`);
		if (wait > 0) throw new AppError('rate_limited', 'survey.rateLimited', { retryAfter: wait });
	}
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			// the survey row, shared: the builder cannot change questions meanwhile, and the
			// survey cannot have closed in between
			const still = await trx
				.selectFrom('survey')
				.select(STATUS.as('status'))
				.where('id', '=', survey.id)
				.forShare()
				.executeTakeFirstOrThrow();
			if (still.status !== 'open') throw new AppError('conflict', 'survey.notOpen');
			if (!survey.linked && isSignedIn(ctx.actor)) {
				await trx
					.insertInto('survey_participation')
					.values({
						region_id: ctx.region.id,
						survey_id: survey.id,
						marker: participationMarker(survey.id, ctx.actor.person.id)
					})
					.execute();
			}
			const { id } = await trx
				.insertInto('survey_response')
				.values({
					region_id: ctx.region.id,
					survey_id: survey.id,
					linked: survey.linked,
					person_id: survey.linked ? ctx.actor.person!.id : null,
					target_group_id: targetGroupId,
					municipality_id: municipalityId,
					// anonymous: only the day, so the time cannot be matched with anything else
					created_at: survey.linked ? sql`now()` : sql`date_trunc('day', now())`
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			if (checked.ok && checked.answers.length > 0) {
				await trx
					.insertInto('survey_answer')
					.values(
						checked.answers.map((a) => ({
							region_id: ctx.region.id,
							survey_id: survey.id,
							response_id: id,
							question_id: a.questionId,
							option_id: a.optionId,
							value: a.value,
							text: a.text,
							target_group_id: targetGroupId,
							municipality_id: municipalityId
						}))
					)
					.execute();
			}
			return { responseId: id };
		});
	} catch (caught) {
		if (isUniqueViolation(caught)) throw new AppError('conflict', 'survey.alreadyAnswered');
		throw caught;
	}
}

// --- results --------------------------------------------------------------------------------

export interface ResultFilter {
	targetGroup?: string;
	municipality?: string;
	page?: number;
}

interface Count {
	option_id: string | null;
	value: number | null;
	n: number;
}

function summarise(q: QuestionDef, counts: Count[]) {
	const total = counts.reduce((a, c) => a + c.n, 0);
	const byOption = (id: string) =>
		counts.filter((c) => c.option_id === id).reduce((a, c) => a + c.n, 0);
	switch (q.kind) {
		case 'single':
		case 'multiple':
			return {
				kind: q.kind,
				answered: total,
				bars: q.options.map((o) => ({ label: o.label, value: byOption(o.id) }))
			};
		case 'scale': {
			const min = q.scaleMin ?? 1;
			const max = q.scaleMax ?? 5;
			const bars: { label: string; value: number }[] = [];
			let sum = 0;
			for (let v = min; v <= max; v++) {
				const n = counts.filter((c) => c.value === v).reduce((a, c) => a + c.n, 0);
				sum += v * n;
				const label =
					v === min && q.labelMin
						? `${v} – ${q.labelMin}`
						: v === max && q.labelMax
							? `${v} – ${q.labelMax}`
							: String(v);
				bars.push({ label, value: n });
			}
			return { kind: q.kind, answered: total, bars, mean: total > 0 ? sum / total : null };
		}
		case 'text':
			return { kind: q.kind, answered: total };
		case 'ranking': {
			const k = q.options.length;
			const ranked = q.options.map((o) => {
				const mine = counts.filter((c) => c.option_id === o.id);
				const n = mine.reduce((a, c) => a + c.n, 0);
				const rankSum = mine.reduce((a, c) => a + (c.value ?? 0) * c.n, 0);
				// Borda: first place k points … last place 1 point
				const borda = mine.reduce((a, c) => a + (k + 1 - (c.value ?? k)) * c.n, 0);
				return { label: o.label, averageRank: n > 0 ? rankSum / n : null, borda };
			});
			ranked.sort((a, b) => (a.averageRank ?? Infinity) - (b.averageRank ?? Infinity));
			// every ranking response ranks every option once
			return { kind: q.kind, answered: k > 0 ? total / k : 0, ranked };
		}
		case 'matrix': {
			const rows = q.rows.map((r) => ({
				label: r.label,
				cells: q.columns.map((_, i) =>
					counts.filter((c) => c.option_id === r.id && c.value === i).reduce((a, c) => a + c.n, 0)
				)
			}));
			return {
				kind: q.kind,
				answered: Math.max(0, ...rows.map((r) => r.cells.reduce((a, b) => a + b, 0))),
				columns: q.columns.map((c) => c.label),
				rows
			};
		}
	}
}

export type QuestionResult = ReturnType<typeof summarise>;

/** Up to this many places in the region the results filter is a list; beyond, people type the place's name. */
export const RESULT_PLACES_MAX = 100;

/** The results page: per question a summary, summed in SQL from the tally. */
export async function getResults(ctx: SurveyContext, surveyId: string, filter: ResultFilter = {}) {
	const { survey, questions } = await loadSurveyWithQuestions(ctx.db, ctx, surveyId);
	const view = surveyView(ctx, survey);
	if (!view.canSeeResults) throw new AppError('forbidden', 'survey.resultsHidden');
	const placeInput = ctx.region.municipalityCount > RESULT_PLACES_MAX;
	// the region's target groups and places for the filter, in one statement: the place
	// filter is a list of the region's places, or beyond RESULT_PLACES_MAX a text field, and
	// then only the place typed is looked up
	const {
		rows: [choices]
	} = await sql<{
		groups: { id: string; key: string; name: Localised }[];
		places: { id: string; slug: string; name: string }[];
	}>`
		select
			coalesce((
				select json_agg(json_build_object('id', id, 'key', key, 'name', name) order by position)
				from target_group where region_id = ${ctx.region.id}), '[]') as groups,
			coalesce((
				select json_agg(json_build_object('id', id, 'slug', slug, 'name', name) order by name)
				from municipality where region_id = ${ctx.region.id}
					${placeInput ? sql`and slug = ${filter.municipality ?? ''}` : sql``}), '[]') as places
	`.execute(ctx.db);
	const { groups, places } = choices!;
	const group = groups.find((g) => g.key === filter.targetGroup);
	const place = places.find((m) => m.slug === filter.municipality);
	const page = Math.max(1, filter.page ?? 1);
	const readText = canReadFreeText(ctx.actor) && questions.some((q) => q.kind === 'text');
	// the whole survey, each target group and each municipality have their own rows; both
	// filters together read the detailed ones (scope 0)
	const scope = group && place ? 0 : group ? 2 : place ? 3 : 1;
	const [tally, texts] = await Promise.all([
		// the number of respondents, from the running counts at the same scope, comes in the
		// same statement: the row without a question
		sql<{ question_id: string | null; option_id: string | null; value: number | null; n: number }>`
			select question_id, option_id, value, sum(n)::int as n
			from survey_tally
			where survey_id = ${survey.id} and scope = ${scope}
				${group ? sql`and target_group_id = ${group.id}` : sql``}
				${place ? sql`and municipality_id = ${place.id}` : sql``}
			group by question_id, option_id, value
			union all
			select null, null, null, n
			from survey_respondent_count
			where survey_id = ${survey.id} and scope = ${scope}
				and target_group_id ${group ? sql`= ${group.id}` : sql`is null`}
				and municipality_id ${place ? sql`= ${place.id}` : sql`is null`}`
			.execute(ctx.db)
			.then((r) => r.rows),
		readText
			? sql<{ question_id: string; text: string; total: number }>`
				select question_id, text, total::int from (
					select a.question_id, a.text,
						row_number() over (partition by a.question_id order by a.response_id) as rn,
						count(*) over (partition by a.question_id) as total
					from survey_answer a
					where a.survey_id = ${survey.id} and a.region_id = ${ctx.region.id}
						and a.text is not null
						${group ? sql`and a.target_group_id = ${group.id}` : sql``}
						${place ? sql`and a.municipality_id = ${place.id}` : sql``}
				) t
				where rn > ${(page - 1) * FREE_TEXT_PAGE} and rn <= ${page * FREE_TEXT_PAGE}
				order by question_id, rn`
					.execute(ctx.db)
					.then((r) => r.rows)
			: Promise.resolve([])
	]);
	return {
		survey: view,
		respondents: tally.find((t) => t.question_id === null)?.n ?? 0,
		filter: { targetGroup: group?.key ?? null, municipality: place?.slug ?? null, page },
		choices: {
			groups: groups.map((g) => ({ key: g.key, name: g.name })),
			// the places to choose from, or none when people type the name (too many for a list)
			municipalities: placeInput ? [] : places.map((m) => ({ slug: m.slug, name: m.name })),
			placeInput,
			chosenPlace: place?.name ?? ''
		},
		freeTextVisible: canReadFreeText(ctx.actor),
		questions: questions.map((q) => {
			const texts_ = texts.filter((t) => t.question_id === q.id);
			return {
				id: q.id,
				position: q.position,
				text: q.text,
				condition: q.condition,
				result: summarise(
					q,
					tally.filter((t) => t.question_id === q.id)
				),
				texts: texts_.map((t) => t.text),
				textPages: Math.ceil((texts_[0]?.total ?? 0) / FREE_TEXT_PAGE)
			};
		})
	};
}

/**
 * All responses as CSV for a spreadsheet: one row per response, one column per question (per
 * option for multiple choice and ranking, per row for a matrix). Free text only for moderators.
 * UTF-8 with a byte order mark, so that Excel reads the umlauts.
 */
export async function responsesCsv(ctx: SurveyContext, surveyId: string): Promise<string> {
	const survey = await loadSurvey(ctx.db, ctx, surveyId);
	const view = surveyView(ctx, survey);
	if (!view.canSeeResults) throw new AppError('forbidden', 'survey.resultsHidden');
	const questions = await loadQuestions(ctx.db, ctx, survey.id);
	const withText = canReadFreeText(ctx.actor);
	const rows = await ctx.db
		.selectFrom('survey_response as r')
		.leftJoin('target_group as g', 'g.id', 'r.target_group_id')
		.leftJoin('municipality as m', 'm.id', 'r.municipality_id')
		.select([
			'r.id',
			sql<string>`to_char(r.created_at at time zone 'Europe/Berlin', 'YYYY-MM-DD')`.as('day'),
			'g.key as target_group',
			'm.slug as municipality',
			sql<{ q: string; o: string | null; v: number | null; t: string | null }[]>`coalesce((
				select json_agg(json_build_object('q', a.question_id, 'o', a.option_id, 'v', a.value, 't', a.text))
				from survey_answer a where a.response_id = r.id), '[]')`.as('answers')
		])
		.where('r.region_id', '=', ctx.region.id)
		.where('r.survey_id', '=', survey.id)
		.orderBy('r.created_at')
		.orderBy('r.id')
		.execute();
	type Column = {
		header: string;
		cell: (a: (typeof rows)[number]['answers']) => string | number | null;
	};
	const columns: Column[] = [];
	for (const q of questions) {
		const head = `${q.position + 1}. ${q.text}`;
		const mine = (answers: (typeof rows)[number]['answers']) => answers.filter((a) => a.q === q.id);
		switch (q.kind as SurveyQuestionKind) {
			case 'single':
				columns.push({
					header: head,
					cell: (a) => q.options.find((o) => o.id === mine(a)[0]?.o)?.label ?? null
				});
				break;
			case 'multiple':
				for (const o of q.options) {
					columns.push({
						header: `${head}: ${o.label}`,
						cell: (a) => (mine(a).length === 0 ? null : mine(a).some((x) => x.o === o.id) ? 1 : 0)
					});
				}
				break;
			case 'scale':
				columns.push({ header: head, cell: (a) => mine(a)[0]?.v ?? null });
				break;
			case 'text':
				if (withText) columns.push({ header: head, cell: (a) => mine(a)[0]?.t ?? null });
				break;
			case 'ranking':
				for (const o of q.options) {
					columns.push({
						header: `${head}: ${o.label}`,
						cell: (a) => mine(a).find((x) => x.o === o.id)?.v ?? null
					});
				}
				break;
			case 'matrix':
				for (const r of q.rows) {
					columns.push({
						header: `${head}: ${r.label}`,
						cell: (a) => {
							const v = mine(a).find((x) => x.o === r.id)?.v;
							return v === undefined || v === null ? null : (q.columns[v]?.label ?? null);
						}
					});
				}
				break;
		}
	}
	let csv =
		'\uFEFF' +
		csvLine(['response', 'date', 'target_group', 'municipality', ...columns.map((c) => c.header)]);
	rows.forEach((row, i) => {
		csv += csvLine([
			i + 1,
			row.day,
			row.target_group,
			row.municipality,
			...columns.map((c) => c.cell(row.answers))
		]);
	});
	return csv;
}

/**
 * A person's responses to linked surveys, for the account export (anonymous responses name
 * nobody and cannot be found). Deleting the account deletes them (foreign key cascade).
 */
export async function exportSurveyResponses(db: DB, regionId: string, personId: string) {
	const rows = await db
		.selectFrom('survey_response as r')
		.innerJoin('survey as s', 's.id', 'r.survey_id')
		.select([
			's.title as survey',
			'r.created_at',
			sql<{ question: string; option: string | null; value: number | null; text: string | null }[]>`
				coalesce((select json_agg(json_build_object('question', q.text, 'option', o.label,
					'value', a.value, 'text', a.text) order by q.position, o.position)
				from survey_answer a
				join survey_question q on q.id = a.question_id
				left join survey_option o on o.id = a.option_id
				where a.response_id = r.id), '[]')`.as('answers')
		])
		.where('r.region_id', '=', regionId)
		.where('r.person_id', '=', personId)
		.orderBy('r.created_at')
		.execute();
	return rows.map((r) => ({
		survey: r.survey,
		answeredAt: r.created_at.toISOString(),
		answers: r.answers
	}));
}
