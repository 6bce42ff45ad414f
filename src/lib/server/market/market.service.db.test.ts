/** Markets on real PostgreSQL: forms, permissions, regions, stands, attendance, "near me". */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import {
	createOrganisationOfKind,
	createProduct,
	createShop
} from '../../../../test/market-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { AppError } from '../security/app-error.ts';
import { addDays, weekdayOf } from '../schedule/zoned-time.ts';
import {
	attendanceSchema,
	exceptionFormSchema,
	marketSchema,
	shoppingQuerySchema,
	standSchema
} from './market.schema.ts';
import {
	addException,
	createMarket,
	findShopping,
	marketPage,
	marketsPage,
	removeException,
	removeStand,
	setAttendance,
	setStand,
	updateMarket,
	type MarketContext
} from './market.service.ts';
import { listProducersPresent } from './market.repository.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;
let moderator: SessionPerson;
let organiserAdmin: SessionPerson;
let citizen: SessionPerson;
let farmer: SessionPerson;

const LINDENFELS = { lat: 49.684, lon: 8.782 };
// a Wednesday next year, noon in Berlin
const YEAR = new Date().getUTCFullYear() + 1;
const firstWednesday = (() => {
	let d = `${YEAR}-06-01`;
	while (weekdayOf(d) !== 3) d = addDays(d, 1);
	return d;
})();
const NOW = new Date(`${firstWednesday}T10:00:00Z`);
const thursday = addDays(firstWednesday, 1);
const friday = addDays(firstWednesday, 2);

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
	moderator = await createPerson(t.db, demo, { role: 'moderator' });
	organiserAdmin = await createPerson(t.db, demo);
	citizen = await createPerson(t.db, demo);
	farmer = await createPerson(t.db, demo);
});
afterAll(async () => {
	await t?.destroy();
});

const ctx = (region: RegionContext, person: SessionPerson | null): MarketContext => ({
	db: t.db,
	region,
	actor: { regionId: region.id, person },
	meta: { ip: '', origin: 'https://bergstrasse.example', lang: 'de' }
});

function form(values: Record<string, string>) {
	return marketSchema.parse({
		kind: 'weekly',
		skipHolidays: 'on',
		placeName: 'Marktplatz',
		municipality: 'lindenfels',
		...values
	});
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
	const caught = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(caught).toBeInstanceOf(AppError);
	return caught as AppError;
}

describe('the market form', () => {
	test('bad input: per-field messages on the rule rows', () => {
		const parsed = marketSchema.safeParse({
			name: 'X',
			kind: 'weekly',
			placeName: '',
			r0_d2: 'on',
			r0_start: '13:00',
			r0_end: '07:30',
			r1_d3: 'on',
			r1_start: '8 Uhr',
			r1_end: '12:00',
			r2_d5: 'on',
			r2_start: '08:00',
			r2_end: '12:00',
			r2_from: '04-01',
			r3_start: '08:00',
			r3_end: '12:00'
		});
		expect(parsed.success).toBe(false);
		const fields = Object.fromEntries(
			parsed.error!.issues.map((i) => [String(i.path[0]), i.message])
		);
		expect(fields).toMatchObject({
			name: 'market.name.invalid',
			r0_end: 'schedule.end.beforeStart',
			r1_start: 'schedule.time.invalid',
			r2_until: 'market.season.both',
			r3_d1: 'schedule.weekdays.required',
			placeName: 'market.placeName.invalid',
			municipality: 'market.municipality.required'
		});
	});

	test('a seasonal schedule (Bensheim) becomes two rules and skips holidays', () => {
		const input = form({
			name: 'Wochenmarkt Test',
			...Object.fromEntries([1, 2, 3, 4, 5, 6].map((d) => [`r0_d${d}`, 'on'])),
			r0_start: '07:30',
			r0_end: '13:00',
			r0_from: '04-01',
			r0_until: '09-30',
			...Object.fromEntries([1, 2, 3, 4, 5, 6].map((d) => [`r1_d${d}`, 'on'])),
			r1_start: '08:00',
			r1_end: '13:00',
			r1_from: '10-01',
			r1_until: '03-31'
		});
		expect(input.rules).toHaveLength(2);
		expect(input.rules[1]!.season).toEqual({ from: '10-01', until: '03-31' });
		expect(input.skipHolidays).toBe(true);
	});

	test('no rules at all: a message on the first row, nothing written', async () => {
		const before = await t.db.selectFrom('market').select('id').execute();
		const e = await errorOf(createMarket(ctx(demo, moderator), form({ name: 'Leerer Markt' })));
		expect(e.fields).toEqual({ r0_d1: 'schedule.rules.required' });
		expect(await t.db.selectFrom('market').select('id').execute()).toEqual(before);
		const places = await t.db
			.selectFrom('place')
			.select('id')
			.where('name', '=', 'Marktplatz')
			.execute();
		expect(places).toHaveLength(0);
	});
});

