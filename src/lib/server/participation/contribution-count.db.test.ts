/**
 * The running counts per topic field, category and status (`contribution_count`, kept by
 * triggers) always equal the contributions there are: under concurrent writing, bulk inserts,
 * hiding and showing in both directions at once, supports (updates of other columns),
 * category changes and deletions, without deadlocks. The topic map's category tabs read them.
 * So do the counts per target group (`contribution_group_count`) and per place
 * (`contribution_place_count`), and the copies of topic field, status, category and creation
 * time on the target-group rows stay equal to the contribution's; the board filtered by target
 * group reads them, and its place filter offers the places counted.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { generateContributions } from '../../../../scripts/bench-participation.ts';
import { createContribution, getBoard } from './contribution.service.ts';
import { addSupport } from './contribution.repository.ts';
import { boardQuerySchema } from './contribution.schema.ts';
import type { SessionPerson } from '../account/session.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(() => t?.destroy());

const ctx = (region: RegionContext, who: SessionPerson | null) => ({
	db: t.db,
	region,
	actor: { regionId: region.id, person: who },
	meta: { ip: '', lang: 'de' as const }
});

/**
 * The counts the triggers keep and the counts there are, each as sorted lines (per category,
 * and per category and target group), and the target-group rows whose copies disagree.
 */
async function both() {
	const kept = await sql<{ line: string }>`
		select concat_ws(' ', region_id, topic_field_id, category_id, status, n) as line
		from contribution_count where n <> 0
		union all
		select concat_ws(' ', region_id, topic_field_id, category_id, target_group_id, status, n)
		from contribution_group_count where n <> 0
		union all
		select concat_ws(' ', region_id, topic_field_id, 'place', municipality_id, status, n)
		from contribution_place_count where n <> 0
		order by 1`.execute(t.db);
	const real = await sql<{ line: string }>`
		select concat_ws(' ', region_id, topic_field_id, category_id, status, count(*)) as line
		from contribution group by region_id, topic_field_id, category_id, status
		union all
		select concat_ws(' ', c.region_id, c.topic_field_id, c.category_id, g.target_group_id,
			c.status, count(*))
		from contribution c join contribution_target_group g on g.contribution_id = c.id
		group by c.region_id, c.topic_field_id, c.category_id, g.target_group_id, c.status
		union all
		select concat_ws(' ', region_id, topic_field_id, 'place', municipality_id, status, count(*))
		from contribution where municipality_id is not null
		group by region_id, topic_field_id, municipality_id, status
		order by 1`.execute(t.db);
	const stale = await sql<{ n: number }>`
		select count(*)::int as n
		from contribution_target_group g join contribution c on c.id = g.contribution_id
		where (g.region_id, g.topic_field_id, g.status, g.category_id, g.created_at)
			is distinct from (c.region_id, c.topic_field_id, c.status, c.category_id, c.created_at)`.execute(
		t.db
	);
	expect(stale.rows[0]!.n).toBe(0);
	return { kept: kept.rows.map((r) => r.line), real: real.rows.map((r) => r.line) };
}

