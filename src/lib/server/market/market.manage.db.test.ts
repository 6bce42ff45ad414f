/**
 * Markets on real PostgreSQL, as those who keep them change them: weeks of the month ("first
 * Saturday") survive an edit through the form and shape the dates; deleting a market takes its
 * stands, attendance and search document with it, audited, and only for those who manage it.
 */
import { ruleRowsToShow } from '#lib/schedule-rows.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisationOfKind } from '../../../../test/market-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { listAuditEntries } from '../admin/admin.service.ts';
import { deletePlace, getPlaceForDelete, type PlaceContext } from '../place/place.service.ts';
import { t as translate } from '../../i18n/index.ts';
import { addDays, weekdayOf } from '../schedule/zoned-time.ts';
import { marketSchema, standSchema } from './market.schema.ts';
import {
	createMarket,
	datesBetween,
	deleteMarket,
	marketDeletePage,
	marketFormValues,
	marketPage,
	readSchedule,
	scheduleOf,
	setStand,
	updateMarket,
	type MarketContext
} from './market.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;
let moderator: SessionPerson;
let organiserAdmin: SessionPerson;
let organiserMember: SessionPerson;
let citizen: SessionPerson;
let organiser: { id: string; slug: string };

const YEAR = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
	moderator = await createPerson(t.db, demo, { role: 'moderator' });
	organiserAdmin = await createPerson(t.db, demo);
	organiserMember = await createPerson(t.db, demo);
	citizen = await createPerson(t.db, demo);
	organiser = await createOrganisationOfKind(t.db, demo.id, 'market_organiser', [
		{ id: organiserAdmin.id, role: 'admin' },
		{ id: organiserMember.id, role: 'member' }
	]);
});
afterAll(async () => {
	await t?.destroy();
});

const ctx = (region: RegionContext, person: SessionPerson | null): MarketContext => ({
	db: t.db,
	region,
	actor: { regionId: region.id, person },
	meta: { ip: '203.0.113.9', origin: 'https://bergstrasse.example', lang: 'de' }
});

function form(values: Record<string, string>) {
	return marketSchema.parse({
		kind: 'weekly',
		placeName: 'Marktplatz',
		municipality: 'lindenfels',
		organiser: organiser.slug,
		...values
	});
}

