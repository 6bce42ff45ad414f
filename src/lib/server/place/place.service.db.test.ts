import { ruleRowsToShow } from '#lib/schedule-rows.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisation } from '../../../../test/working-group-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { distanceKm } from './geo.ts';
import { nearbyPlaces } from './place.repository.ts';
import { placeExceptionSchema, placeSchema, listQuerySchema } from './place.schema.ts';
import { createMarket, type MarketContext } from '../market/market.service.ts';
import { marketSchema } from '../market/market.schema.ts';
import { listAuditEntries } from '../admin/admin.service.ts';
import {
	addPlaceException,
	createPlace,
	deletePlace,
	getPlace,
	getPlaceForDelete,
	getPlaceForEdit,
	listPlaces,
	removePlaceException,
	setShopProducers,
	updatePlace,
	type PlaceContext
} from './place.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;
let lindenfels: { id: string; slug: string; lat: number; lon: number };

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
	lindenfels = await t.db
		.selectFrom('municipality')
		.select(['id', 'slug', 'lat', 'lon'])
		.where('region_id', '=', demo.id)
		.where('slug', '=', 'lindenfels')
		.executeTakeFirstOrThrow();
});
afterAll(async () => {
	await t?.destroy();
});

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null): PlaceContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { lang: 'de', ip: '192.0.2.7' }
	};
}

async function auditOf(targetId: string) {
	return t.db
		.selectFrom('audit_entry')
		.select(['action', 'actor_id', 'target_type', 'ip', 'details'])
		.where('region_id', '=', demo.id)
		.where('target_id', '=', targetId)
		.orderBy('id')
		.execute();
}

async function storedHours(slug: string) {
	const row = await t.db
		.selectFrom('place')
		.select(['id', 'opening_hours'])
		.where('region_id', '=', demo.id)
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	return { id: row.id, hours: row.opening_hours as Record<string, unknown> | null };
}

function input(fields: Record<string, string>) {
	return placeSchema.parse({
		name: 'Dorfladen Test',
		kind: 'shop',
		shopKind: 'village',
		municipality: 'lindenfels',
		...fields
	});
}

async function producer(region: RegionContext, name: string) {
	const municipality = await t.db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.limit(1)
		.executeTakeFirstOrThrow();
	return t.db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
			name,
			kind: 'producer',
			sector: 'wirtschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			created_by: null
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
}