describe('permissions and regions', () => {
	test('citizens may not create markets; organiser admins may, for their organiser', async () => {
		const organiser = await createOrganisationOfKind(t.db, demo.id, 'market_organiser', [
			{ id: organiserAdmin.id, role: 'admin' }
		]);
		const input = form({
			name: 'Bauernmarkt Kolmbach',
			r0_d6: 'on',
			r0_start: '08:00',
			r0_end: '12:00'
		});
		expect((await errorOf(createMarket(ctx(demo, citizen), input))).code).toBe('forbidden');
		expect((await errorOf(createMarket(ctx(demo, null), input))).code).toBe('unauthenticated');
		// a citizen naming an organiser they are not admin of: still forbidden
		expect(
			(await errorOf(createMarket(ctx(demo, citizen), { ...input, organiser: organiser.slug })))
				.code
		).toBe('forbidden');
		const slug = await createMarket(ctx(demo, organiserAdmin), {
			...input,
			organiser: organiser.slug
		});
		expect(slug).toBe('bauernmarkt-kolmbach');
		const market = await t.db
			.selectFrom('market as m')
			.innerJoin('place as p', 'p.id', 'm.place_id')
			.select(['p.kind', 'p.lat', 'm.organiser_id'])
			.where('m.slug', '=', slug)
			.executeTakeFirstOrThrow();
		expect(market).toEqual({
			kind: 'market_square',
			lat: LINDENFELS.lat,
			organiser_id: organiser.id
		});
		// search finds it, in the same transaction
		const doc = await t.db
			.selectFrom('search_document')
			.select(['path', 'body'])
			.where('kind', '=', 'market')
			.where('path', '=', `/maerkte/${slug}`)
			.executeTakeFirstOrThrow();
		expect((doc.body as { de: string }).de).toContain('Wochenmarkt in Lindenfels');

		// the organiser's admin edits, a citizen does not; the change reaches the search document
		await updateMarket(ctx(demo, organiserAdmin), slug, {
			...input,
			name: 'Bauernmarkt Kolmbach (Samstag)',
			place: 'marktplatz-lindenfels',
			organiser: organiser.slug
		});
		expect((await errorOf(updateMarket(ctx(demo, citizen), slug, input))).code).toBe('forbidden');
		const renamed = await t.db
			.selectFrom('search_document')
			.select('title')
			.where('path', '=', `/maerkte/${slug}`)
			.executeTakeFirstOrThrow();
		expect((renamed.title as { de: string }).de).toBe('Bauernmarkt Kolmbach (Samstag)');
	});

	test('a market of one region is not found from another', async () => {
		await createMarket(
			ctx(demo, moderator),
			form({ name: 'Regionsmarkt', r0_d4: 'on', r0_start: '08:00', r0_end: '12:00' })
		);
		const otherModerator = await createPerson(t.db, other, { role: 'moderator' });
		expect((await errorOf(marketPage(ctx(other, otherModerator), 'regionsmarkt'))).code).toBe(
			'not_found'
		);
		expect((await marketsPage(ctx(other, null), {})).markets.map((m) => m.slug)).not.toContain(
			'regionsmarkt'
		);
		// and a market square of another region cannot be used
		const e = await errorOf(
			createMarket(
				ctx(other, otherModerator),
				marketSchema.parse({
					name: 'Fremder Platz',
					kind: 'weekly',
					place: 'marktplatz-lindenfels',
					r0_d4: 'on',
					r0_start: '08:00',
					r0_end: '12:00'
				})
			)
		);
		expect(e.fields).toEqual({ place: 'market.place.notSquare' });
	});
});