test('the kept counts equal the contributions, whatever happens at the same time', async () => {
	const categories = ['herausforderungen', 'nutzerbeduerfnisse', 'rahmenbedingungen'];
	await generateContributions(t.db, demo.id, 'regionale-produkte', 60);
	await generateContributions(t.db, other.id, other.topicFields[0]!.key, 10);
	const ids = (
		await t.db
			.selectFrom('contribution')
			.select('id')
			.where('region_id', '=', demo.id)
			.orderBy('id')
			.execute()
	).map((r) => r.id);
	// half of them hidden already, so showing and hiding run in both directions at once
	await t.db
		.updateTable('contribution')
		.set({ status: 'hidden' })
		.where('id', 'in', ids.slice(0, 30))
		.execute();
	const people = await Promise.all(Array.from({ length: 12 }, () => createPerson(t.db, demo)));

	const work: Promise<unknown>[] = [
		// people writing
		...people.map((p, i) =>
			createContribution(ctx(demo, p), 'regionale-produkte', {
				title: `Gleichzeitiger Beitrag ${i}`,
				body: 'Geschrieben, während anderes geschieht.',
				category: categories[i % categories.length]!,
				targetGroups: ['familien'],
				municipality: undefined,
				organisation: undefined
			})
		),
		// bulk inserts
		generateContributions(t.db, demo.id, 'regionale-produkte', 40),
		generateContributions(t.db, demo.id, 'wohnen-arbeiten', 40),
		// showing and hiding, one by one and many at once
		...ids
			.slice(0, 30)
			.map((id) =>
				t.db.updateTable('contribution').set({ status: 'published' }).where('id', '=', id).execute()
			),
		...ids
			.slice(30, 60)
			.map((id) =>
				t.db.updateTable('contribution').set({ status: 'hidden' }).where('id', '=', id).execute()
			),
		t.db
			.updateTable('contribution')
			.set({ status: 'hidden' })
			.where('id', 'in', ids.slice(10, 50))
			.execute(),
		// supports: updates of other columns
		...people.map((p, i) =>
			t.db.transaction().execute((trx) => addSupport(trx, demo.id, ids[25 + i]!, p.id))
		),
		// a whole category moved, and some deleted
		t.db
			.updateTable('contribution')
			.set((eb) => ({
				category_id: eb
					.selectFrom('contribution_category')
					.select('id')
					.where('region_id', '=', demo.id)
					.where('key', '=', 'rahmenbedingungen')
			}))
			.where('id', 'in', ids.slice(20, 40))
			.execute(),
		t.db.deleteFrom('contribution').where('id', 'in', ids.slice(55, 60)).execute(),
		// some moved to another place, some to none
		t.db
			.updateTable('contribution')
			.set((eb) => ({
				municipality_id: eb
					.selectFrom('municipality')
					.select('id')
					.where('region_id', '=', demo.id)
					.where('slug', '=', 'heppenheim')
			}))
			.where('id', 'in', ids.slice(5, 15))
			.execute(),
		t.db
			.updateTable('contribution')
			.set({ municipality_id: null })
			.where('id', 'in', ids.slice(45, 52))
			.execute()
	];
	const settled = await Promise.allSettled(work);
	// nothing failed: no deadlock, no check violated
	expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);

	const { kept, real } = await both();
	expect(real.length).toBeGreaterThan(5);
	expect(kept).toEqual(real);

	// the category tabs show them, with and without the hidden ones
	for (const moderator of [false, true]) {
		const who = moderator ? await createPerson(t.db, demo, { role: 'moderator' }) : null;
		const board = await getBoard(ctx(demo, who), 'regionale-produkte', boardQuerySchema.parse({}));
		const field = demo.topicFields.find((f) => f.key === 'regionale-produkte')!;
		const counted = await t.db
			.selectFrom('contribution')
			.innerJoin('contribution_category', 'contribution_category.id', 'contribution.category_id')
			.select(['contribution_category.key', sql<number>`count(*)::int`.as('n')])
			.where('contribution.topic_field_id', '=', field.id)
			.$if(!moderator, (qb) => qb.where('contribution.status', '=', 'published'))
			.groupBy('contribution_category.key')
			.execute();
		for (const { key, n } of counted) expect(board.categoryCounts[key]).toBe(n);
		expect(board.total).toBe(counted.reduce((sum, c) => sum + c.n, 0));

		// filtered by target group, with and without a category: the totals and the first page
		for (const kategorie of [undefined, 'rahmenbedingungen']) {
			const query = boardQuerySchema.parse({ zielgruppe: 'familien', kategorie });
			const filtered = await getBoard(ctx(demo, who), 'regionale-produkte', query);
			const matching = await t.db
				.selectFrom('contribution')
				.innerJoin('contribution_category', 'contribution_category.id', 'contribution.category_id')
				.select(['contribution.id'])
				.where('contribution.topic_field_id', '=', field.id)
				.$if(!moderator, (qb) => qb.where('contribution.status', '=', 'published'))
				.$if(kategorie !== undefined, (qb) =>
					qb.where('contribution_category.key', '=', kategorie!)
				)
				.where(({ exists, selectFrom }) =>
					exists(
						selectFrom('contribution_target_group as ctg')
							.innerJoin('target_group', 'target_group.id', 'ctg.target_group_id')
							.select('ctg.contribution_id')
							.whereRef('ctg.contribution_id', '=', 'contribution.id')
							.where('target_group.key', '=', 'familien')
					)
				)
				.orderBy('contribution.created_at', 'desc')
				.orderBy('contribution.id')
				.execute();
			expect(matching.length).toBeGreaterThan(0);
			expect(filtered.total).toBe(matching.length);
			expect(filtered.items.map((i) => i.id)).toEqual(matching.slice(0, 20).map((m) => m.id));
		}
	}
});