async function stored(slug: string) {
	return t.db
		.selectFrom('market')
		.select(['id', 'name', 'schedule', 'place_id'])
		.where('region_id', '=', demo.id)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

describe('weeks of the month', () => {
	test('a "first Saturday" market keeps its rule through an edit; its dates are first Saturdays only', async () => {
		const slug = await createMarket(
			ctx(demo, organiserAdmin),
			form({
				name: 'Monatsmarkt',
				r0_d6: 'on',
				r0_start: '08:00',
				r0_end: '12:00',
				r0_w1: 'on'
			})
		);
		expect((await stored(slug))!.schedule).toMatchObject({
			rules: [{ weekdays: [6], start: '08:00', end: '12:00', weeksOfMonth: [1] }]
		});
		// a validity set elsewhere (e.g. by an import) is kept by the form too
		await t.db
			.updateTable('market')
			.set({
				schedule: JSON.stringify({
					...((await stored(slug))!.schedule as object),
					validUntil: `${YEAR + 1}-12-31`
				})
			})
			.where('slug', '=', slug)
			.execute();

		// the edit form shows the box ticked; saving it with a new name keeps the weeks
		const current = await marketFormValues(ctx(demo, organiserAdmin), slug);
		expect(current.values).toMatchObject({ r0_d6: 'on', r0_w1: 'on' });
		expect(current.values.r0_w2).toBeUndefined();
		await updateMarket(
			ctx(demo, organiserAdmin),
			slug,
			marketSchema.parse({ ...current.values, name: 'Monatsmarkt am Burgplatz' })
		);
		const after = await stored(slug);
		expect(after!.name).toBe('Monatsmarkt am Burgplatz');
		expect(scheduleOf(after!.schedule)).toMatchObject({
			rules: [{ weekdays: [6], weeksOfMonth: [1] }],
			validUntil: `${YEAR + 1}-12-31`
		});

		// the calendar: a year of dates, every one a Saturday within the first seven days
		const dates = datesBetween(readSchedule(after!.schedule), `${YEAR}-01-01`, `${YEAR}-12-31`);
		expect(dates).toHaveLength(12);
		for (const d of dates) {
			expect(weekdayOf(d.date)).toBe(6);
			expect(Number(d.date.slice(8, 10))).toBeLessThanOrEqual(7);
		}
		// the page: the next dates, and the rule in words
		const page = await marketPage(ctx(demo, null), slug, new Date(`${YEAR}-03-01T10:00:00Z`));
		expect(page.dates.map((d) => d.date).slice(0, 3)).toEqual([
			firstSaturday(`${YEAR}-03`),
			firstSaturday(`${YEAR}-04`),
			firstSaturday(`${YEAR}-05`)
		]);
		expect(page.rules).toEqual([
			{
				runs: [[6, 6]],
				start: '08:00',
				end: '12:00',
				season: null,
				weeksOfMonth: [1]
			}
		]);
	});

	test('a market with six rules keeps them all through an edit; a seventh goes in an empty row', async () => {
		const rows: Record<string, string> = {};
		for (let row = 0; row < 6; row++) {
			rows[`r${row}_d${row + 1}`] = 'on';
			rows[`r${row}_start`] = `0${row + 1}:00`;
			rows[`r${row}_end`] = `1${row}:00`;
		}
		rows.r5_w2 = 'on';
		const slug = await createMarket(
			ctx(demo, organiserAdmin),
			form({ name: 'Sechsermarkt', ...rows })
		);
		const before = scheduleOf((await stored(slug))!.schedule);
		expect(before.rules).toHaveLength(6);
		const current = await marketFormValues(ctx(demo, organiserAdmin), slug);
		expect(current.values).toMatchObject({ r5_d6: 'on', r5_start: '06:00', r5_w2: 'on' });
		expect(ruleRowsToShow(current.values, 'r')).toBe(8);
		await updateMarket(
			ctx(demo, organiserAdmin),
			slug,
			marketSchema.parse({ ...current.values, name: 'Sechsermarkt am Platz' })
		);
		expect(scheduleOf((await stored(slug))!.schedule).rules).toEqual(before.rules);
		await updateMarket(
			ctx(demo, organiserAdmin),
			slug,
			marketSchema.parse({ ...current.values, r6_d7: 'on', r6_start: '10:00', r6_end: '12:00' })
		);
		expect(scheduleOf((await stored(slug))!.schedule).rules).toEqual([
			...before.rules,
			{ weekdays: [7], start: '10:00', end: '12:00' }
		]);
		// more rows than a schedule may have rules (posted by hand): a message, nothing read
		const tooMany = marketSchema.safeParse({
			...current.values,
			r20_d1: 'on',
			r20_start: '08:00',
			r20_end: '09:00'
		});
		expect(tooMany.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['rules', 'schedule.rules.tooMany']
		]);
	});

	test('a week posted by hand outside 1–5 and -1 is refused with a message; nothing changes', async () => {
		const slug = await createMarket(
			ctx(demo, organiserAdmin),
			form({
				name: 'Letzter Freitag',
				r0_d5: 'on',
				r0_start: '15:00',
				r0_end: '18:00',
				'r0_w-1': 'on'
			})
		);
		const before = await stored(slug);
		const current = await marketFormValues(ctx(demo, organiserAdmin), slug);
		expect(current.values['r0_w-1']).toBe('on');
		const parsed = marketSchema.safeParse({ ...current.values, r0_w6: 'on', name: 'Anders' });
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['r0_w1', 'schedule.weeksOfMonth.invalid']
		]);
		expect(await stored(slug)).toEqual(before);
	});
});

function firstSaturday(month: string): string {
	let day = `${month}-01`;
	while (weekdayOf(day) !== 6) day = addDays(day, 1);
	return day;
}

