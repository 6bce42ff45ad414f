/**
 * Synthetic places for the benchmark: `count` places (default 10,000) spread around the
 * region's municipalities, inserted with one INSERT … SELECT over generate_series, every kind
 * represented, about half with opening hours. Slugs carry a tag, so a second call adds more.
 *
 * Run directly, it measures the distance search on them:
 *   TEST_DATABASE_URL=postgres://… node scripts/bench-places-data.ts [count] [queries]
 * (a fresh database with the demo region; EXPLAIN ANALYZE of one search, then p50/p95/max of
 * `queries` searches from random municipalities with random radii, as the server runs them).
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import type { DB } from '../src/lib/server/db/database.ts';

const HOURS = JSON.stringify({
	timeZone: 'Europe/Berlin',
	rules: [
		{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '12:30' },
		{ weekdays: [1, 2, 4, 5], start: '14:30', end: '18:00' },
		{ weekdays: [6], start: '08:00', end: '12:00' }
	],
	exceptions: [],
	skipHolidaysIn: 'HE'
});

export async function generatePlaces(
	db: DB,
	regionId: string,
	count = 10_000
): Promise<{ inserted: number; ms: number }> {
	const started = performance.now();
	const tag = randomBytes(3).toString('hex');
	const result = await sql`
		with m as (
			select id, lat, lon,
				(row_number() over (order by name) - 1)::int as idx,
				count(*) over ()::int as total
			from municipality where region_id = ${regionId}
		), kinds as (
			select array['shop', 'farm', 'pickup_point', 'market_square', 'venue', 'other'] as k,
				array['village', 'regional', 'farm'] as s
		)
		insert into place (region_id, slug, kind, shop_kind, name, street, postcode,
			municipality_id, lat, lon, opening_hours)
		select ${regionId}, 'bench-' || ${tag} || '-' || g,
			kinds.k[1 + g % 6],
			case when g % 6 = 0 then kinds.s[1 + (g / 6) % 3] end,
			'Bench-Ort ' || g,
			'Hauptstraße ' || (1 + g % 120),
			'',
			m.id,
			-- within about ±4 km of the municipality's centre
			m.lat + (random() - 0.5) * 0.07,
			m.lon + (random() - 0.5) * 0.11,
			case when g % 2 = 0 then ${HOURS}::jsonb end
		from generate_series(1, ${count}::int) as g
		cross join kinds
		join m on m.idx = g % m.total`.execute(db);
	await sql`analyze place`.execute(db);
	return { inserted: Number(result.numAffectedRows ?? 0), ms: performance.now() - started };
}

async function measure() {
	const { startTestServer, uniqueName } = await import('../test/postgres.ts');
	const { createDatabase } = await import('../src/lib/server/db/database.ts');
	const { migrateToLatest } = await import('../src/lib/server/db/migrate.ts');
	const { importRegion, readRegionFile } =
		await import('../src/lib/server/region/region-import.service.ts');
	const { nearbyPlaces, nearbyPlacesQuery } =
		await import('../src/lib/server/place/place.repository.ts');
	const count = Number(process.argv[2] ?? 10_000);
	const queries = Number(process.argv[3] ?? 300);
	const postgres = await startTestServer();
	const name = uniqueName('heimatleben_places');
	const url = await postgres.createDatabase(name);
	const db = createDatabase({ connectionString: url, max: 2 });
	try {
		await migrateToLatest(db);
		await importRegion(db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
		const region = await db
			.selectFrom('region')
			.select('id')
			.where('slug', '=', 'bergstrasse-odenwald')
			.executeTakeFirstOrThrow();
		const generated = await generatePlaces(db, region.id, count);
		console.log(`inserted ${generated.inserted} places in ${generated.ms.toFixed(0)} ms`);
		const municipalities = await db
			.selectFrom('municipality')
			.select(['slug', 'lat', 'lon'])
			.where('region_id', '=', region.id)
			.execute();
		const lindenfels = municipalities.find((m) => m.slug === 'lindenfels')!;
		for (const km of [10, 50]) {
			const compiled = nearbyPlacesQuery(db, region.id, lindenfels, km, { limit: 20 }).compile();
			const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
				CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters])
			);
			console.log(`\nEXPLAIN ANALYZE of nearbyPlaces, ${km} km around Lindenfels:`);
			for (const row of rows) console.log('  ' + row['QUERY PLAN']);
		}
		const roundTrips: number[] = [];
		const serverTimes: number[] = [];
		const radii = [5, 10, 20, 50];
		let found = 0;
		for (let i = 0; i < queries; i++) {
			const centre = municipalities[i % municipalities.length]!;
			const km = radii[i % radii.length]!;
			const options = { kinds: i % 3 === 0 ? (['shop'] as const) : undefined, limit: 20 };
			const started = performance.now();
			const result = await nearbyPlaces(db, region.id, centre, km, options);
			roundTrips.push(performance.now() - started);
			found += result.total;
			// the same search again, timed by PostgreSQL itself (planning + execution)
			const compiled = nearbyPlacesQuery(db, region.id, centre, km, options).compile();
			const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
				CompiledQuery.raw(`explain (analyze, timing off, format json) ${compiled.sql}`, [
					...compiled.parameters
				])
			);
			const plan = (
				typeof rows[0]!['QUERY PLAN'] === 'string'
					? JSON.parse(rows[0]!['QUERY PLAN'])
					: rows[0]!['QUERY PLAN']
			)[0] as { 'Planning Time': number; 'Execution Time': number };
			serverTimes.push(plan['Planning Time'] + plan['Execution Time']);
		}
		const report = (label: string, timings: number[]) => {
			timings.sort((a, b) => a - b);
			const at = (q: number) =>
				timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
			console.log(
				`  ${label}: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`
			);
		};
		console.log(
			`\nnearbyPlaces over ${count} places, ${queries} searches from every municipality ` +
				`(5/10/20/50 km, a third only shops), ${Math.round(found / queries)} matches on average:`
		);
		report('server time (planning + execution)', serverTimes);
		report('round trip from Node (with the count)', roundTrips);
	} finally {
		await db.destroy();
		// let the pool's sockets close before the database is dropped
		await new Promise((resolve) => setTimeout(resolve, 300));
		await postgres.dropDatabase(name);
		await postgres.stop();
	}
}

if (import.meta.main) await measure();