test('target-group rows cannot disagree with their contribution; deleting a target group takes its counts', async () => {
	// one written by a person above: it names one target group only
	const row = await t.db
		.selectFrom('contribution_target_group as ctg')
		.innerJoin('contribution', 'contribution.id', 'ctg.contribution_id')
		.select(['ctg.contribution_id', 'ctg.target_group_id', 'ctg.status'])
		.where('ctg.region_id', '=', demo.id)
		.where('ctg.status', '=', 'published')
		.where('contribution.title', 'like', 'Gleichzeitiger Beitrag%')
		.executeTakeFirstOrThrow();
	// a copy that differs from the contribution is refused by the foreign key
	await expect(
		t.db
			.updateTable('contribution_target_group')
			.set({ status: 'hidden' })
			.where('contribution_id', '=', row.contribution_id)
			.where('target_group_id', '=', row.target_group_id)
			.execute()
	).rejects.toThrow(/ctg_contribution_board/);
	// an insert takes the contribution's values, whatever it names
	const other = await t.db
		.selectFrom('target_group')
		.select('id')
		.where('region_id', '=', demo.id)
		// not the group deleted below
		.where('key', '<>', 'familien')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('contribution_target_group as ctg')
						.select('ctg.target_group_id')
						.whereRef('ctg.target_group_id', '=', 'target_group.id')
						.where('ctg.contribution_id', '=', row.contribution_id)
				)
			)
		)
		.executeTakeFirstOrThrow();
	await t.db
		.insertInto('contribution_target_group')
		.values({
			region_id: demo.id,
			contribution_id: row.contribution_id,
			target_group_id: other.id,
			status: 'hidden',
			created_at: new Date(0)
		})
		.execute();
	expect((await both()).kept).toEqual((await both()).real);

	await t.db
		.deleteFrom('target_group')
		.where('region_id', '=', demo.id)
		.where('key', '=', 'familien')
		.execute();
	const { kept, real } = await both();
	expect(kept).toEqual(real);
	expect(kept.some((line) => line.includes(other.id))).toBe(true);

	// a deleted place: its contributions lose it, and it is no longer offered
	const place = await t.db
		.selectFrom('contribution')
		.innerJoin('municipality', 'municipality.id', 'contribution.municipality_id')
		.select(['municipality.id', 'municipality.slug'])
		.where('contribution.region_id', '=', demo.id)
		.where('contribution.status', '=', 'published')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('organisation')
						.select('organisation.id')
						.whereRef('organisation.municipality_id', '=', 'municipality.id')
				)
			)
		)
		.executeTakeFirstOrThrow();
	const offered = async () =>
		(
			await getBoard(ctx(demo, null), 'regionale-produkte', boardQuerySchema.parse({}))
		).municipalities.map((m) => m.slug);
	expect(await offered()).toContain(place.slug);
	await t.db.deleteFrom('municipality').where('id', '=', place.id).execute();
	expect(await offered()).not.toContain(place.slug);
	const after = await both();
	expect(after.kept).toEqual(after.real);
});

test('deleting a region takes its counts with it', async () => {
	await generateContributions(t.db, other.id, other.topicFields[0]!.key, 5);
	await t.db.deleteFrom('region').where('id', '=', other.id).execute();
	const left = await t.db
		.selectFrom('contribution_count')
		.select('n')
		.where('region_id', '=', other.id)
		.execute();
	expect(left).toEqual([]);
	const { kept, real } = await both();
	expect(kept).toEqual(real);
});
