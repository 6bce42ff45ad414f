/**
 * Participation processes: a region's processes, each with phases on one timeline (see
 * phases.ts). The current phase of the process that covers a topic field governs what
 * participants may do there: `currentSwitches` is the one place the other capabilities ask.
 * Without a running process for the field, everything stays open (to verified people).
 * Later, a phase may point to a survey or a prioritisation round; the timeline is built so
 * that such a column can be added to process_phase without changing the rules here.
 */
import { sql } from 'kysely';
import { PREPARED, type DB } from '../db/database.ts';
import type { RegionContext } from '../region/region.service.ts';
import { slugify } from '../region/region-import.service.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import {
	currentPhase,
	phaseEnd,
	phasesFromTemplate,
	timelineProblems,
	type Phase,
	type PhaseKind,
	type ProcessStatus,
	type Switch,
	type Switches,
	type TemplateKey
} from './phases.ts';
import {
	berlinMidnight,
	type CreateProcessInput,
	type UpdateProcessInput
} from './process.schema.ts';
import { bypassesPhase, canManageProcess } from './process.policy.ts';

export interface ProcessContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string };
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type PhaseRow = {
	process_id: string;
	kind: PhaseKind;
	starts_at: Date;
	ends_at: Date | null;
} & Switches;

function toPhase(row: PhaseRow): Phase {
	return {
		kind: row.kind,
		startsAt: row.starts_at,
		endsAt: row.ends_at,
		contributing: row.contributing,
		commenting: row.commenting,
		supporting: row.supporting,
		voting: row.voting,
		results: row.results
	};
}

async function phasesOf(db: DB, regionId: string, processIds: string[]) {
	if (processIds.length === 0) return new Map<string, Phase[]>();
	const rows = await db
		.selectFrom('process_phase')
		.select([
			'process_id',
			'kind',
			'starts_at',
			'ends_at',
			'contributing',
			'commenting',
			'supporting',
			'voting',
			'results'
		])
		.where('region_id', '=', regionId)
		.where('process_id', 'in', processIds)
		.orderBy('process_id')
		.orderBy('position')
		.execute();
	const byProcess = new Map<string, Phase[]>();
	for (const row of rows) {
		const list = byProcess.get(row.process_id) ?? [];
		list.push(toPhase(row));
		byProcess.set(row.process_id, list);
	}
	return byProcess;
}

/** The phases for pages and JSON: ISO dates, the end each phase really has, current marked. */
function timeline(phases: Phase[], now: Date) {
	const { index, status } = currentPhase(phases, now);
	return {
		status,
		currentIndex: index,
		phases: phases.map((p, i) => ({
			kind: p.kind,
			startsAt: p.startsAt.toISOString(),
			endsAt: phaseEnd(phases, i)?.toISOString() ?? null,
			current: i === index,
			contributing: p.contributing,
			commenting: p.commenting,
			supporting: p.supporting,
			voting: p.voting,
			results: p.results
		}))
	};
}

export interface GoverningPhase {
	process: { slug: string; title: string };
	kind: PhaseKind;
	endsAt: string | null;
	switches: Switches;
}

/**
 * What the current phase allows in a topic field, or null when no process covers the field
 * right now (then the usual rules apply). With several, the most recently started phase wins.
 */
