/**
 * Demo markets: the REAL weekly and seasonal markets of the region file
 * (shared/region/bergstrasse-odenwald.json) at their real places, at the municipality's
 * coordinates, skipping Hessian public holidays. Where the file gives no time, a plausible
 * morning is used and the market is marked uncertain (the page says so); seasonal markets get
 * plausible dates in their month as extra dates, also marked uncertain. Regular stands and a
 * few attendance reports go to the demo producers (organisations of kind producer or
 * farm_shop) — none, if the products seeder did not make any.
 */
import { scheduleSchema, type Schedule, type ScheduleRule } from '../schedule/schedule.ts';
import { addDays, weekdayOf } from '../schedule/zoned-time.ts';
import {
	createMarket,
	datesBetween,
	scheduleOf,
	type MarketContext
} from '../market/market.service.ts';
import { today } from '../market/market.dates.ts';
import {
	listOrganisationsOfKinds,
	PRODUCER_KINDS,
	upsertAttendance,
	upsertStand
} from '../market/market.repository.ts';
import type { MarketKind } from '../db/schema.ts';
import type { DemoContext, DemoSeeder } from './demo.ts';

interface DemoMarket {
	name: string;
	kind: MarketKind;
	municipality: string;
	place: string;
	street?: string;
	description: string;
	uncertain: boolean;
	rules: Omit<ScheduleRule, 'weeksOfMonth'>[];
	/** extra dates (for seasonal markets), computed from today */
	extras?: (from: string) => { date: string; start: string; end: string }[];
}

const MON_SAT = [1, 2, 3, 4, 5, 6];

/** The `n`th given weekday (1 = Monday) of a month, YYYY-MM-DD. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
	let day = `${year}-${String(month).padStart(2, '0')}-01`;
	while (weekdayOf(day) !== weekday) day = addDays(day, 1);
	return addDays(day, 7 * (n - 1));
}

/** The first year (this or the next) in which `make(year)` is not before `from`. */
function nextYear(from: string, make: (year: number) => string): string {
	const year = Number(from.slice(0, 4));
	const date = make(year);
	return date >= from ? date : make(year + 1);
}

const MARKETS: DemoMarket[] = [
	{
		name: 'Wochenmarkt Bensheim',
		kind: 'weekly',
		municipality: 'Bensheim',
		place: 'Marktplatz',
		description:
			'Wochenmarkt auf dem Bensheimer Marktplatz von Montag bis Samstag: Obst, Gemüse, Eier, Brot, Käse und Blumen aus der Region.',
		uncertain: false,
		rules: [
			{
				weekdays: MON_SAT,
				start: '07:30',
				end: '13:00',
				season: { from: '04-01', until: '09-30' }
			},
			{ weekdays: MON_SAT, start: '08:00', end: '13:00', season: { from: '10-01', until: '03-31' } }
		]
	},
	{
		name: 'Wochenmarkt Heppenheim',
		kind: 'weekly',
		municipality: 'Heppenheim',
		place: 'Friedrichstraße (Fußgängerzone)',
		street: 'Friedrichstraße',
		description: 'Wochenmarkt in der Fußgängerzone, mittwochs und samstags.',
		uncertain: false,
		rules: [{ weekdays: [3, 6], start: '07:30', end: '13:30' }]
	},
	{
		name: 'Wochenmarkt Lampertheim',
		kind: 'weekly',
		municipality: 'Lampertheim',
		place: 'Schillerplatz',
		description:
			'Wochenmarkt dienstags und samstags auf dem Schillerplatz. Die Uhrzeit ist nicht belegt; angegeben ist ein üblicher Vormittag.',
		uncertain: true,
		rules: [{ weekdays: [2, 6], start: '08:00', end: '12:00' }]
	},
	{
		name: 'Wochenmarkt Lorsch',
		kind: 'weekly',
		municipality: 'Lorsch',
		place: 'Benediktinerplatz',
		description: 'Wochenmarkt freitags auf dem Benediktinerplatz.',
		uncertain: true,
		rules: [{ weekdays: [5], start: '08:00', end: '14:00' }]
	},
	{
		name: 'Spezialitätenmarkt Viernheim',
		kind: 'theme',
		municipality: 'Viernheim',
		place: 'Apostelplatz',
		description: 'Spezialitätenmarkt donnerstags auf dem Apostelplatz.',
		uncertain: false,
		rules: [{ weekdays: [4], start: '08:00', end: '13:00' }]
	},
	{
		name: 'Wochenmarkt Michelstadt',
		kind: 'weekly',
		municipality: 'Michelstadt',
		place: 'Großparkplatz Altstadt',
		description:
			'Wochenmarkt freitags am Großparkplatz Altstadt. Die Uhrzeit ist nicht belegt; angegeben ist ein üblicher Vormittag.',
		uncertain: true,
		rules: [{ weekdays: [5], start: '08:00', end: '12:00' }]
	},
	{
		name: 'Odenwälder Kartoffelmarkt',
		kind: 'seasonal',
		municipality: 'Höchst i. Odw.',
		place: 'Montmelianer Platz',
		description:
			'Kartoffelmarkt im September. Der Tag ist ein angenommener Termin (zweiter Sonntag im September).',
		uncertain: true,
		rules: [],
		extras: (from) => [
			{ date: nextYear(from, (y) => nthWeekday(y, 9, 7, 2)), start: '11:00', end: '18:00' }
		]
	},
	{
		name: 'Bauernmarkt der Odenwälder Direktvermarkter',
		kind: 'regional',
		municipality: 'Erbach',
		place: 'Wiesenmarktgelände',
		description:
			'Drei Tage Bauernmarkt mit etwa 75 Ständen der Odenwälder Direktvermarkter. Die Tage sind angenommen (erstes Wochenende im Oktober, Freitag bis Sonntag).',
		uncertain: true,
		rules: [],
		extras: (from) => {
			const friday = nextYear(from, (y) => addDays(nthWeekday(y, 10, 7, 1), -2));
			return [0, 1, 2].map((n) => ({ date: addDays(friday, n), start: '10:00', end: '18:00' }));
		}
	},
	{
		name: 'Regionalmarkt Wald-Michelbach',
		kind: 'regional',
		municipality: 'Wald-Michelbach',
		place: 'Hofwiese',
		description:
			'Regionalmarkt Mitte Oktober; der Tag ist angenommen (dritter Sonntag im Oktober).',
		uncertain: true,
		rules: [],
		extras: (from) => [
			{ date: nextYear(from, (y) => nthWeekday(y, 10, 7, 3)), start: '11:00', end: '18:00' }
		]
	},
	{
		name: 'Schlossmarkt Erbach',
		kind: 'seasonal',
		municipality: 'Erbach',
		place: 'Marktplatz',
		description:
			'Schlossmarkt ab März, 13:00 bis 18:00 Uhr. Die Tage sind angenommen (erster Samstag der Monate März bis Oktober).',
		uncertain: true,
		rules: [],
		extras: (from) => {
			const year = Number(nextYear(from, (y) => nthWeekday(y, 10, 6, 1)).slice(0, 4));
			return [3, 4, 5, 6, 7, 8, 9, 10]
				.map((month) => nthWeekday(year, month, 6, 1))
				.filter((date) => date >= from)
				.map((date) => ({ date, start: '13:00', end: '18:00' }));
		}
	}
];

