/**
 * Prioritisation rounds with dot voting: moderators put a topic field's use cases up for
 * prioritisation; every verified participant distributes their points, at most a limit per
 * item; results are counted from the allocations. The database keeps the invariants: a
 * ballot's points_left cannot go below zero and an allocation cannot exceed the item limit,
 * and a submission replaces the person's allocations in one transaction with their ballot row
 * locked, so nothing is lost or counted twice, whatever arrives at the same time.
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import type { RegionContext } from '../region/region.service.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import type { CompareInput, CreateRoundInput } from './prioritisation.schema.ts';
import { currentSwitches, requirePhaseAllows } from '../process/process.service.ts';
import { nextPair, pairwiseRanking, type StoredComparison } from './pairwise.ts';
import { canCloseRound, canCreateRound, canSeeResults, canVote } from './prioritisation.policy.ts';

export interface PrioritisationContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createRound(
	ctx: PrioritisationContext,
	input: CreateRoundInput
): Promise<string> {
	authorise(ctx.actor, canCreateRound(ctx.actor));
	const field = ctx.region.topicFields.find((f) => f.key === input.topicField);
	if (!field) {
		throw new AppError('invalid', 'prioritisation.topicField.required', {
			fields: { topicField: 'prioritisation.topicField.required' }
		});
	}
	const useCases = await ctx.db
		.selectFrom('use_case')
		.select(['id', 'title'])
		.where('region_id', '=', ctx.region.id)
		.where('topic_field_id', '=', field.id)
		// what is done or given up is not prioritised any more
		.where('status', 'not in', ['implemented', 'discarded'])
		.orderBy('position')
		.execute();
	if (useCases.length < 2) {
		throw new AppError('invalid', 'prioritisation.topicField.tooFew', {
			fields: { topicField: 'prioritisation.topicField.tooFew' }
		});
	}
	return ctx.db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('prioritisation_round')
			.values({
				region_id: ctx.region.id,
				topic_field_id: field.id,
				title: input.title,
				description: input.description,
				points: input.points,
				max_per_item: input.maxPerItem,
				show_live_results: input.liveResults,
				method: input.method ?? 'dots',
				closes_at: sql<Date>`now() + make_interval(days => ${input.days})`,
				created_by: ctx.actor.person?.id ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('prioritisation_item')
			.values(
				useCases.map((u, position) => ({
					region_id: ctx.region.id,
					round_id: id,
					use_case_id: u.id,
					// items keep the use case's title as it was when the round opened
					title: (u.title as unknown as { de: string }).de,
					position
				}))
			)
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'prioritisation.round_created',
			targetType: 'prioritisation_round',
			targetId: id,
			ip: ctx.meta.ip
		});
		return id;
	});
}

export async function listRounds(ctx: PrioritisationContext) {
	const rows = await ctx.db
		.selectFrom('prioritisation_round')
		.leftJoin('topic_field', 'topic_field.id', 'prioritisation_round.topic_field_id')
		.select([
			'prioritisation_round.id',
			'prioritisation_round.title',
			'prioritisation_round.closes_at',
			'topic_field.name as topic_field_name',
			sql<boolean>`now() between prioritisation_round.opens_at and prioritisation_round.closes_at`.as(
				'open'
			),
			'prioritisation_round.method',
			sql<number>`case prioritisation_round.method
				when 'pairwise' then (select count(distinct c.person_id)::int from prioritisation_comparison c where c.round_id = prioritisation_round.id)
				else (select count(*)::int from prioritisation_ballot b where b.round_id = prioritisation_round.id and b.points_left < prioritisation_round.points) end`.as(
				'participants'
			)
		])
		.where('prioritisation_round.region_id', '=', ctx.region.id)
		.orderBy('prioritisation_round.closes_at', 'desc')
		.limit(100)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		closesAt: r.closes_at.toISOString(),
		topicField: r.topic_field_name,
		open: r.open,
		method: r.method,
		participants: r.participants
	}));
}

async function loadRound(ctx: PrioritisationContext, id: string) {
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const round = await ctx.db
		.selectFrom('prioritisation_round')
		.selectAll()
		.select(sql<boolean>`now() between opens_at and closes_at`.as('open'))
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', id)
		.executeTakeFirst();
	if (!round) throw new AppError('not_found', 'error.404.title');
	return round;
}

export async function getRound(ctx: PrioritisationContext, id: string) {
	const round = await loadRound(ctx, id);
	const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
	const pairwise = round.method === 'pairwise';
	const [items, mine, participants, comparisons, governing] = await Promise.all([
		ctx.db
			.selectFrom('prioritisation_item')
			.leftJoin('use_case', 'use_case.id', 'prioritisation_item.use_case_id')
			.select([
				'prioritisation_item.id',
				'prioritisation_item.title',
				'use_case.key as use_case_key',
				sql<number>`coalesce((select sum(a.points)::int from prioritisation_allocation a where a.item_id = prioritisation_item.id), 0)`.as(
					'total'
				),
				sql<number>`(select count(*)::int from prioritisation_allocation a where a.item_id = prioritisation_item.id)`.as(
					'voters'
				)
			])
			.where('prioritisation_item.region_id', '=', ctx.region.id)
			.where('prioritisation_item.round_id', '=', round.id)
			.orderBy('prioritisation_item.position')
			.execute(),
		personId
			? ctx.db
					.selectFrom('prioritisation_allocation')
					.select(['item_id', 'points'])
					.where('round_id', '=', round.id)
					.where('person_id', '=', personId)
					.execute()
			: Promise.resolve([]),
		ctx.db
			.selectFrom('prioritisation_ballot')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('round_id', '=', round.id)
			.where('points_left', '<', round.points)
			.executeTakeFirstOrThrow(),
		pairwise
			? ctx.db
					.selectFrom('prioritisation_comparison')
					.select(['item_low', 'item_high', 'winner_id', 'person_id'])
					.where('region_id', '=', ctx.region.id)
					.where('round_id', '=', round.id)
					.execute()
			: Promise.resolve([] as StoredComparison[]),
		round.open
			? currentSwitches(ctx.db, ctx.region.id, round.topic_field_id)
			: Promise.resolve(null)
	]);
	// while the round runs, the current phase of the field's process may close voting or
	// hide results (moderators are not bound by the phase)
	const phaseVoting = !governing || governing.switches.voting || isModerator(ctx.actor);
	const showResults =
		canSeeResults(ctx.actor, { open: round.open, showLiveResults: round.show_live_results }) &&
		(!governing || governing.switches.results || isModerator(ctx.actor));
	const pairItems = items.map((item, position) => ({ id: item.id, title: item.title, position }));
	const myComparisons = comparisons.filter((c) => c.person_id === personId);
	const pair = pairwise && personId ? nextPair(pairItems, comparisons, personId) : null;
	const myPoints = new Map(mine.map((m) => [m.item_id, m.points]));
	return {
		id: round.id,
		title: round.title,
		description: round.description,
		points: round.points,
		maxPerItem: round.max_per_item,
		open: round.open,
		closesAt: round.closes_at.toISOString(),
		method: round.method,
		canVote: round.open && canVote(ctx.actor) && phaseVoting,
		votingClosedByPhase: round.open && canVote(ctx.actor) && !phaseVoting ? governing : null,
		canClose: round.open && canCloseRound(ctx.actor),
		showResults,
		participants: pairwise ? new Set(comparisons.map((c) => c.person_id)).size : participants.n,
		pairwise: pairwise
			? {
					pair: pair ? { a: pair[0], b: pair[1] } : null,
					done: myComparisons.length,
					total: (items.length * (items.length - 1)) / 2,
					mine: myComparisons.map((c) => ({
						low: c.item_low,
						high: c.item_high,
						winner: c.winner_id
					})),
					ranking: showResults ? pairwiseRanking(pairItems, comparisons) : []
				}
			: null,
		used: [...myPoints.values()].reduce((a, b) => a + b, 0),
		items: items.map((item) => ({
			id: item.id,
			title: item.title,
			useCaseKey: item.use_case_key,
			mine: myPoints.get(item.id) ?? 0,
			total: showResults ? item.total : null,
			voters: showResults ? item.voters : null
		}))
	};
}

/** Replaces the person's points in the round by the given ballot (item id → points). */
export async function vote(
	ctx: PrioritisationContext,
	roundId: string,
	ballot: Map<string, number>
): Promise<void> {
	authorise(ctx.actor, canVote(ctx.actor));
	if (!isSignedIn(ctx.actor)) return;
	const personId = ctx.actor.person.id;
	const round = await loadRound(ctx, roundId);
	if (!round.open) throw new AppError('conflict', 'prioritisation.closed');
	if (round.method !== 'dots') throw new AppError('invalid', 'prioritisation.wrongMethod');
	await requirePhaseAllows(ctx.db, ctx.actor, ctx.region.id, round.topic_field_id, 'voting');
	// every key must be an item id (a crafted form could send anything)
	if ([...ballot.keys()].some((id) => !UUID.test(id))) {
		throw new AppError('invalid', 'prioritisation.unknownItem');
	}
	const total = [...ballot.values()].reduce((a, b) => a + b, 0);
	if (total > round.points) {
		throw new AppError('invalid', 'prioritisation.tooManyPoints');
	}
	if ([...ballot.values()].some((p) => p > round.max_per_item)) {
		throw new AppError('invalid', 'prioritisation.tooManyOnItem');
	}
	await ctx.db.transaction().execute(async (trx) => {
		// the ballot row is the lock: one submission per person at a time
		await trx
			.insertInto('prioritisation_ballot')
			.values({
				region_id: ctx.region.id,
				round_id: round.id,
				person_id: personId,
				points_left: round.points
			})
			.onConflict((oc) => oc.columns(['round_id', 'person_id']).doNothing())
			.execute();
		await trx
			.selectFrom('prioritisation_ballot')
			.select('points_left')
			.where('round_id', '=', round.id)
			.where('person_id', '=', personId)
			.forUpdate()
			.executeTakeFirstOrThrow();
		// the round may have closed while we waited
		const stillOpen = await trx
			.selectFrom('prioritisation_round')
			.select(sql<boolean>`now() between opens_at and closes_at`.as('open'))
			.where('id', '=', round.id)
			.executeTakeFirstOrThrow();
		if (!stillOpen.open) throw new AppError('conflict', 'prioritisation.closed');
		await trx
			.deleteFrom('prioritisation_allocation')
			.where('round_id', '=', round.id)
			.where('person_id', '=', personId)
			.execute();
		if (ballot.size > 0) {
			const items = await trx
				.selectFrom('prioritisation_item')
				.select('id')
				.where('round_id', '=', round.id)
				.where('id', 'in', [...ballot.keys()])
				.execute();
			if (items.length !== ballot.size) throw new AppError('invalid', 'prioritisation.unknownItem');
			await trx
				.insertInto('prioritisation_allocation')
				.values(
					[...ballot].map(([itemId, points]) => ({
						region_id: ctx.region.id,
						round_id: round.id,
						item_id: itemId,
						person_id: personId,
						points,
						max_points: round.max_per_item
					}))
				)
				.execute();
		}
		await trx
			.updateTable('prioritisation_ballot')
			.set({ points_left: round.points - total, updated_at: sql`now()` })
			.where('round_id', '=', round.id)
			.where('person_id', '=', personId)
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: 'prioritisation.voted',
			targetType: 'prioritisation_round',
			targetId: round.id,
			ip: ctx.meta.ip,
			details: { points: total }
		});
	});
}