describe('places', () => {
	test('moderators and organisation members create places; others may not', async () => {
		const citizen = await person(demo);
		const member = await person(demo);
		const organisation = await createOrganisation(t.db, demo, member);
		await expect(createPlace(ctx(demo, null), input({}))).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		// a citizen without organisation, or naming someone else's organisation
		await expect(createPlace(ctx(demo, citizen), input({}))).rejects.toMatchObject({
			code: 'invalid',
			fields: { organisation: 'place.organisation.mine' }
		});
		await expect(
			createPlace(ctx(demo, citizen), input({ organisation: organisation.slug }))
		).rejects.toMatchObject({ code: 'invalid' });
		const unverified = await person(demo, 'citizen', false);
		await expect(createPlace(ctx(demo, unverified), input({}))).rejects.toMatchObject({
			code: 'forbidden'
		});

		const { slug } = await createPlace(
			ctx(demo, member),
			input({
				organisation: organisation.slug,
				h0_1: 'on',
				h0_2: 'on',
				h0_start: '8:00',
				h0_end: '12:30',
				holidays: 'on'
			})
		);
		expect(slug).toBe('dorfladen-test');
		const moderator = await person(demo, 'moderator');
		const second = await createPlace(ctx(demo, moderator), input({}));
		expect(second.slug).toBe('dorfladen-test-2');

		// without coordinates the place sits at the municipality's centre
		const shown = await getPlace(ctx(demo, null), slug, new Date('2026-12-01T09:00:00Z'));
		expect(shown.place.lat).toBe(lindenfels.lat);
		expect(shown.place.operator?.slug).toBe(organisation.slug);
		expect(shown.hours?.open).toBe(true);
		expect(shown.hours?.until).toBe('12:30');
		expect(shown.hours?.days[0]).toEqual({
			weekday: 1,
			ranges: [{ start: '08:00', end: '12:30' }]
		});
		expect(shown.hours?.closedOnHolidays).toBe(true);
		expect(shown.permissions.edit).toBe(false);
		expect((await getPlace(ctx(demo, member), slug)).permissions.edit).toBe(true);

		// the search document was written with the place
		const document = await t.db
			.selectFrom('search_document')
			.select(['path', 'title'])
			.where('region_id', '=', demo.id)
			.where('kind', '=', 'place')
			.where('path', '=', `/orte/${slug}`)
			.executeTakeFirstOrThrow();
		expect(document.title).toMatchObject({ de: 'Dorfladen Test' });

		// region isolation
		await expect(getPlace(ctx(other, null), slug)).rejects.toMatchObject({ code: 'not_found' });
		const otherModerator = await person(other, 'moderator');
		await expect(
			updatePlace(ctx(other, otherModerator), slug, input({ municipality: 'lindenfels' }))
		).rejects.toMatchObject({ code: 'not_found' });
	});

	test('editing: operators and moderators; bad input changes nothing', async () => {
		const member = await person(demo);
		const organisation = await createOrganisation(t.db, demo, member);
		const { slug } = await createPlace(
			ctx(demo, member),
			input({ name: 'Hofladen Edit', organisation: organisation.slug })
		);
		await expect(
			updatePlace(ctx(demo, await person(demo)), slug, input({ name: 'Fremd' }))
		).rejects.toMatchObject({ code: 'forbidden' });
		// a member cannot hand the place to an organisation they are not in
		const foreign = await createOrganisation(t.db, demo);
		await expect(
			updatePlace(ctx(demo, member), slug, input({ organisation: foreign.slug }))
		).rejects.toMatchObject({ code: 'invalid' });
		expect((await getPlace(ctx(demo, null), slug)).place).toMatchObject({
			name: 'Hofladen Edit',
			operator: { slug: organisation.slug }
		});
		await updatePlace(
			ctx(demo, member),
			slug,
			input({ name: 'Hofladen Neu', organisation: organisation.slug, lat: '49,7', lon: '8,8' })
		);
		const edited = await getPlaceForEdit(ctx(demo, member), slug);
		expect(edited.values).toMatchObject({ name: 'Hofladen Neu', lat: '49.7', lon: '8.8' });
		const moderator = await person(demo, 'moderator');
		await updatePlace(ctx(demo, moderator), slug, input({ name: 'Von Moderation', kind: 'farm' }));
		const shown = await getPlace(ctx(demo, null), slug);
		expect(shown.place).toMatchObject({ name: 'Von Moderation', kind: 'farm', shopKind: null });
	});

	test('an edit through the form keeps seasonal hours and days with different hours', async () => {
		const moderator = await person(demo, 'moderator');
		const { slug } = await createPlace(
			ctx(demo, moderator),
			input({
				name: 'Hofladen Saison',
				kind: 'farm',
				h0_2: 'on',
				h0_5: 'on',
				h0_start: '09:00',
				h0_end: '18:00',
				h0_from: '04-01',
				h0_until: '10-31',
				h1_5: 'on',
				h1_start: '10:00',
				h1_end: '16:00',
				h1_from: '1.11.',
				h1_until: '31.3.',
				holidays: 'on'
			})
		);
		await addPlaceException(
			ctx(demo, moderator),
			slug,
			placeExceptionSchema.parse({ date: '2026-12-24', kind: 'cancelled', note: 'Heiligabend' })
		);
		await addPlaceException(
			ctx(demo, moderator),
			slug,
			placeExceptionSchema.parse({
				date: '2027-05-01',
				kind: 'extra',
				start: '10:00',
				end: '14:00'
			})
		);
		// the same day and kind twice is a message at the date
		await expect(
			addPlaceException(
				ctx(demo, moderator),
				slug,
				placeExceptionSchema.parse({ date: '2026-12-24', kind: 'cancelled' })
			)
		).rejects.toMatchObject({ fields: { date: 'place.exception.duplicate' } });
		const before = await storedHours(slug);
		expect(before.hours).toMatchObject({
			rules: [
				{ weekdays: [2, 5], season: { from: '04-01', until: '10-31' } },
				{ weekdays: [5], season: { from: '11-01', until: '03-31' } }
			],
			exceptions: [{ date: '2026-12-24' }, { date: '2027-05-01' }]
		});
		// what the edit page shows, saved unchanged, changes nothing
		const form = await getPlaceForEdit(ctx(demo, moderator), slug);
		expect(form.exceptions.map((e) => e.date)).toEqual(['2026-12-24', '2027-05-01']);
		await updatePlace(ctx(demo, moderator), slug, placeSchema.parse(form.values));
		expect((await storedHours(slug)).hours).toEqual(before.hours);
		// in November the Friday is the winter hours: Friday 6 November 2026, 15:00 Berlin = 14:00Z
		const shown = await getPlace(ctx(demo, null), slug, new Date('2026-11-06T14:00:00Z'));
		expect(shown.hours?.open).toBe(true);
		await removePlaceException(ctx(demo, moderator), slug, 0);
		expect((await storedHours(slug)).hours).toMatchObject({
			exceptions: [{ date: '2027-05-01', kind: 'extra' }]
		});
		await expect(removePlaceException(ctx(demo, moderator), slug, 5)).rejects.toMatchObject({
			code: 'not_found'
		});
		// someone who may not edit the place cannot change its days either
		await expect(
			removePlaceException(ctx(demo, await person(demo)), slug, 0)
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('each change of a place writes one audit entry in its transaction', async () => {
		const moderator = await person(demo, 'moderator');
		const { slug } = await createPlace(ctx(demo, moderator), input({ name: 'Laden Protokoll' }));
		const { id } = await storedHours(slug);
		expect(await auditOf(id)).toEqual([
			{
				action: 'place.created',
				actor_id: moderator.id,
				target_type: 'place',
				ip: '192.0.2.7',
				details: { slug, name: 'Laden Protokoll' }
			}
		]);
		await updatePlace(
			ctx(demo, moderator),
			slug,
			input({ name: 'Laden Protokoll 2', h0_1: 'on', h0_start: '08:00', h0_end: '12:00' })
		);
		await addPlaceException(
			ctx(demo, moderator),
			slug,
			placeExceptionSchema.parse({ date: '2026-12-31', kind: 'cancelled' })
		);
		await removePlaceException(ctx(demo, moderator), slug, 0);
		// a refused change leaves no entry
		await expect(
			updatePlace(ctx(demo, await person(demo)), slug, input({ name: 'Fremd' }))
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			updatePlace(ctx(demo, moderator), slug, input({ municipality: 'nirgendwo' }))
		).rejects.toMatchObject({ code: 'invalid' });
		const entries = await auditOf(id);
		expect(entries.map((e) => [e.action, e.details])).toEqual([
			['place.created', { slug, name: 'Laden Protokoll' }],
			['place.updated', { slug, name: 'Laden Protokoll 2' }],
			['place.updated', { slug, exceptionAdded: '2026-12-31' }],
			['place.updated', { slug, exceptionRemoved: '2026-12-31' }]
		]);
	});

	test('shops stock producers of the region only', async () => {
		const moderator = await person(demo, 'moderator');
		const { slug } = await createPlace(
			ctx(demo, moderator),
			input({ name: 'Laden mit Erzeugern' })
		);
		const apple = await producer(demo, 'Apfelhof Prod Test');
		const honey = await producer(demo, 'Imkerei Prod Test');
		const foreign = await producer(other, 'Fremder Hof Prod Test');
		await setShopProducers(ctx(demo, moderator), slug, [apple.id, honey.id, apple.id]);
		expect((await getPlace(ctx(demo, null), slug)).producers.map((p) => p.slug)).toEqual([
			apple.slug,
			honey.slug
		]);
		await expect(setShopProducers(ctx(demo, moderator), slug, [foreign.id])).rejects.toMatchObject({
			code: 'invalid'
		});
		await expect(
			setShopProducers(ctx(demo, await person(demo)), slug, [apple.id])
		).rejects.toMatchObject({ code: 'forbidden' });
		await setShopProducers(ctx(demo, moderator), slug, [honey.id]);
		expect((await getPlace(ctx(demo, null), slug)).producers.map((p) => p.slug)).toEqual([
			honey.slug
		]);
	});

	test('distance search: within the radius, nearest first, exact distances, region only', async () => {
		const moderator = await person(demo, 'moderator');
		const otherModerator = await person(other, 'moderator');
		// points north of Lindenfels at 1, 4, 9, 11 and 30 km; one in the other region at 2 km
		const north = (km: number) => ({
			lat: (lindenfels.lat + km / 111.195).toFixed(6),
			lon: lindenfels.lon.toFixed(6)
		});
		for (const km of [9, 1, 30, 11, 4]) {
			await createPlace(
				ctx(demo, moderator),
				input({ name: `Abstand ${km} km`, kind: 'pickup_point', shopKind: '', ...north(km) })
			);
		}
		const otherMunicipality = await t.db
			.selectFrom('municipality')
			.select('slug')
			.where('region_id', '=', other.id)
			.limit(1)
			.executeTakeFirstOrThrow();
		await createPlace(
			ctx(other, otherModerator),
			input({
				name: 'Abstand fremd',
				kind: 'pickup_point',
				shopKind: '',
				municipality: otherMunicipality.slug,
				...north(2)
			})
		);
		const found = await nearbyPlaces(t.db, demo.id, lindenfels, 10, { kinds: ['pickup_point'] });
		expect(found.rows.map((r) => r.name)).toEqual(['Abstand 1 km', 'Abstand 4 km', 'Abstand 9 km']);
		expect(found.total).toBe(3);
		for (const row of found.rows) {
			expect(row.distance_km).toBeCloseTo(distanceKm(lindenfels, row), 6);
			expect(Math.abs(row.distance_km - Number(row.name.split(' ')[1]))).toBeLessThan(0.01);
		}
		// paging keeps the total
		const paged = await nearbyPlaces(t.db, demo.id, lindenfels, 20, {
			kinds: ['pickup_point'],
			limit: 2,
			offset: 2
		});
		expect(paged.rows.map((r) => r.name)).toEqual(['Abstand 9 km', 'Abstand 11 km']);
		expect(paged.total).toBe(4);

		const listed = await listPlaces(
			ctx(demo, null),
			listQuerySchema.parse({ ort: 'lindenfels', umkreis: '5', art: 'pickup_point' })
		);
		expect(listed.items.map((i) => [i.name, i.distanceKm])).toEqual([
			['Abstand 1 km', 1],
			['Abstand 4 km', 4]
		]);
		expect(listed.centre?.slug).toBe('lindenfels');

		// around a place found by its name (umlauts and case folded)
		const aroundPlace = await listPlaces(
			ctx(demo, null),
			listQuerySchema.parse({ nahe: 'ABSTAND 4', umkreis: '5', art: 'pickup_point' })
		);
		expect(aroundPlace.centre?.name).toBe('Abstand 4 km');
		expect(aroundPlace.items.slice(0, 2).map((i) => [i.name, i.distanceKm])).toEqual([
			['Abstand 4 km', 0],
			['Abstand 1 km', 3]
		]);
		const missing = await listPlaces(
			ctx(demo, null),
			listQuerySchema.parse({ nahe: '%', art: 'pickup_point' })
		);
		expect(missing.centre).toBeNull();
		expect(missing.centreMissing).toBe(true);
	});

	test('at the same moment: five places of one name get five slugs; producer lists never clash', async () => {
		const moderator = await person(demo, 'moderator');
		const slugs = await Promise.all(
			Array.from({ length: 5 }, () =>
				createPlace(ctx(demo, moderator), input({ name: 'Gleichzeitig Laden' }))
			)
		);
		expect(new Set(slugs.map((s) => s.slug)).size).toBe(5);
		expect(slugs.map((s) => s.slug).sort()[0]).toBe('gleichzeitig-laden');

		const [first] = slugs;
		const a = await producer(demo, 'Gleichzeitig Hof A');
		const b = await producer(demo, 'Gleichzeitig Hof B');
		const c = await producer(demo, 'Gleichzeitig Hof C');
		// replacing the list deletes and inserts: without the row lock two saves would collide
		// on the primary key (place, producer)
		await Promise.all([
			setShopProducers(ctx(demo, moderator), first!.slug, [a.id, b.id]),
			setShopProducers(ctx(demo, moderator), first!.slug, [b.id, c.id]),
			setShopProducers(ctx(demo, moderator), first!.slug, [a.id, c.id])
		]);
		const stocked = (await getPlace(ctx(demo, null), first!.slug)).producers.map((p) => p.slug);
		expect(stocked).toHaveLength(2);
	});

	test('weeks of the month: shown, kept by an edit through the form, bad ones refused', async () => {
		const moderator = await person(demo, 'moderator');
		const { slug } = await createPlace(
			ctx(demo, moderator),
			input({
				name: 'Hofladen Monatlich',
				kind: 'farm',
				h0_6: 'on',
				h0_start: '09:00',
				h0_end: '12:00',
				h0_w1: 'on',
				h0_w3: 'on',
				h1_5: 'on',
				h1_start: '15:00',
				h1_end: '18:00',
				'h1_w-1': 'on'
			})
		);
		const before = await storedHours(slug);
		expect(before.hours).toMatchObject({
			rules: [
				{ weekdays: [6], weeksOfMonth: [1, 3] },
				{ weekdays: [5], weeksOfMonth: [-1] }
			]
		});
		// the edit form shows the boxes ticked; saving it unchanged keeps the weeks
		const form = await getPlaceForEdit(ctx(demo, moderator), slug);
		expect(form.values).toMatchObject({ h0_w1: 'on', h0_w3: 'on', 'h1_w-1': 'on' });
		expect(form.values.h0_w2).toBeUndefined();
		await updatePlace(ctx(demo, moderator), slug, placeSchema.parse(form.values));
		expect((await storedHours(slug)).hours).toEqual(before.hours);
		// the page says which Saturdays; Saturday 5 December 2026 (the 1st) is open, the 12th not
		const shown = await getPlace(ctx(demo, null), slug, new Date('2026-12-05T09:30:00Z'));
		expect(shown.hours?.days[5]?.ranges).toEqual([{ start: '09:00', end: '12:00', weeks: [1, 3] }]);
		expect(shown.hours?.open).toBe(true);
		expect(
			(await getPlace(ctx(demo, null), slug, new Date('2026-12-12T09:30:00Z'))).hours?.open
		).toBe(false);
		// a week posted by hand outside 1–5 and -1: a message at the row, nothing saved
		const bad = placeSchema.safeParse({ ...form.values, h0_w7: 'on' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['h0_w1', 'schedule.weeksOfMonth.invalid']
		]);
		expect((await storedHours(slug)).hours).toEqual(before.hours);
	});

	test('six rules survive an edit through the form; a seventh goes in an empty row; more than 20 rows are refused', async () => {
		const moderator = await person(demo, 'moderator');
		const sixRules: Record<string, string> = {};
		for (let row = 0; row < 6; row++) {
			sixRules[`h${row}_${row + 1}`] = 'on';
			sixRules[`h${row}_start`] = `0${row + 1}:00`;
			sixRules[`h${row}_end`] = `1${row}:30`;
		}
		sixRules.h5_from = '04-01';
		sixRules.h5_until = '09-30';
		const { slug } = await createPlace(
			ctx(demo, moderator),
			input({ name: 'Laden mit vielen Zeiten', ...sixRules })
		);
		const before = await storedHours(slug);
		expect((before.hours as { rules: unknown[] }).rules).toHaveLength(6);
		// the edit form holds every rule (the component shows them and two empty rows)
		const form = await getPlaceForEdit(ctx(demo, moderator), slug);
		expect(form.values).toMatchObject({ h5_6: 'on', h5_start: '06:00', h5_from: '04-01' });
		expect(ruleRowsToShow(form.values, 'h')).toBe(8);
		await updatePlace(ctx(demo, moderator), slug, placeSchema.parse(form.values));
		expect((await storedHours(slug)).hours).toEqual(before.hours);
		// a seventh rule in the first empty row is added, the six stay
		await updatePlace(
			ctx(demo, moderator),
			slug,
			placeSchema.parse({ ...form.values, h6_7: 'on', h6_start: '10:00', h6_end: '12:00' })
		);
		const after = (await storedHours(slug)).hours as { rules: unknown[] };
		expect(after.rules).toEqual([
			...(before.hours as { rules: unknown[] }).rules,
			{ weekdays: [7], start: '10:00', end: '12:00' }
		]);
		// row 21 (posted by hand): one message on the opening hours, nothing read
		const tooMany = placeSchema.safeParse({
			...form.values,
			h20_1: 'on',
			h20_start: '08:00',
			h20_end: '09:00'
		});
		expect(tooMany.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['hours', 'schedule.rules.tooMany']
		]);
	});
});

describe('deleting places', () => {
	async function placeRow(slug: string) {
		return t.db
			.selectFrom('place')
			.select(['id', 'kind'])
			.where('region_id', '=', demo.id)
			.where('slug', '=', slug)
			.executeTakeFirst();
	}

	async function searchDocuments(placeId: string) {
		return t.db
			.selectFrom('search_document')
			.select('path')
			.where('kind', '=', 'place')
			.where('ref_id', '=', placeId)
			.execute();
	}

	async function orderRound(placeId: string, open: boolean, as: 'pickup' | 'depot') {
		const coordinator = await createOrganisation(t.db, demo);
		const hour = 3_600_000;
		const now = Date.now();
		const cycle = await t.db
			.insertInto('order_cycle')
			.values({
				region_id: demo.id,
				slug: `runde-${coordinator.slug}`,
				name: `Runde ${coordinator.slug}`,
				coordinator_id: coordinator.id,
				depot_place_id: as === 'depot' ? placeId : null,
				opens_at: new Date(now - 48 * hour),
				closes_at: new Date(open ? now + 48 * hour : now - 24 * hour)
			})
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
		if (as === 'pickup') {
			await t.db
				.insertInto('order_cycle_pickup')
				.values({
					region_id: demo.id,
					cycle_id: cycle.id,
					place_id: placeId,
					starts_at: new Date(now + 72 * hour),
					ends_at: new Date(now + 74 * hour)
				})
				.execute();
		}
		return cycle;
	}

	test('an operator deletes their shop: producers list, search document and an audit entry', async () => {
		const member = await person(demo);
		const organisation = await createOrganisation(t.db, demo, member);
		const { slug } = await createPlace(
			ctx(demo, member),
			input({ name: 'Laden zum Löschen', organisation: organisation.slug })
		);
		const { id } = (await placeRow(slug))!;
		await setShopProducers(ctx(demo, member), slug, [(await producer(demo, 'Hof Löschtest')).id]);
		expect(await searchDocuments(id)).toHaveLength(1);

		// another region's moderator does not find it; a citizen and an unverified member may not
		const otherModerator = await person(other, 'moderator');
		await expect(deletePlace(ctx(other, otherModerator), slug)).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(getPlaceForDelete(ctx(other, otherModerator), slug)).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(deletePlace(ctx(demo, await person(demo)), slug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(getPlaceForDelete(ctx(demo, await person(demo)), slug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(deletePlace(ctx(demo, null), slug)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		expect(await placeRow(slug)).toBeDefined();
		expect(await auditOf(id)).toHaveLength(1);

		const page = await getPlaceForDelete(ctx(demo, member), slug);
		expect(page).toMatchObject({ deletable: true, uses: { markets: [], rounds: [] } });
		expect((await getPlaceForEdit(ctx(demo, member), slug)).mayDelete).toBe(true);
		await deletePlace(ctx(demo, member), slug);
		expect(await placeRow(slug)).toBeUndefined();
		expect(await searchDocuments(id)).toEqual([]);
		const stocked = await t.db
			.selectFrom('shop_producer')
			.select('producer_id')
			.where('place_id', '=', id)
			.execute();
		expect(stocked).toEqual([]);
		expect((await auditOf(id)).map((e) => [e.action, e.actor_id, e.details])).toEqual([
			['place.created', member.id, { slug, name: 'Laden zum Löschen' }],
			['place.deleted', member.id, { slug, name: 'Laden zum Löschen', kind: 'shop' }]
		]);
		await expect(getPlace(ctx(demo, null), slug)).rejects.toMatchObject({ code: 'not_found' });
		// the admin log names the action and marks the place as deleted
		const admin = await person(demo, 'region_admin');
		const log = await listAuditEntries(
			{ db: t.db, region: demo, person: admin, ip: '' },
			{ seite: 1, aktion: 'place.deleted' }
		);
		expect(log.items[0]).toMatchObject({
			action: 'place.deleted',
			target: { kind: 'deleted', type: 'place' }
		});
	});

	test('a place used by a market or an order round stays, saying what uses it; the database agrees', async () => {
		const moderator = await person(demo, 'moderator');
		const marketCtx: MarketContext = {
			db: t.db,
			region: demo,
			actor: { regionId: demo.id, person: moderator },
			meta: { ip: '', origin: 'https://bergstrasse.example', lang: 'de' }
		};
		const marketSlug = await createMarket(
			marketCtx,
			marketSchema.parse({
				name: 'Markt am Löschplatz',
				kind: 'weekly',
				placeName: 'Löschplatz',
				municipality: 'lindenfels',
				r0_d3: 'on',
				r0_start: '08:00',
				r0_end: '12:00'
			})
		);
		const square = await t.db
			.selectFrom('market')
			.innerJoin('place', 'place.id', 'market.place_id')
			.select(['place.id', 'place.slug'])
			.where('market.slug', '=', marketSlug)
			.executeTakeFirstOrThrow();
		const page = await getPlaceForDelete(ctx(demo, moderator), square.slug);
		expect(page.deletable).toBe(false);
		expect(page.uses.markets).toEqual([{ slug: marketSlug, name: 'Markt am Löschplatz' }]);
		await expect(deletePlace(ctx(demo, moderator), square.slug)).rejects.toMatchObject({
			code: 'conflict',
			messageKey: 'place.delete.inUse'
		});
		expect(await placeRow(square.slug)).toBeDefined();
		expect((await auditOf(square.id)).map((e) => e.action)).not.toContain('place.deleted');
		// the foreign key refuses it too, whatever the code does
		await expect(
			t.db.deleteFrom('place').where('id', '=', square.id).execute()
		).rejects.toMatchObject({ code: '23503' });

		// pickup points of an open and of a closed order round, and a round's depot
		for (const [open, as] of [
			[true, 'pickup'],
			[false, 'pickup'],
			[true, 'depot']
		] as const) {
			const { slug } = await createPlace(
				ctx(demo, moderator),
				input({ name: `Abholstelle ${as} ${open}`, kind: 'pickup_point' })
			);
			const { id } = (await placeRow(slug))!;
			const round = await orderRound(id, open, as);
			const uses = await getPlaceForDelete(ctx(demo, moderator), slug);
			expect(uses.deletable).toBe(false);
			expect(uses.uses.rounds).toEqual([
				{ slug: round.slug, name: expect.any(String), open, depot: as === 'depot' }
			]);
			await expect(deletePlace(ctx(demo, moderator), slug)).rejects.toMatchObject({
				code: 'conflict'
			});
			await expect(t.db.deleteFrom('place').where('id', '=', id).execute()).rejects.toMatchObject({
				code: '23503'
			});
			expect(await placeRow(slug)).toBeDefined();
			expect(await searchDocuments(id)).toHaveLength(1);
		}
	});
});
