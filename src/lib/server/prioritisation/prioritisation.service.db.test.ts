import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import {
	closeRound,
	createRound,
	getRound,
	resultsCsv,
	vote,
	type PrioritisationContext
} from './prioritisation.service.ts';

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

function ctx(region: RegionContext, who: SessionPerson | null): PrioritisationContext {
	return { db: t.db, region, actor: { regionId: region.id, person: who }, meta: { ip: '' } };
}

const round = {
	title: 'Was packen wir zuerst an?',
	description: '',
	topicField: 'regionale-produkte',
	points: 10,
	maxPerItem: 4,
	days: 7,
	liveResults: true
};

describe('prioritisation rounds', () => {
	test('only moderators create rounds; items are the field’s use cases', async () => {
		await expect(createRound(ctx(demo, await person(demo)), round)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createRound(ctx(demo, null), round)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const shown = await getRound(ctx(demo, null), id);
		expect(shown.items).toHaveLength(4);
		expect(shown.open).toBe(true);
		await expect(getRound(ctx(other, null), id)).rejects.toMatchObject({ code: 'not_found' });
	});

	test('a ballot can be changed, never exceeds the points or the item limit', async () => {
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		const voter = await person(demo);
		await vote(
			ctx(demo, voter),
			id,
			new Map([
				[items[0]!, 4],
				[items[1]!, 4],
				[items[2]!, 2]
			])
		);
		await expect(
			vote(
				ctx(demo, voter),
				id,
				new Map([
					[items[0]!, 4],
					[items[1]!, 4],
					[items[2]!, 3]
				])
			)
		).rejects.toMatchObject({ messageKey: 'prioritisation.tooManyPoints' });
		await expect(vote(ctx(demo, voter), id, new Map([[items[0]!, 5]]))).rejects.toMatchObject({
			messageKey: 'prioritisation.tooManyOnItem'
		});
		await vote(ctx(demo, voter), id, new Map([[items[3]!, 1]]));
		const mine = await getRound(ctx(demo, voter), id);
		expect(mine.used).toBe(1);
		expect(mine.items.find((i) => i.id === items[3])!.mine).toBe(1);
		// the database itself refuses overspending, whatever the app computed
		await expect(
			t.db
				.updateTable('prioritisation_ballot')
				.set({ points_left: -1 })
				.where('round_id', '=', id)
				.where('person_id', '=', voter.id)
				.execute()
		).rejects.toThrow(/points_left/);
		await expect(
			t.db
				.updateTable('prioritisation_allocation')
				.set({ points: 5 })
				.where('round_id', '=', id)
				.where('person_id', '=', voter.id)
				.execute()
		).rejects.toThrow(/prioritisation_allocation_points/);
		// items of another round are refused
		const otherRound = await createRound(ctx(demo, await person(demo, 'moderator')), {
			...round,
			topicField: 'wohnen-arbeiten'
		});
		const foreign = (await getRound(ctx(demo, null), otherRound)).items[0]!.id;
		await expect(vote(ctx(demo, voter), id, new Map([[foreign, 1]]))).rejects.toMatchObject({
			messageKey: 'prioritisation.unknownItem'
		});
		// a crafted field name that is no item id at all is refused the same way (not a 500)
		await expect(vote(ctx(demo, voter), id, new Map([['x', 1]]))).rejects.toMatchObject({
			messageKey: 'prioritisation.unknownItem'
		});
		await expect(
			vote(ctx(demo, await person(demo, 'citizen', false)), id, new Map())
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('200 concurrent voters: no vote lost, none counted twice, nobody over the limit', async () => {
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		const voters = await Promise.all(Array.from({ length: 200 }, () => person(demo)));
		// each voter submits twice at once: first an over-limit ballot, then a valid one
		const results = await Promise.allSettled(
			voters.flatMap((v, i) => [
				vote(
					ctx(demo, v),
					id,
					new Map([
						[items[0]!, 4],
						[items[1]!, 4],
						[items[2]!, 4]
					])
				),
				vote(
					ctx(demo, v),
					id,
					new Map([
						[items[i % 4]!, 3],
						[items[(i + 1) % 4]!, 2]
					])
				)
			])
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(200);
		const totals = await t.db
			.selectFrom('prioritisation_allocation')
			.select(['person_id', sql<number>`sum(points)::int`.as('sum')])
			.where('round_id', '=', id)
			.groupBy('person_id')
			.execute();
		expect(totals).toHaveLength(200);
		expect(totals.every((row) => row.sum === 5)).toBe(true);
		const shown = await getRound(ctx(demo, null), id);
		expect(shown.participants).toBe(200);
		expect(shown.items.reduce((sum, i) => sum + (i.total ?? 0), 0)).toBe(1000);
		const ballots = await t.db
			.selectFrom('prioritisation_ballot')
			.select('points_left')
			.where('round_id', '=', id)
			.execute();
		expect(ballots.every((b) => b.points_left === 5)).toBe(true);
	}, 60_000);

	test('results: hidden while open unless live, frozen after closing, exported as CSV', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createRound(ctx(demo, moderator), { ...round, liveResults: false });
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		const voter = await person(demo);
		await vote(ctx(demo, voter), id, new Map([[items[2]!, 4]]));
		expect((await getRound(ctx(demo, voter), id)).showResults).toBe(false);
		await expect(resultsCsv(ctx(demo, voter), id)).rejects.toMatchObject({ code: 'forbidden' });
		expect((await getRound(ctx(demo, moderator), id)).showResults).toBe(true);
		await expect(closeRound(ctx(demo, voter), id)).rejects.toMatchObject({ code: 'forbidden' });
		await closeRound(ctx(demo, moderator), id);
		await expect(vote(ctx(demo, voter), id, new Map([[items[0]!, 1]]))).rejects.toMatchObject({
			messageKey: 'prioritisation.closed'
		});
		const csv = await resultsCsv(ctx(demo, null), id);
		expect(csv.split('\r\n')[0]).toBe('rank,item,points,participants');
		expect(csv.split('\r\n')[1]).toMatch(/^1,.*,4,1$/);
	});
});