test('the database keeps markets on market squares', async () => {
	const shop = await createShop(t.db, demo.id, {
		name: 'Laden am Markt',
		lat: 49.7,
		lon: 8.7,
		producers: []
	});
	const square = await t.db
		.selectFrom('place')
		.select(['id'])
		.where('region_id', '=', demo.id)
		.where('kind', '=', 'market_square')
		.executeTakeFirstOrThrow();
	const insert = (placeId: string) =>
		t.db
			.insertInto('market')
			.values({
				region_id: demo.id,
				slug: `direkt-${placeId.slice(0, 8)}`,
				name: 'Direkt eingefügt',
				kind: 'weekly',
				place_id: placeId,
				schedule: JSON.stringify({ rules: [] })
			})
			.execute();
	await expect(insert(shop)).rejects.toMatchObject({ code: '23514' });
	await expect(
		t.db.updateTable('place').set({ kind: 'venue' }).where('id', '=', square.id).execute()
	).rejects.toMatchObject({ code: '23514' });
});

describe('exceptions, stands and attendance', () => {
	let slug: string;
	let producer: { id: string; slug: string; name: string };

	beforeAll(async () => {
		slug = await createMarket(
			ctx(demo, moderator),
			form({
				name: 'Donnerstagsmarkt',
				placeName: 'Burgplatz',
				r0_d4: 'on',
				r0_start: '08:00',
				r0_end: '13:00'
			})
		);
		producer = await createOrganisationOfKind(t.db, demo.id, 'producer', [
			{ id: farmer.id, role: 'member' }
		]);
	});

	test('two exceptions added at the same time are both kept (row lock)', async () => {
		const a = exceptionFormSchema.parse({
			date: `${YEAR}-07-01`,
			kind: 'cancelled',
			note: 'Stadtfest'
		});
		const b = exceptionFormSchema.parse({
			date: `${YEAR}-07-03`,
			kind: 'extra',
			start: '14:00',
			end: '18:00'
		});
		await Promise.all([
			addException(ctx(demo, moderator), slug, a),
			addException(ctx(demo, moderator), slug, b)
		]);
		const row = await t.db
			.selectFrom('market')
			.select('schedule')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		expect(
			(row.schedule as { exceptions: { date: string }[] }).exceptions.map((e) => e.date)
		).toEqual([`${YEAR}-07-01`, `${YEAR}-07-03`]);
		expect(
			exceptionFormSchema.safeParse({ date: `${YEAR}-02-30`, kind: 'cancelled' }).success
		).toBe(false);
		const bad = exceptionFormSchema.safeParse({
			date: `${YEAR}-07-05`,
			kind: 'changed',
			start: '12:00',
			end: '09:00'
		});
		expect(bad.error?.issues[0]).toMatchObject({
			path: ['end'],
			message: 'schedule.end.beforeStart'
		});
		expect((await errorOf(addException(ctx(demo, citizen), slug, a))).code).toBe('forbidden');
		await addException(
			ctx(demo, moderator),
			slug,
			exceptionFormSchema.parse({ date: `${YEAR}-08-05`, kind: 'cancelled' })
		);
		await removeException(ctx(demo, moderator), slug, 2);
		const after = await t.db
			.selectFrom('market')
			.select('schedule')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		expect((after.schedule as { exceptions: unknown[] }).exceptions).toHaveLength(2);
	});

	test('attendance only on real dates, only by the producer’s people', async () => {
		const on = (date: string, status = 'present') =>
			attendanceSchema.parse({ producer: producer.id, date, status });
		// a Friday is not a market date of a Thursday market
		expect((await errorOf(setAttendance(ctx(demo, farmer), slug, on(friday)))).fields).toEqual({
			date: 'market.attendance.notADate'
		});
		// the cancelled date is not a date either
		expect(
			(await errorOf(setAttendance(ctx(demo, farmer), slug, on(`${YEAR}-07-01`)))).fields
		).toEqual({ date: 'market.attendance.notADate' });
		expect((await errorOf(setAttendance(ctx(demo, citizen), slug, on(thursday)))).code).toBe(
			'forbidden'
		);
		await setAttendance(ctx(demo, farmer), slug, on(thursday));
		// the extra date is a real date
		await setAttendance(ctx(demo, farmer), slug, on(`${YEAR}-07-03`));
		const rows = await t.db
			.selectFrom('market_attendance')
			.select(['date', 'status'])
			.where('producer_id', '=', producer.id)
			.orderBy('date')
			.execute();
		expect(rows).toEqual([
			{ date: thursday, status: 'present' },
			{ date: `${YEAR}-07-03`, status: 'present' }
		]);
	});

	test('present = regular stands without absence + announced; one query for many dates', async () => {
		const regular = await createOrganisationOfKind(t.db, demo.id, 'farm_shop', [
			{ id: farmer.id, role: 'admin' }
		]);
		await setStand(
			ctx(demo, moderator),
			slug,
			standSchema.parse({ producer: regular.id, label: 'Stand 1', regular: 'on' })
		);
		expect(
			(
				await errorOf(
					setStand(
						ctx(demo, citizen),
						slug,
						standSchema.parse({ producer: regular.id, regular: 'on' })
					)
				)
			).code
		).toBe('forbidden');
		const nextThursday = addDays(thursday, 7);
		await setAttendance(
			ctx(demo, farmer),
			slug,
			attendanceSchema.parse({ producer: regular.id, date: nextThursday, status: 'absent' })
		);
		const market = await t.db
			.selectFrom('market')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		const rows = await listProducersPresent(t.db, demo.id, [
			{ marketId: market.id, date: thursday },
			{ marketId: market.id, date: nextThursday }
		]);
		expect(rows.map((r) => [r.date, r.name, r.regular])).toEqual(
			[
				[thursday, producer.name, false],
				[thursday, regular.name, true]
			].sort((a, b) => String(a[1]).localeCompare(String(b[1])))
		);
		// the region filter: nothing from another region's point of view
		expect(
			await listProducersPresent(t.db, other.id, [{ marketId: market.id, date: thursday }])
		).toEqual([]);
	});
});

