import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisationOfKind } from '../../../../test/market-fixtures.ts';
import type { RegionContext } from '../region/region.service.ts';
import { marketPage, marketsPage, type MarketContext } from '../market/market.service.ts';
import { seedDemo, seededRandom, type DemoContext } from './demo.ts';
import { marketSeeder } from './market.demo.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await seedDemo(t.db, 'bergstrasse-odenwald');
});
afterAll(() => t.destroy());

const ctx = (): MarketContext => ({
	db: t.db,
	region: demo,
	actor: { regionId: demo.id, person: null },
	meta: { ip: '', origin: 'http://localhost', lang: 'de' }
});

test('the real markets of the region file, at their places, uncertain ones marked', async () => {
	const { markets } = await marketsPage(ctx(), {});
	const byName = new Map(markets.map((m) => [m.name, m]));
	expect(markets).toHaveLength(10);
	expect(byName.get('Wochenmarkt Bensheim')).toMatchObject({
		uncertain: false,
		place: { name: 'Marktplatz', municipality: 'Bensheim', lat: 49.684, lon: 8.618 }
	});
	expect(byName.get('Wochenmarkt Lampertheim')!.uncertain).toBe(true);
	expect(byName.get('Wochenmarkt Lorsch')!.uncertain).toBe(true);
	expect(byName.get('Wochenmarkt Michelstadt')!.uncertain).toBe(true);
	expect(byName.get('Odenwälder Kartoffelmarkt')!.place.municipality).toBe('Höchst i. Odw.');
	// every market has a next date within a year
	for (const m of markets) expect(m.next, m.name).not.toBeNull();
	const bensheim = await marketPage(ctx(), byName.get('Wochenmarkt Bensheim')!.slug);
	expect(bensheim.rules.map((r) => [r.start, r.season?.from])).toEqual([
		['07:30', '04-01'],
		['08:00', '10-01']
	]);
	expect(bensheim.skipsHolidays).toBe(true);
	// three days of the Bauernmarkt in a row
	const bauern = await marketPage(
		ctx(),
		byName.get('Bauernmarkt der Odenwälder Direktvermarkter')!.slug
	);
	expect(bauern.dates).toHaveLength(3);
	// regular stands only for producer organisations (the demo has a farm shop or more)
	const standKinds = await t.db
		.selectFrom('market_stand as s')
		.innerJoin('organisation as o', 'o.id', 's.producer_id')
		.select('o.kind')
		.distinct()
		.execute();
	for (const { kind } of standKinds) expect(['producer', 'farm_shop']).toContain(kind);
});

test('without producers nothing fails; with them: regular stands and attendance reports', async () => {
	await t.db.deleteFrom('order_cycle').where('region_id', '=', demo.id).execute();
	await t.db.deleteFrom('market').where('region_id', '=', demo.id).execute();
	await t.db.deleteFrom('place').where('region_id', '=', demo.id).execute();
	await t.db
		.deleteFrom('organisation')
		.where('region_id', '=', demo.id)
		.where('kind', 'in', ['producer', 'farm_shop'])
		.execute();
	const moderatorFirst = await createPerson(t.db, demo, { role: 'moderator' });
	await marketSeeder.seed({
		db: t.db,
		region: demo,
		random: seededRandom(1),
		moderator: {
			id: moderatorFirst.id,
			displayName: '',
			municipalityId: null,
			targetGroupId: null
		},
		citizens: [],
		organisations: {},
		pick: (items) => items[0]!,
		actorFor: () => ({ regionId: demo.id, person: moderatorFirst })
	});
	expect(
		await t.db.selectFrom('market').select('id').where('region_id', '=', demo.id).execute()
	).toHaveLength(10);
	expect(await t.db.selectFrom('market_stand').select('market_id').execute()).toEqual([]);
	await t.db.deleteFrom('order_cycle').where('region_id', '=', demo.id).execute();
	await t.db.deleteFrom('market').where('region_id', '=', demo.id).execute();
	await t.db.deleteFrom('place').where('region_id', '=', demo.id).execute();
	await createOrganisationOfKind(t.db, demo.id, 'producer', [], 'Hof Demo A (Demo)');
	await createOrganisationOfKind(t.db, demo.id, 'producer', [], 'Hof Demo B (Demo)');
	await createOrganisationOfKind(t.db, demo.id, 'farm_shop', [], 'Hofladen Demo C (Demo)');
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const person = {
		id: moderator.id,
		displayName: moderator.displayName,
		municipalityId: null,
		targetGroupId: null
	};
	const random = seededRandom(1);
	const context: DemoContext = {
		db: t.db,
		region: demo,
		random,
		moderator: person,
		citizens: [],
		organisations: {},
		pick: (items) => items[0]!,
		actorFor: () => ({ regionId: demo.id, person: moderator })
	};
	await marketSeeder.seed(context);
	const stands = await t.db.selectFrom('market_stand').select('market_id').execute();
	expect(stands.length).toBeGreaterThanOrEqual(20);
	const reports = await t.db.selectFrom('market_attendance').select(['status']).execute();
	expect(reports.some((r) => r.status === 'absent')).toBe(true);
	expect(reports.some((r) => r.status === 'present')).toBe(true);
	const { markets } = await marketsPage(ctx(), {});
	const page = await marketPage(
		ctx(),
		markets.find((m) => m.name === 'Wochenmarkt Heppenheim')!.slug
	);
	expect(page.dates.find((d) => !d.cancelled)!.producers.length).toBeGreaterThan(0);
});
