/**
 * The topic map's pages: every sort order pages through all contributions exactly once, in
 * order, and the totals with and without filters match what is there.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { generateContributions } from '../../../../scripts/bench-participation.ts';
import { getBoard, PAGE_SIZE } from './contribution.service.ts';
import { boardQuerySchema } from './contribution.schema.ts';

let t: TestDatabase;
let demo: RegionContext;
const COUNT = 130;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await generateContributions(t.db, demo.id, 'regionale-produkte', COUNT);
});
afterAll(() => t?.destroy());

const board = (query: Record<string, string>) =>
	getBoard(
		{
			db: t.db,
			region: demo,
			actor: { regionId: demo.id, person: null },
			meta: { ip: '', lang: 'de' }
		},
		'regionale-produkte',
		boardQuerySchema.parse(query)
	);

test.each(['neu', 'unterstuetzt', 'diskutiert'])(
	'sort %s pages through every contribution once, in order',
	async (sortierung) => {
		const first = await board({ sortierung });
		expect(first.total).toBe(COUNT);
		expect(first.pages).toBe(Math.ceil(COUNT / PAGE_SIZE));
		const seen: (typeof first.items)[number][] = [];
		for (let seite = 1; seite <= first.pages; seite++) {
			seen.push(...(await board({ sortierung, seite: String(seite) })).items);
		}
		expect(new Set(seen.map((i) => i.id)).size).toBe(COUNT);
		const key = (i: (typeof seen)[number]) =>
			sortierung === 'unterstuetzt' ? i.supports : sortierung === 'diskutiert' ? i.comments : 0;
		for (let i = 1; i < seen.length; i++) {
			const [a, b] = [seen[i - 1]!, seen[i]!];
			expect(key(a) > key(b) || (key(a) === key(b) && a.createdAt >= b.createdAt)).toBe(true);
		}
	}
);

test('totals with filters count what matches; an unknown filter finds nothing', async () => {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from contribution c
		join contribution_category cc on cc.id = c.category_id
		where cc.key = 'nutzerbeduerfnisse' and exists (
			select 1 from contribution_target_group ctg join target_group g on g.id = ctg.target_group_id
			where ctg.contribution_id = c.id and g.key = 'senioren')`.execute(t.db);
	const filtered = await board({ kategorie: 'nutzerbeduerfnisse', zielgruppe: 'senioren' });
	expect(filtered.total).toBe(rows[0]!.n);
	expect(filtered.total).toBeGreaterThan(0);
	expect(filtered.items.length).toBe(Math.min(PAGE_SIZE, rows[0]!.n));
	const unknown = await board({ kategorie: 'gibt-es-nicht' });
	expect(unknown).toMatchObject({ total: 0, items: [] });
});

test('the place filter lists the places with contributions, and a typed place name filters too', async () => {
	const { rows } = await sql<{ slug: string; name: string; n: number }>`
		select m.slug, m.name, count(*)::int as n from contribution c
		join municipality m on m.id = c.municipality_id
		group by m.slug, m.name order by n desc limit 1`.execute(t.db);
	const top = rows[0]!;
	const all = await board({});
	expect(all.placeInput).toBe(false);
	expect(all.municipalities.map((m) => m.slug)).toContain(top.slug);
	const places = await sql<{ n: number }>`
		select count(distinct municipality_id)::int as n from contribution`.execute(t.db);
	expect(all.municipalities).toHaveLength(places.rows[0]!.n);
	const typed = await board({ ort: top.name });
	expect(typed.total).toBe(top.n);
	expect(typed.chosenPlace).toBe(top.name);
	expect((await board({ ort: top.slug })).total).toBe(top.n);
});