export async function currentSwitches(
	db: DB,
	regionId: string,
	topicFieldId: string | null,
	now = new Date()
): Promise<GoverningPhase | null> {
	if (!topicFieldId) return null;
	const rows = await db
		.selectFrom('process_phase')
		.modifyFront(PREPARED)
		.innerJoin('participation_process as p', 'p.id', 'process_phase.process_id')
		.select([
			'process_phase.process_id',
			'p.slug',
			'p.title',
			'process_phase.kind',
			'process_phase.starts_at',
			'process_phase.ends_at',
			'process_phase.contributing',
			'process_phase.commenting',
			'process_phase.supporting',
			'process_phase.voting',
			'process_phase.results'
		])
		.where('p.region_id', '=', regionId)
		.where('p.topic_field_id', '=', topicFieldId)
		.orderBy('process_phase.process_id')
		.orderBy('process_phase.position')
		.execute();
	let best: (GoverningPhase & { startsAt: number }) | null = null;
	const byProcess = new Map<string, typeof rows>();
	for (const row of rows)
		byProcess.set(row.process_id, [...(byProcess.get(row.process_id) ?? []), row]);
	for (const list of byProcess.values()) {
		const phases = list.map(toPhase);
		const { index } = currentPhase(phases, now);
		if (index === null) continue;
		const phase = phases[index]!;
		if (best && best.startsAt >= phase.startsAt.getTime()) continue;
		best = {
			process: { slug: list[0]!.slug, title: list[0]!.title },
			kind: phase.kind,
			endsAt: phaseEnd(phases, index)?.toISOString() ?? null,
			switches: {
				contributing: phase.contributing,
				commenting: phase.commenting,
				supporting: phase.supporting,
				voting: phase.voting,
				results: phase.results
			},
			startsAt: phase.startsAt.getTime()
		};
	}
	if (!best) return null;
	return { process: best.process, kind: best.kind, endsAt: best.endsAt, switches: best.switches };
}

/** Refuses (409, with a message saying why) what the current phase does not allow. */
export async function requirePhaseAllows(
	db: DB,
	actor: Actor,
	regionId: string,
	topicFieldId: string | null,
	what: Exclude<Switch, 'results'>
): Promise<void> {
	if (bypassesPhase(actor)) return;
	const governing = await currentSwitches(db, regionId, topicFieldId);
	if (governing && !governing.switches[what]) {
		throw new AppError('conflict', `process.closed.${what}`);
	}
}

/** Whether results may be shown now (the phase may hide them while it runs). */
export async function phaseShowsResults(
	db: DB,
	actor: Actor,
	regionId: string,
	topicFieldId: string | null
): Promise<boolean> {
	if (bypassesPhase(actor)) return true;
	const governing = await currentSwitches(db, regionId, topicFieldId);
	return !governing || governing.switches.results;
}

function fieldId(ctx: ProcessContext, key: string | null): string | null {
	if (!key) return null;
	const field = ctx.region.topicFields.find((f) => f.key === key);
	if (!field) {
		throw new AppError('invalid', 'process.topicField.invalid', {
			fields: { topicField: 'process.topicField.invalid' }
		});
	}
	return field.id;
}

function checkTimeline(phases: Phase[]) {
	const problems = timelineProblems(phases);
	if (problems.length > 0) {
		const fields: Record<string, string> = {};
		for (const p of problems) {
			const name =
				p.index < 0 ? '_form' : `phase-${p.index}-${p.key.endsWith('order') ? 'start' : 'end'}`;
			fields[name] ??= p.key;
		}
		throw new AppError('invalid', problems[0]!.key, { fields });
	}
}

async function insertPhases(
	trx: DB,
	regionId: string,
	processId: string,
	phases: Phase[]
): Promise<void> {
	await trx
		.insertInto('process_phase')
		.values(
			phases.map((p, position) => ({
				region_id: regionId,
				process_id: processId,
				position,
				kind: p.kind,
				starts_at: p.startsAt,
				ends_at: p.endsAt,
				contributing: p.contributing,
				commenting: p.commenting,
				supporting: p.supporting,
				voting: p.voting,
				results: p.results
			}))
		)
		.execute();
}

/** Creates a process from a template, its phases computed from the start date. */
export async function createProcess(
	ctx: ProcessContext,
	input: CreateProcessInput
): Promise<string> {
	authorise(ctx.actor, canManageProcess(ctx.actor));
	const topicFieldId = fieldId(ctx, input.topicField);
	const phases = phasesFromTemplate(input.template as TemplateKey, berlinMidnight(input.start));
	checkTimeline(phases);
	const base = slugify(input.title).slice(0, 80).replace(/-+$/, '') || 'prozess';
	return ctx.db.transaction().execute(async (trx) => {
		// one creation at a time per region picks the slug
		await sql`select pg_advisory_xact_lock(hashtext(${`process-slug:${ctx.region.id}`}))`.execute(
			trx
		);
		const taken = new Set(
			(
				await trx
					.selectFrom('participation_process')
					.select('slug')
					.where('region_id', '=', ctx.region.id)
					.where('slug', 'like', `${base}%`)
					.execute()
			).map((r) => r.slug)
		);
		let slug = base;
		for (let n = 2; taken.has(slug) || slug === 'neu'; n++) slug = `${base}-${n}`;
		const { id } = await trx
			.insertInto('participation_process')
			.values({
				region_id: ctx.region.id,
				slug,
				title: input.title,
				description: input.description,
				description_html: renderMarkdown(input.description),
				topic_field_id: topicFieldId,
				created_by: ctx.actor.person?.id ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await insertPhases(trx, ctx.region.id, id, phases);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'process.created',
			targetType: 'participation_process',
			targetId: id,
			ip: ctx.meta.ip,
			details: { slug, template: input.template }
		});
		return slug;
	});
}

