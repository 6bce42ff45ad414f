/**
 * Markets for the benchmark: `count` markets of a region, each at its own market square near a
 * municipality of the region, with a realistic schedule that yields a year of dates (one to
 * three weekdays; every third market with summer and winter times; public holidays skipped; a
 * few cancelled and extra dates), and their search documents. Three multi-row inserts in one
 * transaction; the same numbers for the same seed.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DB } from '../src/lib/server/db/database.ts';
import type { MarketTable, PlaceTable } from '../src/lib/server/db/schema.ts';
import { scheduleSchema, type ScheduleInput } from '../src/lib/server/schedule/schedule.ts';
import { addDays } from '../src/lib/server/schedule/zoned-time.ts';
import { seededRandom } from '../src/lib/server/demo/demo.ts';

const KINDS = ['weekly', 'weekly', 'weekly', 'regional', 'theme', 'seasonal'] as const;
const STARTS = ['07:00', '07:30', '08:00', '09:00', '14:00'];

export async function generateMarkets(
	db: DB,
	regionId: string,
	count = 100,
	options: { seed?: number; from?: string } = {}
): Promise<{ marketIds: string[] }> {
	const random = seededRandom(options.seed ?? 5);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const from = options.from ?? new Date().toISOString().slice(0, 10);
	const municipalities = await db
		.selectFrom('municipality')
		.select(['id', 'name', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.orderBy('name')
		.execute();
	if (municipalities.length === 0)
		throw new Error('generateMarkets: the region has no municipalities');
	const tag = randomUUID().slice(0, 6);
	const places: Insertable<PlaceTable>[] = [];
	const markets: (Insertable<MarketTable> & {
		id: string;
		slug: string;
		name: string;
		municipality: string;
	})[] = [];
	for (let i = 0; i < count; i++) {
		const municipality = municipalities[i % municipalities.length]!;
		const placeId = randomUUID();
		places.push({
			id: placeId,
			region_id: regionId,
			slug: `bench-${tag}-platz-${i}`,
			kind: 'market_square' as const,
			name: `Marktplatz ${i + 1}`,
			municipality_id: municipality.id,
			lat: municipality.lat + (random() - 0.5) * 0.02,
			lon: municipality.lon + (random() - 0.5) * 0.02
		});
		const weekdays = [
			...new Set(
				Array.from({ length: 1 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 6))
			)
		];
		const start = pick(STARTS);
		const end = `${String(Number(start.slice(0, 2)) + 5).padStart(2, '0')}:00`;
		const rules: ScheduleInput['rules'] =
			i % 3 === 0
				? [
						{ weekdays, start, end, season: { from: '04-01', until: '09-30' } },
						{
							weekdays,
							start: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`,
							end,
							season: { from: '10-01', until: '03-31' }
						}
					]
				: [{ weekdays, start, end }];
		const exceptions: ScheduleInput['exceptions'] = [
			{
				date: addDays(from, 10 + Math.floor(random() * 300)),
				kind: 'cancelled',
				note: 'Stadtfest'
			},
			{
				date: addDays(from, 10 + Math.floor(random() * 300)),
				kind: 'extra',
				start: '10:00',
				end: '16:00'
			}
		];
		const schedule = scheduleSchema.parse({ rules, exceptions, skipHolidaysIn: 'HE' });
		markets.push({
			id: randomUUID(),
			region_id: regionId,
			slug: `bench-${tag}-markt-${i}`,
			name: `Markt ${i + 1} in ${municipality.name}`,
			kind: pick(KINDS),
			place_id: placeId,
			schedule: JSON.stringify(schedule),
			uncertain: random() < 0.1,
			municipality: municipality.name
		});
	}
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('place').values(places).execute();
		await trx
			.insertInto('market')
			.values(markets.map(({ municipality: _, ...m }) => m))
			.execute();
		await trx
			.insertInto('search_document')
			.values(
				markets.map((m) => ({
					region_id: regionId,
					kind: 'market' as const,
					ref_id: m.id,
					path: `/maerkte/${m.slug}`,
					title: JSON.stringify({ de: m.name, en: m.name }),
					body: JSON.stringify({
						de: `Markt in ${m.municipality}`,
						en: `Market in ${m.municipality}`
					})
				}))
			)
			.execute();
	});
	return { marketIds: markets.map((m) => m.id) };
}
