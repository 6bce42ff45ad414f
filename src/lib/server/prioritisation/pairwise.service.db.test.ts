import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import {
	closeRound,
	compare,
	createRound,
	getRound,
	resultsCsv,
	vote,
	type PrioritisationContext
} from './prioritisation.service.ts';
import { deleteAccount, exportData } from '../account/account.service.ts';
import { hashPassword } from '../account/password.ts';

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
	title: 'Was ist wichtiger?',
	description: '',
	topicField: 'regionale-produkte',
	points: 10,
	maxPerItem: 4,
	days: 7,
	liveResults: true,
	method: 'pairwise' as const
};

describe('pairwise rounds', () => {
	test('pairs come one at a time, fewest answered first, until all are done', async () => {
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const voter = await person(demo);
		const first = await getRound(ctx(demo, voter), id);
		expect(first.method).toBe('pairwise');
		const n = first.items.length;
		expect(first.pairwise).toMatchObject({ done: 0, total: (n * (n - 1)) / 2 });
		// the first pair is the first two items (deterministic)
		expect(first.pairwise!.pair!.a.id).toBe(first.items[0]!.id);
		expect(first.pairwise!.pair!.b.id).toBe(first.items[1]!.id);
		// someone else answered it: a second person sees a less-compared pair first
		await compare(ctx(demo, voter), id, {
			a: first.pairwise!.pair!.a.id,
			b: first.pairwise!.pair!.b.id,
			choice: 'a'
		});
		const second = await getRound(ctx(demo, await person(demo)), id);
		expect(second.pairwise!.pair!.b.id).toBe(first.items[2]!.id);
		const seen = new Set<string>();
		for (;;) {
			const state = (await getRound(ctx(demo, voter), id)).pairwise!;
			if (!state.pair) {
				expect(state.done).toBe(state.total);
				break;
			}
			const key = `${state.pair.a.id}|${state.pair.b.id}`;
			expect(seen.has(key)).toBe(false);
			seen.add(key);
			await compare(ctx(demo, voter), id, { a: state.pair.a.id, b: state.pair.b.id, choice: 'b' });
		}
		// changing an answer replaces it
		await compare(ctx(demo, voter), id, {
			a: first.items[1]!.id,
			b: first.items[0]!.id,
			choice: 'none'
		});
		const rows = await t.db
			.selectFrom('prioritisation_comparison')
			.selectAll()
			.where('round_id', '=', id)
			.execute();
		expect(rows).toHaveLength((n * (n - 1)) / 2);
		expect(rows.filter((r) => r.winner_id === null)).toHaveLength(1);
	});

	test('ranking by Bradley–Terry with wins and comparisons; CSV; frozen after closing', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createRound(ctx(demo, moderator), round);
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		for (let v = 0; v < 3; v++) {
			const voter = await person(demo);
			// item 0 beats everything, item 1 beats the rest
			for (let j = 1; j < items.length; j++) {
				await compare(ctx(demo, voter), id, { a: items[0]!, b: items[j]!, choice: 'a' });
			}
			for (let j = 2; j < items.length; j++) {
				await compare(ctx(demo, voter), id, { a: items[j]!, b: items[1]!, choice: 'b' });
			}
		}
		const shown = await getRound(ctx(demo, null), id);
		expect(shown.participants).toBe(3);
		const ranking = shown.pairwise!.ranking;
		expect(ranking[0]!.id).toBe(items[0]);
		expect(ranking[1]!.id).toBe(items[1]);
		expect(ranking[0]).toMatchObject({
			wins: 3 * (items.length - 1),
			comparisons: 3 * (items.length - 1)
		});
		expect(ranking.reduce((s, r) => s + r.score, 0)).toBeCloseTo(100, 0);
		const csv = await resultsCsv(ctx(demo, null), id);
		expect(csv.split('\r\n')[0]).toBe('rank,item,score,wins,comparisons');
		await closeRound(ctx(demo, moderator), id);
		await expect(
			compare(ctx(demo, await person(demo)), id, { a: items[0]!, b: items[1]!, choice: 'a' })
		).rejects.toMatchObject({ messageKey: 'prioritisation.closed' });
		expect((await getRound(ctx(demo, null), id)).pairwise!.ranking).toEqual(ranking);
	});

	test('authorisation, foreign items, wrong method, region isolation, database checks', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createRound(ctx(demo, moderator), round);
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		const pair = { a: items[0]!, b: items[1]!, choice: 'a' as const };
		await expect(compare(ctx(demo, null), id, pair)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			compare(ctx(demo, await person(demo, 'citizen', false)), id, pair)
		).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(compare(ctx(other, await person(other)), id, pair)).rejects.toMatchObject({
			code: 'not_found'
		});
		const dots = await createRound(ctx(demo, moderator), { ...round, method: 'dots' });
		const dotItems = (await getRound(ctx(demo, null), dots)).items.map((i) => i.id);
		const voter = await person(demo);
		await expect(
			compare(ctx(demo, voter), dots, { ...pair, a: dotItems[0]!, b: dotItems[1]! })
		).rejects.toMatchObject({
			messageKey: 'prioritisation.wrongMethod'
		});
		await expect(vote(ctx(demo, voter), id, new Map([[items[0]!, 1]]))).rejects.toMatchObject({
			messageKey: 'prioritisation.wrongMethod'
		});
		await expect(compare(ctx(demo, voter), id, { ...pair, b: dotItems[0]! })).rejects.toMatchObject(
			{
				messageKey: 'prioritisation.unknownItem'
			}
		);
		await expect(compare(ctx(demo, voter), id, { ...pair, b: items[0]! })).rejects.toMatchObject({
			messageKey: 'prioritisation.unknownItem'
		});
		// the database refuses a pair in the wrong order and a winner outside the pair
		const [low, high] = [items[0]!, items[1]!].sort();
		await expect(
			t.db
				.insertInto('prioritisation_comparison')
				.values({
					region_id: demo.id,
					round_id: id,
					person_id: voter.id,
					item_low: high!,
					item_high: low!,
					winner_id: null
				})
				.execute()
		).rejects.toThrow(/prioritisation_comparison_order/);
		await expect(
			t.db
				.insertInto('prioritisation_comparison')
				.values({
					region_id: demo.id,
					round_id: id,
					person_id: voter.id,
					item_low: low!,
					item_high: high!,
					winner_id: items[2]!
				})
				.execute()
		).rejects.toThrow(/prioritisation_comparison_winner/);
	});

	test('200 concurrent voters answering the same pair twice at once: exactly 200 answers', async () => {
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const items = (await getRound(ctx(demo, null), id)).items.map((i) => i.id);
		const voters = await Promise.all(Array.from({ length: 200 }, () => person(demo)));
		const results = await Promise.allSettled(
			voters.flatMap((v, i) => [
				compare(ctx(demo, v), id, { a: items[0]!, b: items[1]!, choice: 'b' }),
				compare(ctx(demo, v), id, { a: items[1]!, b: items[0]!, choice: i % 2 ? 'a' : 'b' })
			])
		);
		expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
		const rows = await t.db
			.selectFrom('prioritisation_comparison')
			.select(['person_id', sql<number>`count(*)::int`.as('n')])
			.where('round_id', '=', id)
			.groupBy('person_id')
			.execute();
		expect(rows).toHaveLength(200);
		expect(rows.every((r) => r.n === 1)).toBe(true);
		const shown = await getRound(ctx(demo, null), id);
		expect(shown.participants).toBe(200);
		const top = shown.pairwise!.ranking.filter((r) => r.id === items[0] || r.id === items[1]);
		// every answer chose one of the two: 200 comparisons each, 200 wins between them
		expect(top.every((r) => r.comparisons === 200)).toBe(true);
		expect(top.reduce((s, r) => s + r.wins, 0)).toBe(200);
	}, 60_000);

	test('answers are in the account export and go with the account', async () => {
		const id = await createRound(ctx(demo, await person(demo, 'moderator')), round);
		const items = (await getRound(ctx(demo, null), id)).items;
		const voter = await person(demo);
		await t.db
			.updateTable('person')
			.set({ password_hash: await hashPassword('Apfelbaum im Odenwald') })
			.where('id', '=', voter.id)
			.execute();
		await compare(ctx(demo, voter), id, { a: items[0]!.id, b: items[1]!.id, choice: 'b' });
		const account = {
			db: t.db,
			region: { id: demo.id, name: demo.name },
			smtp: false,
			meta: { ip: '', userAgent: '', origin: 'http://localhost', lang: 'de' as const }
		};
		const exported = await exportData(account, voter);
		expect(exported.pairwiseComparisons).toEqual([
			expect.objectContaining({ round_id: id, chosen: items[1]!.title })
		]);
		await deleteAccount(account, voter, {
			currentPassword: 'Apfelbaum im Odenwald',
			contributions: 'anonymise'
		});
		const left = await t.db
			.selectFrom('prioritisation_comparison')
			.select('person_id')
			.where('round_id', '=', id)
			.execute();
		expect(left).toEqual([]);
	});
});