export const marketSeeder: DemoSeeder = {
	name: 'markets',
	async seed(ctx: DemoContext) {
		const market: MarketContext = {
			db: ctx.db,
			region: ctx.region,
			actor: ctx.actorFor(ctx.moderator),
			meta: { ip: '', origin: 'http://localhost', lang: 'de' }
		};
		const municipalities = await ctx.db
			.selectFrom('municipality')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.execute();
		const slugOf = new Map(municipalities.map((m) => [m.name, m.slug]));
		const producers = await listOrganisationsOfKinds(ctx.db, ctx.region.id, PRODUCER_KINDS);
		const from = today(new Date());
		for (const [index, demo] of MARKETS.entries()) {
			const municipality = slugOf.get(demo.municipality);
			if (!municipality) continue; // a region file without this town: nothing to seed
			const exceptions: Schedule['exceptions'] = (demo.extras?.(from) ?? []).map((e) => ({
				...e,
				kind: 'extra' as const
			}));
			const slug = await createMarket(
				market,
				{
					name: demo.name,
					kind: demo.kind,
					description: demo.description,
					uncertain: demo.uncertain,
					skipHolidays: true,
					place: undefined,
					newPlace: { name: demo.place, street: demo.street ?? '', municipality, point: undefined },
					organiser: undefined,
					rules: scheduleSchema.parse({ rules: demo.rules, exceptions }).rules
				},
				exceptions
			);
			if (producers.length === 0) continue;
			const row = await ctx.db
				.selectFrom('market')
				.select(['id', 'schedule'])
				.where('region_id', '=', ctx.region.id)
				.where('slug', '=', slug)
				.executeTakeFirstOrThrow();
			// two or three regular stands per market, rotating through the producers
			const count = Math.min(producers.length, 2 + (index % 2));
			const stands = Array.from(
				{ length: count },
				(_, n) => producers[(index * 2 + n) % producers.length]!
			);
			for (const [n, producer] of stands.entries()) {
				await upsertStand(ctx.db, ctx.region.id, row.id, {
					producerId: producer.id,
					label: `Stand ${n + 1}`,
					regular: demo.rules.length > 0
				});
			}
			// a few reports on the next real dates: one absence, one extra producer present
			const dates = datesBetween(scheduleOf(row.schedule), from, addDays(from, 30)).filter(
				(o) => !o.cancelled
			);
			const [first, second] = [dates[1], dates[2]];
			if (first && demo.rules.length > 0) {
				await upsertAttendance(ctx.db, ctx.region.id, {
					marketId: row.id,
					date: first.date,
					producerId: stands[0]!.id,
					status: 'absent',
					note: 'Urlaub'
				});
			}
			const guest = producers.find((p) => !stands.includes(p));
			const guestDate = second ?? dates[0];
			if (guest && guestDate) {
				await upsertAttendance(ctx.db, ctx.region.id, {
					marketId: row.id,
					date: guestDate.date,
					producerId: guest.id,
					status: 'present',
					note: ''
				});
			}
			// seasonal markets: their producers announce the first date
			if (demo.rules.length === 0 && dates[0]) {
				for (const producer of stands) {
					await upsertAttendance(ctx.db, ctx.region.id, {
						marketId: row.id,
						date: dates[0].date,
						producerId: producer.id,
						status: 'present',
						note: ''
					});
				}
			}
		}
	}
};