describe('/einkaufen: eggs near Lindenfels this week', () => {
	test('a market 8 km away with an egg producer is found; one 30 km away is not (radius 10)', async () => {
		const hens = await createOrganisationOfKind(t.db, demo.id, 'producer', [], 'Hühnerhof Test');
		const bees = await createOrganisationOfKind(t.db, demo.id, 'producer', [], 'Imkerei Test');
		await createProduct(t.db, demo.id, hens.id, 'eggs', 'Freilandeier');
		await createProduct(t.db, demo.id, bees.id, 'honey', 'Waldhonig');
		const near = { lat: LINDENFELS.lat + 8 / 111.195, lon: LINDENFELS.lon };
		const far = { lat: LINDENFELS.lat - 30 / 111.195, lon: LINDENFELS.lon };
		const make = async (name: string, point: { lat: number; lon: number }) => {
			const s = await createMarket(
				ctx(demo, moderator),
				form({
					name,
					placeName: `Platz ${name}`,
					lat: String(point.lat),
					lon: String(point.lon),
					r0_d4: 'on',
					r0_start: '08:00',
					r0_end: '12:00'
				})
			);
			for (const p of [hens, bees]) {
				await setStand(
					ctx(demo, moderator),
					s,
					standSchema.parse({ producer: p.id, regular: 'on' })
				);
			}
			return s;
		};
		await make('Eiermarkt Nah', near);
		await make('Eiermarkt Fern', far);
		const shop = await createShop(t.db, demo.id, {
			name: 'Dorfladen Test',
			lat: LINDENFELS.lat + 0.01,
			lon: LINDENFELS.lon,
			producers: [hens.id],
			openingHours: { rules: [{ weekdays: [1, 2, 3, 4, 5, 6], start: '08:00', end: '18:00' }] }
		});
		expect(shop).toBeTruthy();

		const query = shoppingQuerySchema.parse({
			kategorie: 'eggs',
			ort: 'lindenfels',
			umkreis: '10',
			zeitraum: 'woche'
		});
		const result = await findShopping(ctx(demo, null), query, NOW);
		const names = result.dates.map((d) => d.market.name);
		expect(names).toContain('Eiermarkt Nah');
		expect(names).not.toContain('Eiermarkt Fern');
		const found = result.dates.find((d) => d.market.name === 'Eiermarkt Nah')!;
		expect(found.date).toBe(thursday);
		expect(found.distanceKm).toBeCloseTo(8, 0);
		// only the egg producer, with its eggs
		expect(found.producers.map((p) => [p.name, p.products])).toEqual([
			['Hühnerhof Test', ['Freilandeier']]
		]);
		expect(result.shops.map((s) => [s.name, s.open?.open])).toEqual([['Dorfladen Test', true]]);

		// 50 km finds the far one too, sorted by date and then distance
		const wide = await findShopping(ctx(demo, null), { ...query, umkreis: 50 }, NOW);
		const sameDay = wide.dates.filter((d) => d.date === thursday).map((d) => d.market.name);
		expect(sameDay.indexOf('Eiermarkt Nah')).toBeLessThan(sameDay.indexOf('Eiermarkt Fern'));
		// another region sees none of it
		const elsewhere = await findShopping(ctx(other, null), { ...query, ort: 'lindenfels' }, NOW);
		expect(elsewhere.dates).toEqual([]);
	});
});