/** Replaces title, description, field and the whole timeline of a process at once. */
export async function updateProcess(
	ctx: ProcessContext,
	slug: string,
	input: UpdateProcessInput
): Promise<void> {
	authorise(ctx.actor, canManageProcess(ctx.actor));
	const topicFieldId = fieldId(ctx, input.topicField);
	checkTimeline(input.phases);
	await ctx.db.transaction().execute(async (trx) => {
		const process = await trx
			.selectFrom('participation_process')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('slug', '=', SLUG.test(slug) ? slug : '')
			.forUpdate()
			.executeTakeFirst();
		if (!process) throw new AppError('not_found', 'error.404.title');
		await trx
			.updateTable('participation_process')
			.set({
				title: input.title,
				description: input.description,
				description_html: renderMarkdown(input.description),
				topic_field_id: topicFieldId,
				updated_at: sql`now()`
			})
			.where('id', '=', process.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await trx
			.deleteFrom('process_phase')
			.where('process_id', '=', process.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await insertPhases(trx, ctx.region.id, process.id, input.phases);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'process.updated',
			targetType: 'participation_process',
			targetId: process.id,
			ip: ctx.meta.ip,
			details: { phases: input.phases.map((p) => p.kind) }
		});
	});
}

export type ProcessSummary = Awaited<ReturnType<typeof listProcesses>>[number];

/** All processes of the region with their timelines, for the list and the JSON. */
export async function listProcesses(ctx: Pick<ProcessContext, 'db' | 'region'>, now = new Date()) {
	const rows = await ctx.db
		.selectFrom('participation_process as p')
		.leftJoin('topic_field', 'topic_field.id', 'p.topic_field_id')
		.select(['p.id', 'p.slug', 'p.title', 'p.description', 'topic_field.key as topic_field_key'])
		.where('p.region_id', '=', ctx.region.id)
		.orderBy('p.created_at', 'desc')
		.limit(200)
		.execute();
	const phases = await phasesOf(
		ctx.db,
		ctx.region.id,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({
		slug: r.slug,
		title: r.title,
		description: r.description,
		topicField: r.topic_field_key,
		...timeline(phases.get(r.id) ?? [], now)
	}));
}

export async function getProcess(ctx: ProcessContext, slug: string, now = new Date()) {
	if (!SLUG.test(slug)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.selectFrom('participation_process as p')
		.leftJoin('topic_field', 'topic_field.id', 'p.topic_field_id')
		.select([
			'p.id',
			'p.slug',
			'p.title',
			'p.description',
			'p.description_html',
			'p.topic_field_id',
			'topic_field.key as topic_field_key'
		])
		.where('p.region_id', '=', ctx.region.id)
		.where('p.slug', '=', slug)
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	const [phases, rounds] = await Promise.all([
		phasesOf(ctx.db, ctx.region.id, [row.id]),
		row.topic_field_id
			? ctx.db
					.selectFrom('prioritisation_round')
					.select(['id', 'title', 'method'])
					.where('region_id', '=', ctx.region.id)
					.where('topic_field_id', '=', row.topic_field_id)
					.orderBy('closes_at', 'desc')
					.limit(20)
					.execute()
			: Promise.resolve([])
	]);
	return {
		slug: row.slug,
		title: row.title,
		description: row.description,
		descriptionHtml: row.description_html,
		topicField: row.topic_field_key,
		rounds,
		canEdit: canManageProcess(ctx.actor),
		...timeline(phases.get(row.id) ?? [], now)
	};
}

export type ProcessStatusKey = ProcessStatus;