describe('deleting markets', () => {
	async function count(table: 'market_stand' | 'market_attendance', marketId: string) {
		const rows = await t.db
			.selectFrom(table)
			.select('market_id')
			.where('market_id', '=', marketId)
			.execute();
		return rows.length;
	}

	test('only those who manage it; stands, attendance and search document go; audited; the square stays', async () => {
		const slug = await createMarket(
			ctx(demo, organiserAdmin),
			form({
				name: 'Abschiedsmarkt',
				placeName: 'Abschiedsplatz',
				r0_d2: 'on',
				r0_start: '08:00',
				r0_end: '12:00'
			})
		);
		const market = (await stored(slug))!;
		const producer = await createOrganisationOfKind(t.db, demo.id, 'producer', [], 'Hof Abschied');
		await setStand(
			ctx(demo, organiserAdmin),
			slug,
			standSchema.parse({ producer: producer.id, regular: 'on' })
		);
		let tuesday = `${YEAR}-06-01`;
		while (weekdayOf(tuesday) !== 2) tuesday = addDays(tuesday, 1);
		await t.db
			.insertInto('market_attendance')
			.values({
				region_id: demo.id,
				market_id: market.id,
				date: tuesday,
				producer_id: producer.id,
				status: 'absent'
			})
			.execute();
		const document = () =>
			t.db
				.selectFrom('search_document')
				.select('path')
				.where('kind', '=', 'market')
				.where('ref_id', '=', market.id)
				.execute();
		expect(await document()).toHaveLength(1);

		// another region: not found; a citizen and a plain member of the organiser: forbidden
		const otherModerator = await createPerson(t.db, other, { role: 'moderator' });
		for (const call of [marketDeletePage, deleteMarket]) {
			await expect(call(ctx(other, otherModerator), slug)).rejects.toMatchObject({
				code: 'not_found'
			});
			await expect(call(ctx(demo, citizen), slug)).rejects.toMatchObject({ code: 'forbidden' });
			await expect(call(ctx(demo, organiserMember), slug)).rejects.toMatchObject({
				code: 'forbidden'
			});
			await expect(call(ctx(demo, null), slug)).rejects.toMatchObject({ code: 'unauthenticated' });
		}
		expect(await stored(slug)).toBeDefined();

		expect(await marketDeletePage(ctx(demo, organiserAdmin), slug)).toEqual({
			market: { slug, name: 'Abschiedsmarkt' },
			place: { slug: expect.any(String), name: 'Abschiedsplatz' },
			stands: 1,
			attendances: 1
		});
		expect((await marketFormValues(ctx(demo, organiserAdmin), slug)).mayDelete).toBe(true);
		await deleteMarket(ctx(demo, organiserAdmin), slug);
		expect(await stored(slug)).toBeUndefined();
		expect(await count('market_stand', market.id)).toBe(0);
		expect(await count('market_attendance', market.id)).toBe(0);
		expect(await document()).toEqual([]);
		await expect(marketPage(ctx(demo, null), slug)).rejects.toMatchObject({ code: 'not_found' });
		await expect(deleteMarket(ctx(demo, organiserAdmin), slug)).rejects.toMatchObject({
			code: 'not_found'
		});

		const entries = await t.db
			.selectFrom('audit_entry')
			.select(['action', 'actor_id', 'target_type', 'ip', 'details'])
			.where('target_id', '=', market.id)
			.orderBy('id')
			.execute();
		const square = await t.db
			.selectFrom('place')
			.select(['id', 'slug'])
			.where('id', '=', market.place_id)
			.executeTakeFirstOrThrow();
		expect(entries.at(-1)).toEqual({
			action: 'market.deleted',
			actor_id: organiserAdmin.id,
			target_type: 'market',
			ip: '203.0.113.9',
			details: { slug, name: 'Abschiedsmarkt', place: square.slug, stands: 1, attendances: 1 }
		});
		// /admin/protokoll names it, in both languages, and marks the market as deleted
		const admin = await createPerson(t.db, demo, { role: 'region_admin' });
		const log = await listAuditEntries(
			{ db: t.db, region: demo, person: admin, ip: '' },
			{ seite: 1, aktion: 'market.deleted' }
		);
		expect(log.items[0]).toMatchObject({ target: { kind: 'deleted', type: 'market' } });
		expect(translate('de', 'admin.audit.action.market.deleted')).toBe('Markt gelöscht');
		expect(translate('en', 'admin.audit.action.market.deleted')).toBe('Market deleted');

		// the market square stays, and — used by nothing now — can be deleted on its own
		const placeCtx: PlaceContext = {
			db: t.db,
			region: demo,
			actor: { regionId: demo.id, person: moderator },
			meta: { lang: 'de' }
		};
		expect((await getPlaceForDelete(placeCtx, square.slug)).deletable).toBe(true);
		await deletePlace(placeCtx, square.slug);
	});

	test('a moderator deletes a market without organiser', async () => {
		const slug = await createMarket(
			ctx(demo, moderator),
			marketSchema.parse({
				name: 'Moderationsmarkt',
				kind: 'weekly',
				placeName: 'Platz der Moderation',
				municipality: 'lindenfels',
				r0_d4: 'on',
				r0_start: '08:00',
				r0_end: '12:00'
			})
		);
		await expect(deleteMarket(ctx(demo, organiserAdmin), slug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await deleteMarket(ctx(demo, moderator), slug);
		expect(await stored(slug)).toBeUndefined();
	});
});