test('each change of a market and its stands writes one audit entry in its transaction', async () => {
	const audited = (ip: string): MarketContext => ({
		...ctx(demo, moderator),
		meta: { ...ctx(demo, moderator).meta, ip }
	});
	const slug = await createMarket(
		audited('198.51.100.4'),
		form({ name: 'Protokollmarkt', r0_d6: 'on', r0_start: '08:00', r0_end: '12:00' })
	);
	const { id } = await t.db
		.selectFrom('market')
		.select('id')
		.where('region_id', '=', demo.id)
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	const entries = () =>
		t.db
			.selectFrom('audit_entry')
			.select(['action', 'actor_id', 'target_type', 'ip', 'details'])
			.where('region_id', '=', demo.id)
			.where('target_id', '=', id)
			.orderBy('id')
			.execute();
	expect(await entries()).toEqual([
		{
			action: 'market.created',
			actor_id: moderator.id,
			target_type: 'market',
			ip: '198.51.100.4',
			details: { slug, name: 'Protokollmarkt' }
		}
	]);
	await updateMarket(
		audited('198.51.100.4'),
		slug,
		form({ name: 'Protokollmarkt Neu', r0_d6: 'on', r0_start: '08:00', r0_end: '12:00' })
	);
	await addException(
		audited('198.51.100.4'),
		slug,
		exceptionFormSchema.parse({ date: `${YEAR}-12-26`, kind: 'cancelled' })
	);
	await removeException(audited('198.51.100.4'), slug, 0);
	const stallholder = await createOrganisationOfKind(
		t.db,
		demo.id,
		'producer',
		[],
		'Hof Protokoll'
	);
	await setStand(
		audited('198.51.100.4'),
		slug,
		standSchema.parse({ producer: stallholder.id, label: 'A3', regular: 'on' })
	);
	await removeStand(audited('198.51.100.4'), slug, stallholder.id);
	// refused or empty changes leave no entry
	const foreign = form({ name: 'Fremd', r0_d1: 'on', r0_start: '08:00', r0_end: '12:00' });
	expect((await errorOf(updateMarket(ctx(demo, citizen), slug, foreign))).code).toBe('forbidden');
	await removeStand(audited('198.51.100.4'), slug, stallholder.id);
	expect((await entries()).map((e) => [e.action, e.details])).toEqual([
		['market.created', { slug, name: 'Protokollmarkt' }],
		['market.updated', { slug, name: 'Protokollmarkt Neu' }],
		['market.updated', { slug, exceptionAdded: `${YEAR}-12-26` }],
		['market.updated', { slug, exceptionRemoved: `${YEAR}-12-26` }],
		[
			'market.stand_set',
			{ slug, producerId: stallholder.id, producer: 'Hof Protokoll', label: 'A3', regular: true }
		],
		['market.stand_removed', { slug, producerId: stallholder.id }]
	]);
});
