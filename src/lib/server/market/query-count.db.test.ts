/**
 * No N+1: the market list with its month calendar, the "near me" search and the open-data
 * feeds cost the same number of statements for 3 markets or 100 (made by the benchmark's
 * generator, a year of dates each). Also reports how long the month calendar takes to compute.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import { createOrganisationOfKind, createProduct } from '../../../../test/market-fixtures.ts';
import { generateMarkets } from '../../../../scripts/bench-markets-data.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { shoppingQuerySchema } from './market.schema.ts';
import {
	findShopping,
	marketDatesRows,
	marketsFeed,
	marketsPage,
	MARKETS_PER_PAGE,
	type MarketContext
} from './market.service.ts';
import { upsertStand } from './market.repository.ts';

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

const ctx = (): MarketContext => ({
	db: counted,
	// a copy each time, as a new region snapshot: region-lists.ts would keep the municipalities
	// read by the first call for the next (counted: one statement fewer on a snapshot's reuse)
	region: { ...demo },
	actor: { regionId: demo.id, person: null },
	meta: { ip: '', origin: 'http://localhost', lang: 'de' }
});

async function cost(run: () => Promise<unknown>) {
	statements = 0;
	await run();
	return statements;
}

async function costs() {
	const query = shoppingQuerySchema.parse({ ort: 'bensheim', umkreis: '50', kategorie: 'eggs' });
	return {
		list: await cost(() => marketsPage(ctx(), { month: '2027-06' })),
		shopping: await cost(() => findShopping(ctx(), query)),
		feed: await cost(() => marketsFeed(ctx())),
		csv: await cost(() => marketDatesRows(ctx()))
	};
}

test('the list, its month calendar, the near-me search and the feeds: no N+1', async () => {
	const producer = await createOrganisationOfKind(t.db, demo.id, 'producer');
	await createProduct(t.db, demo.id, producer.id, 'eggs', 'Eier');
	const stand = async (ids: string[]) => {
		for (const id of ids) {
			await upsertStand(t.db, demo.id, id, { producerId: producer.id, label: '', regular: true });
		}
	};
	await stand((await generateMarkets(t.db, demo.id, 3, { seed: 1 })).marketIds);
	const few = await costs();
	await stand((await generateMarkets(t.db, demo.id, 97, { seed: 2 })).marketIds);
	const many = await costs();
	expect(many).toEqual(few);

	// how long the month calendar of 100 markets takes to compute (reported, not asserted)
	const started = performance.now();
	const page = await marketsPage({ ...ctx(), db: t.db }, { month: '2027-06' });
	const ms = performance.now() - started;
	// list and calendar are paged together: the calendar holds the listed markets' dates
	expect(page.markets).toHaveLength(MARKETS_PER_PAGE);
	expect(page).toMatchObject({ total: 100, page: 1, pages: 5 });
	const listed = new Set(page.markets.map((m) => m.slug));
	const inCalendar = new Set(
		page.weeks
			.flat()
			.flatMap((day) => day?.markets ?? [])
			.map((m) => m.slug)
	);
	expect([...inCalendar].every((slug) => listed.has(slug))).toBe(true);
	const last = await marketsPage({ ...ctx(), db: t.db }, { month: '2027-06', page: 9 });
	expect(last).toMatchObject({ page: 5, pages: 5 });
	expect(last.markets.map((m) => m.slug)).not.toContain(page.markets[0]!.slug);
	const dates = page.weeks.flat().reduce((n, day) => n + (day?.markets.length ?? 0), 0);
	expect(dates).toBeGreaterThan(60);
	console.info(
		`month calendar: page 1 of 100 markets, ${dates} dates in June 2027, computed in ${ms.toFixed(0)} ms`
	);
});