export async function closeRound(ctx: PrioritisationContext, roundId: string) {
	authorise(ctx.actor, canCloseRound(ctx.actor));
	const round = await loadRound(ctx, roundId);
	if (!round.open) throw new AppError('conflict', 'prioritisation.closed');
	await ctx.db
		.updateTable('prioritisation_round')
		.set({
			opens_at: sql`least(opens_at, now() - interval '1 millisecond')`,
			closes_at: sql`now()`
		})
		.where('id', '=', round.id)
		.where('region_id', '=', ctx.region.id)
		.execute();
	await audit(ctx.db, {
		regionId: ctx.region.id,
		actorId: ctx.actor.person?.id ?? null,
		action: 'prioritisation.round_closed',
		targetType: 'prioritisation_round',
		targetId: round.id,
		ip: ctx.meta.ip
	});
}

/**
 * One pairwise answer: which of the two items is more important (or cannot decide). One row
 * per person and unordered pair; answering again replaces the answer (an upsert on the
 * primary key, so two answers at once still leave exactly one row).
 */
export async function compare(
	ctx: PrioritisationContext,
	roundId: string,
	input: CompareInput
): Promise<void> {
	authorise(ctx.actor, canVote(ctx.actor));
	if (!isSignedIn(ctx.actor)) return;
	const personId = ctx.actor.person.id;
	const round = await loadRound(ctx, roundId);
	if (!round.open) throw new AppError('conflict', 'prioritisation.closed');
	if (round.method !== 'pairwise') throw new AppError('invalid', 'prioritisation.wrongMethod');
	await requirePhaseAllows(ctx.db, ctx.actor, ctx.region.id, round.topic_field_id, 'voting');
	if (input.a === input.b) throw new AppError('invalid', 'prioritisation.unknownItem');
	const [low, high] = input.a < input.b ? [input.a, input.b] : [input.b, input.a];
	const found = await ctx.db
		.selectFrom('prioritisation_item')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('round_id', '=', round.id)
		.where('id', 'in', [low, high])
		.execute();
	if (found.length !== 2) throw new AppError('invalid', 'prioritisation.unknownItem');
	const winner = input.choice === 'a' ? input.a : input.choice === 'b' ? input.b : null;
	await ctx.db
		.insertInto('prioritisation_comparison')
		.values({
			region_id: ctx.region.id,
			round_id: round.id,
			person_id: personId,
			item_low: low,
			item_high: high,
			winner_id: winner
		})
		.onConflict((oc) =>
			oc
				.columns(['round_id', 'person_id', 'item_low', 'item_high'])
				.doUpdateSet({ winner_id: winner, updated_at: sql`now()` })
		)
		.execute();
}

/** Results as CSV (RFC 4180), ranked; only when the results may be seen. */
export async function resultsCsv(ctx: PrioritisationContext, roundId: string): Promise<string> {
	const round = await getRound(ctx, roundId);
	if (!round.showResults) throw new AppError('forbidden', 'prioritisation.resultsHidden');
	const field = (v: string | number) => {
		const text = String(v);
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	if (round.pairwise) {
		return (
			[
				['rank', 'item', 'score', 'wins', 'comparisons'],
				...round.pairwise.ranking.map((item, index) => [
					index + 1,
					item.title,
					item.score,
					item.wins,
					item.comparisons
				])
			]
				.map((row) => row.map(field).join(','))
				.join('\r\n') + '\r\n'
		);
	}
	const ranked = [...round.items].sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
	return (
		[
			['rank', 'item', 'points', 'participants'],
			...ranked.map((item, index) => [index + 1, item.title, item.total ?? 0, item.voters ?? 0])
		]
			.map((row) => row.map(field).join(','))
			.join('\r\n') + '\r\n'
	);
}
