/**
 * Markets (Wochenmärkte, Regional-, Themen- und Saisonmärkte): where and when they are, who
 * stands there on which date, and "where can I buy eggs near me this week".
 *
 * A market lives at a place of kind market_square (created with it when new) and has a
 * schedule (schedule/schedule.ts); its dates are computed from the schedule, never stored.
 * Regular stands are there on every date unless their producer reports absence; other
 * producers announce presence — both only on real dates of the schedule. Changes to a
 * market's schedule lock its row, so two exceptions added at once are both kept.
 */
import type { DB } from '../db/database.ts';
import { findSlugsLike } from '../db/slugs.ts';
import type { MarketKind, ProductCategory } from '../db/schema.ts';
import { t, type Language } from '../../i18n/index.ts';
import type { RegionContext } from '../region/region.service.ts';
import { slugify } from '../region/region-import.service.ts';
import { municipalityOptions } from '../region/region-lists.ts';
import { boundingBox, distanceKm } from '../place/geo.ts';
import {
	MAX_SPAN_DAYS,
	occurrences,
	openAt,
	scheduleSchema,
	type Occurrence,
	type Schedule
} from '../schedule/schedule.ts';
import { addDays } from '../schedule/zoned-time.ts';
import { AppError } from '../security/app-error.ts';
import { audit, type AuditAction } from '../security/audit.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { describeRules, monthGrid, monthRange, periodRange, today } from './market.dates.ts';
import { marketCalendar, marketIcsEvents, type MarketForIcs } from './market.ics.ts';
import {
	canAnnounceAttendance,
	canCreateMarket,
	canDeleteMarket,
	canManageMarket
} from './market.policy.ts';
import * as repo from './market.repository.ts';
import {
	ruleField,
	type AttendanceInput,
	type ExceptionInput,
	type MarketInput,
	type ShoppingQuery,
	type StandInput
} from './market.schema.ts';
import { ruleRowValues } from '../schedule/schedule-form.ts';

export interface MarketContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	meta: { ip: string; origin: string; lang: Language };
}

const SLUG = /^[a-z0-9-]{1,100}$/;
const notFound = () => new AppError('not_found', 'error.404.title');
const invalid = (fields: Record<string, string>) =>
	new AppError('invalid', 'form.errorSummary', { fields });
/** How far ahead calendars and feeds reach. */
export const FEED_DAYS = 365;

function personId(ctx: MarketContext): string | null {
	return isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
}

/** One audit entry about a market, in the transaction of the change. */
async function auditMarket(
	ctx: MarketContext,
	db: repo.Executor,
	action: AuditAction,
	marketId: string,
	details: Record<string, unknown>
) {
	await audit(db, {
		regionId: ctx.region.id,
		actorId: personId(ctx),
		action,
		targetType: 'market',
		targetId: marketId,
		ip: ctx.meta.ip,
		details
	});
}

/** A stored schedule; stored ones were validated, so a failure here is a bug worth a 500. */
export function scheduleOf(json: unknown): Schedule {
	return scheduleSchema.parse(json);
}

const parsedSchedules = new Map<string, Schedule>();

/**
 * A stored schedule for reading (calendars, feeds, "near me"): parsed once per distinct
 * schedule and then remembered, frozen, so a list of 100 markets does not validate 100
 * schedules on every request. Changes go through scheduleOf, which gives a fresh copy.
 * Lists may pass the column's JSON text (`schedule::text`, the same text for the same
 * schedule), which saves parsing and stringifying it on every request.
 */
export function readSchedule(json: unknown): Schedule {
	const key = typeof json === 'string' ? json : JSON.stringify(json);
	let found = parsedSchedules.get(key);
	if (!found) {
		found = deepFreeze(scheduleOf(typeof json === 'string' ? JSON.parse(json) : json));
		if (parsedSchedules.size >= 10_000) parsedSchedules.clear();
		parsedSchedules.set(key, found);
	}
	return found;
}

/** A shop's stored opening hours (JSON text) for reading, remembered as readSchedule does. */
function readOpeningHours(text: string | null): Schedule | null {
	if (text === null) return null;
	try {
		return readSchedule(text);
	} catch {
		return null; // stored hours that no longer parse are shown as unknown
	}
}

/** Ranges of dates remembered per read schedule (a month, a week from today …). */
const RANGES_PER_SCHEDULE = 16;
const rememberedDates = new WeakMap<Schedule, Map<string, readonly Occurrence[]>>();

/**
 * The dates of a schedule from `from` to `to` (at most MAX_SPAN_DAYS). For a schedule from
 * readSchedule (frozen, so it cannot change) they are computed once per range and shared,
 * frozen: the month calendar of 20 markets and their next dates then cost no date arithmetic
 * on most requests. They depend on nothing but the schedule and the range (public holidays
 * are computed from the year). Other schedules are expanded each time.
 */
export function readDates(schedule: Schedule, from: string, to: string): readonly Occurrence[] {
	if (!Object.isFrozen(schedule)) return occurrences(schedule, from, to);
	let ranges = rememberedDates.get(schedule);
	if (!ranges) rememberedDates.set(schedule, (ranges = new Map()));
	const key = `${from}/${to}`;
	let found = ranges.get(key);
	if (!found) {
		found = deepFreeze(occurrences(schedule, from, to));
		if (ranges.size >= RANGES_PER_SCHEDULE) ranges.clear();
		ranges.set(key, found);
	}
	return found;
}

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const inner of Object.values(value)) deepFreeze(inner);
		Object.freeze(value);
	}
	return value;
}

/** A schedule's rules in the parts a page says in words, with their weeks of the month. */
export function ruleWords(schedule: Schedule) {
	return describeRules(schedule).map((words, i) => ({
		...words,
		weeksOfMonth: schedule.rules[i]?.weeksOfMonth ?? null
	}));
}

/** Dates from `from` to `to`, any span (occurrences() expands at most MAX_SPAN_DAYS at once). */
export function datesBetween(schedule: Schedule, from: string, to: string): Occurrence[] {
	const out: Occurrence[] = [];
	for (let start = from; start <= to; start = addDays(start, MAX_SPAN_DAYS + 1)) {
		const end = addDays(start, MAX_SPAN_DAYS);
		out.push(...readDates(schedule, start, end < to ? end : to));
	}
	return out;
}

/** The region's state as the holiday calendars name it (the region file says "Hessen"). */
const STATE_CODES: Record<string, string> = {
	'baden-württemberg': 'BW',
	bayern: 'BY',
	berlin: 'BE',
	brandenburg: 'BB',
	bremen: 'HB',
	hamburg: 'HH',
	hessen: 'HE',
	'mecklenburg-vorpommern': 'MV',
	niedersachsen: 'NI',
	'nordrhein-westfalen': 'NW',
	'rheinland-pfalz': 'RP',
	saarland: 'SL',
	sachsen: 'SN',
	'sachsen-anhalt': 'ST',
	'schleswig-holstein': 'SH',
	thüringen: 'TH'
};
export function holidayState(region: { state: string | null }): string {
	const state = region.state?.trim() ?? '';
	return STATE_CODES[state.toLowerCase()] ?? (/^[A-Z]{2}$/.test(state) ? state : 'DE');
}

/**
 * The schedule the form describes. What the form has no fields for — exceptions and the
 * validity period — comes from `keep` (the stored schedule), so an edit never drops it.
 */
function buildSchedule(
	ctx: MarketContext,
	input: MarketInput,
	keep: Pick<Schedule, 'exceptions' | 'validFrom' | 'validUntil'>
): Schedule {
	const parsed = scheduleSchema.safeParse({
		timeZone: 'Europe/Berlin',
		rules: input.rules,
		exceptions: keep.exceptions,
		validFrom: keep.validFrom,
		validUntil: keep.validUntil,
		skipHolidaysIn: input.skipHolidays ? holidayState(ctx.region) : undefined
	});
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields['r0_d1'] ??= issue.message;
		throw invalid(fields);
	}
	return parsed.data;
}

function searchDocument(market: {
	name: string;
	kind: MarketKind;
	place: string;
	municipality: string;
	description: string;
}) {
	const body = (lang: Language) =>
		t(lang, 'market.search.body', {
			kind: t(lang, `market.kind.${market.kind}`),
			place: market.place,
			municipality: market.municipality,
			description: market.description.replace(/\s+/g, ' ').slice(0, 1000)
		}).trim();
	return {
		title: { de: market.name, en: market.name },
		body: { de: body('de'), en: body('en') }
	};
}

/** Choices for the market form: municipalities, market squares, organisers the actor may pick. */
export async function marketFormOptions(ctx: MarketContext) {
	const me = personId(ctx);
	const [municipalities, squares, organisers] = await Promise.all([
		municipalityOptions(ctx.db, ctx.region),
		repo.listMarketSquares(ctx.db, ctx.region.id),
		isModerator(ctx.actor)
			? repo.listOrganisationsOfKinds(ctx.db, ctx.region.id, ['market_organiser'])
			: me
				? repo.listOrganisationsOfKinds(ctx.db, ctx.region.id, ['market_organiser'], me, ['admin'])
				: Promise.resolve([])
	]);
	return {
		municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name })),
		squares,
		organisers: organisers.map((o) => ({ slug: o.slug, name: o.name })),
		canCreate: canCreateMarket(ctx.actor, organisers.length > 0)
	};
}

/** Whether the actor may create markets at all (for the link on the list page). */
async function mayCreate(ctx: MarketContext): Promise<boolean> {
	if (isModerator(ctx.actor)) return true;
	const me = personId(ctx);
	if (!me) return false;
	const organisers = await repo.listOrganisationsOfKinds(
		ctx.db,
		ctx.region.id,
		['market_organiser'],
		me,
		['admin']
	);
	return canCreateMarket(ctx.actor, organisers.length > 0);
}

/** Resolves organiser and place of a market form, or throws per-field errors (nothing written). */
async function resolveForm(ctx: MarketContext, input: MarketInput) {
	const organiser = input.organiser
		? await repo.findOrganisation(ctx.db, ctx.region.id, input.organiser)
		: undefined;
	if (input.organiser && organiser?.kind !== 'market_organiser') {
		throw invalid({ organiser: 'market.organiser.invalid' });
	}
	let place:
		| { id: string }
		| {
				new: NonNullable<MarketInput['newPlace']>;
				municipality: { id: string; lat: number; lon: number };
		  };
	if (input.place) {
		const square = await repo.findMarketSquare(ctx.db, ctx.region.id, input.place);
		if (!square || square.kind !== 'market_square') {
			throw invalid({ place: 'market.place.notSquare' });
		}
		place = { id: square.id };
	} else {
		const municipality = await repo.findMunicipality(
			ctx.db,
			ctx.region.id,
			input.newPlace!.municipality
		);
		if (!municipality) throw invalid({ municipality: 'market.municipality.required' });
		place = { new: input.newPlace!, municipality };
	}
	return { organiser: organiser ?? null, place };
}

async function freeSlug(
	db: repo.Executor,
	table: 'market' | 'place',
	regionId: string,
	name: string,
	fallback: string
) {
	const base = (slugify(name) || fallback).slice(0, 80).replace(/-+$/, '') || fallback;
	const taken = new Set(await findSlugsLike(db, table, regionId, base));
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
	return slug;
}

/**
 * Creates a market (and its market square, when new) with its search document. Exceptions
 * (e.g. the extra dates of a seasonal market) may come along; the form adds them later.
 */
export async function createMarket(
	ctx: MarketContext,
	input: MarketInput,
	exceptions: Schedule['exceptions'] = []
): Promise<string> {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const me = personId(ctx)!;
	const { organiser, place } = await resolveForm(ctx, input);
	const role = await repo.membershipRole(ctx.db, ctx.region.id, organiser?.id ?? null, me);
	authorise(ctx.actor, canCreateMarket(ctx.actor, role === 'admin'));
	const schedule = buildSchedule(ctx, input, { exceptions });
	return ctx.db.transaction().execute(async (trx) => {
		let placeId: string;
		let placeName: string;
		let municipalityName: string;
		if ('id' in place) {
			placeId = place.id;
			const row = await trx
				.selectFrom('place as p')
				.innerJoin('municipality as mu', 'mu.id', 'p.municipality_id')
				.select(['p.name', 'mu.name as municipality'])
				.where('p.region_id', '=', ctx.region.id)
				.where('p.id', '=', place.id)
				.executeTakeFirstOrThrow();
			placeName = row.name;
			municipalityName = row.municipality;
		} else {
			const municipality = await trx
				.selectFrom('municipality')
				.select('name')
				.where('id', '=', place.municipality.id)
				.executeTakeFirstOrThrow();
			placeId = await repo.insertMarketSquare(trx, ctx.region.id, {
				slug: await freeSlug(
					trx,
					'place',
					ctx.region.id,
					`${place.new.name} ${municipality.name}`,
					'marktplatz'
				),
				name: place.new.name,
				street: place.new.street,
				municipalityId: place.municipality.id,
				lat: place.new.point?.lat ?? place.municipality.lat,
				lon: place.new.point?.lon ?? place.municipality.lon,
				organisationId: organiser?.id ?? null,
				createdBy: me
			});
			placeName = place.new.name;
			municipalityName = municipality.name;
		}
		const slug = await freeSlug(trx, 'market', ctx.region.id, input.name, 'markt');
		const id = await repo.insertMarket(trx, ctx.region.id, slug, {
			name: input.name,
			kind: input.kind,
			description: input.description,
			placeId,
			organiserId: organiser?.id ?? null,
			schedule,
			uncertain: input.uncertain
		});
		if (!id) throw new AppError('conflict', 'market.name.taken');
		await repo.upsertMarketSearchDocument(trx, ctx.region.id, {
			refId: id,
			path: `/maerkte/${slug}`,
			...searchDocument({
				name: input.name,
				kind: input.kind,
				place: placeName,
				municipality: municipalityName,
				description: input.description
			})
		});
		await auditMarket(ctx, trx, 'market.created', id, { slug, name: input.name });
		return slug;
	});
}

async function loadMarket(ctx: MarketContext, slug: string) {
	if (!SLUG.test(slug)) throw notFound();
	const market = await repo.findMarket(ctx.db, ctx.region.id, slug);
	if (!market) throw notFound();
	return market;
}

async function requireManager(ctx: MarketContext, market: { organiser_id: string | null }) {
	const role = await repo.membershipRole(ctx.db, ctx.region.id, market.organiser_id, personId(ctx));
	authorise(ctx.actor, canManageMarket(ctx.actor, role));
}

/**
 * Runs a change of one market under its row lock, re-checking the permission inside, and
 * keeps its search document in step.
 */
async function changeMarket(
	ctx: MarketContext,
	slug: string,
	change: (trx: repo.Executor, market: repo.MarketRow) => Promise<void>
) {
	const market = await loadMarket(ctx, slug);
	await requireManager(ctx, market);
	await ctx.db.transaction().execute(async (trx) => {
		const locked = await repo.findMarket(trx, ctx.region.id, slug, true);
		if (!locked) throw notFound();
		await change(trx, locked);
		const fresh = (await repo.findMarket(trx, ctx.region.id, slug))!;
		await repo.upsertMarketSearchDocument(trx, ctx.region.id, {
			refId: fresh.id,
			path: `/maerkte/${fresh.slug}`,
			...searchDocument({
				name: fresh.name,
				kind: fresh.kind,
				place: fresh.place_name,
				municipality: fresh.municipality_name,
				description: fresh.description
			})
		});
	});
}

/** Changes a market's fields and rules; its exceptions and validity stay as they are. */
export async function updateMarket(ctx: MarketContext, slug: string, input: MarketInput) {
	const market = await loadMarket(ctx, slug);
	await requireManager(ctx, market);
	const { organiser, place } = await resolveForm(ctx, input);
	if (organiser && organiser.id !== market.organiser_id && !isModerator(ctx.actor)) {
		// handing a market to another organiser needs to be an admin there too
		const role = await repo.membershipRole(ctx.db, ctx.region.id, organiser.id, personId(ctx));
		if (role !== 'admin') throw invalid({ organiser: 'market.organiser.invalid' });
	}
	await changeMarket(ctx, slug, async (trx, locked) => {
		const schedule = buildSchedule(ctx, input, scheduleOf(locked.schedule));
		let placeId: string;
		if ('id' in place) placeId = place.id;
		else {
			const municipality = await trx
				.selectFrom('municipality')
				.select('name')
				.where('id', '=', place.municipality.id)
				.executeTakeFirstOrThrow();
			placeId = await repo.insertMarketSquare(trx, ctx.region.id, {
				slug: await freeSlug(
					trx,
					'place',
					ctx.region.id,
					`${place.new.name} ${municipality.name}`,
					'marktplatz'
				),
				name: place.new.name,
				street: place.new.street,
				municipalityId: place.municipality.id,
				lat: place.new.point?.lat ?? place.municipality.lat,
				lon: place.new.point?.lon ?? place.municipality.lon,
				organisationId: organiser?.id ?? null,
				createdBy: personId(ctx)
			});
		}
		await repo.updateMarket(trx, ctx.region.id, locked.id, {
			name: input.name,
			kind: input.kind,
			description: input.description,
			placeId,
			organiserId: organiser?.id ?? null,
			schedule,
			uncertain: input.uncertain
		});
		await auditMarket(ctx, trx, 'market.updated', locked.id, {
			slug: locked.slug,
			name: input.name
		});
	});
}

/**
 * The confirmation page for deleting a market: what goes with it (stands, attendance reports)
 * and the market square, which stays.
 */
export async function marketDeletePage(ctx: MarketContext, slug: string) {
	const market = await loadMarket(ctx, slug);
	const role = await repo.membershipRole(ctx.db, ctx.region.id, market.organiser_id, personId(ctx));
	authorise(ctx.actor, canDeleteMarket(ctx.actor, role));
	const counts = await repo.countMarketDependants(ctx.db, ctx.region.id, market.id);
	return {
		market: { slug: market.slug, name: market.name },
		place: { slug: market.place_slug, name: market.place_name },
		...counts
	};
}

/**
 * Deletes a market with its stands and attendance (on delete cascade) and its search
 * document, audited, in one transaction under the market's row lock. Its market square stays:
 * it is a place of its own, deleted on its page once no market uses it.
 */
export async function deleteMarket(ctx: MarketContext, slug: string): Promise<void> {
	if (!SLUG.test(slug)) throw notFound();
	await ctx.db.transaction().execute(async (trx) => {
		const locked = await repo.findMarket(trx, ctx.region.id, slug, true);
		if (!locked) throw notFound();
		const role = await repo.membershipRole(trx, ctx.region.id, locked.organiser_id, personId(ctx));
		authorise(ctx.actor, canDeleteMarket(ctx.actor, role));
		const counts = await repo.countMarketDependants(trx, ctx.region.id, locked.id);
		await repo.deleteMarket(trx, ctx.region.id, locked.id);
		await repo.deleteMarketSearchDocument(trx, ctx.region.id, locked.id);
		await auditMarket(ctx, trx, 'market.deleted', locked.id, {
			slug: locked.slug,
			name: locked.name,
			place: locked.place_slug,
			...counts
		});
	});
}

/** Adds one exception (a cancelled date, changed times, an extra date). */
export async function addException(ctx: MarketContext, slug: string, exception: ExceptionInput) {
	await changeMarket(ctx, slug, async (trx, locked) => {
		const schedule = scheduleOf(locked.schedule);
		if (schedule.exceptions.some((e) => e.date === exception.date && e.kind === exception.kind)) {
			throw invalid({ date: 'market.exception.duplicate' });
		}
		const next = scheduleSchema.safeParse({
			...schedule,
			exceptions: [...schedule.exceptions, exception].sort((a, b) => a.date.localeCompare(b.date))
		});
		if (!next.success) throw invalid({ date: next.error.issues[0]?.message ?? 'form.invalid' });
		await repo.updateMarket(trx, ctx.region.id, locked.id, { schedule: next.data });
		await auditMarket(ctx, trx, 'market.updated', locked.id, {
			slug: locked.slug,
			exceptionAdded: exception.date
		});
	});
}

export async function removeException(ctx: MarketContext, slug: string, index: number) {
	await changeMarket(ctx, slug, async (trx, locked) => {
		const schedule = scheduleOf(locked.schedule);
		if (index >= schedule.exceptions.length) throw notFound();
		const next = scheduleSchema.safeParse({
			...schedule,
			exceptions: schedule.exceptions.filter((_, i) => i !== index)
		});
		// the last extra date of a market without rules cannot go
		if (!next.success) throw new AppError('invalid', 'schedule.rules.required');
		await repo.updateMarket(trx, ctx.region.id, locked.id, { schedule: next.data });
		await auditMarket(ctx, trx, 'market.updated', locked.id, {
			slug: locked.slug,
			exceptionRemoved: schedule.exceptions[index]!.date
		});
	});
}

// Stands

async function requireProducer(ctx: MarketContext, producerId: string) {
	const producer = await repo.findOrganisationById(ctx.db, ctx.region.id, producerId);
	if (!producer || !(repo.PRODUCER_KINDS as readonly string[]).includes(producer.kind)) {
		throw invalid({ producer: 'market.producer.required' });
	}
	return producer;
}

export async function setStand(ctx: MarketContext, slug: string, input: StandInput) {
	const market = await loadMarket(ctx, slug);
	await requireManager(ctx, market);
	const producer = await requireProducer(ctx, input.producer);
	await ctx.db.transaction().execute(async (trx) => {
		await repo.upsertStand(trx, ctx.region.id, market.id, {
			producerId: input.producer,
			label: input.label,
			regular: input.regular
		});
		await auditMarket(ctx, trx, 'market.stand_set', market.id, {
			slug: market.slug,
			producerId: producer.id,
			producer: producer.name,
			label: input.label,
			regular: input.regular
		});
	});
}

export async function removeStand(ctx: MarketContext, slug: string, producerId: string) {
	const market = await loadMarket(ctx, slug);
	await requireManager(ctx, market);
	await ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.deleteStand(trx, ctx.region.id, market.id, producerId))) return;
		await auditMarket(ctx, trx, 'market.stand_removed', market.id, {
			slug: market.slug,
			producerId
		});
	});
}

/** The stands page: the stands and every producer that could get one. */
export async function standsPage(ctx: MarketContext, slug: string) {
	const market = await loadMarket(ctx, slug);
	await requireManager(ctx, market);
	const [stands, producers] = await Promise.all([
		repo.listStands(ctx.db, ctx.region.id, market.id),
		repo.listOrganisationsOfKinds(ctx.db, ctx.region.id, repo.PRODUCER_KINDS)
	]);
	return { market: { slug: market.slug, name: market.name }, stands, producers };
}

// Attendance

/** The producers the signed-in person speaks for (admin or member). */
async function myProducers(ctx: MarketContext) {
	const me = personId(ctx);
	if (!me) return [];
	return repo.listOrganisationsOfKinds(ctx.db, ctx.region.id, repo.PRODUCER_KINDS, me);
}

/** A producer announces presence on, or reports absence from, one real date of the market. */
export async function setAttendance(ctx: MarketContext, slug: string, input: AttendanceInput) {
	const market = await loadMarket(ctx, slug);
	await requireProducer(ctx, input.producer);
	const role = await repo.membershipRole(ctx.db, ctx.region.id, input.producer, personId(ctx));
	authorise(ctx.actor, canAnnounceAttendance(ctx.actor, role));
	const held = occurrences(readSchedule(market.schedule), input.date, input.date).some(
		(o) => !o.cancelled
	);
	if (!held) throw invalid({ date: 'market.attendance.notADate' });
	if (input.date < today(new Date())) throw invalid({ date: 'market.attendance.past' });
	await repo.upsertAttendance(ctx.db, ctx.region.id, {
		marketId: market.id,
		date: input.date,
		producerId: input.producer,
		status: input.status,
		note: input.note
	});
}

// Reading

function groupPresent(rows: repo.PresentProducer[]) {
	const byKey = new Map<string, repo.PresentProducer[]>();
	for (const row of rows) {
		const key = `${row.market_id}|${row.date}`;
		byKey.set(key, [...(byKey.get(key) ?? []), row]);
	}
	return (marketId: string, date: string) =>
		(byKey.get(`${marketId}|${date}`) ?? []).map((r) => ({
			slug: r.slug,
			name: r.name,
			stand: r.stand,
			regular: r.regular,
			products: r.products
		}));
}

function presentPlace(m: repo.MarketRow) {
	return {
		name: m.place_name,
		street: m.street,
		postcode: m.postcode,
		municipality: m.municipality_name,
		municipalitySlug: m.municipality_slug,
		lat: m.lat,
		lon: m.lon
	};
}

/**
 * The next `count` dates that take place, with the cancelled ones among them. Expands a week,
 * then a month at a time (a year of a daily market costs ~30 ms), up to a year ahead.
 */
function nextDates(schedule: Schedule, now: Date, count: number, from = today(now)) {
	const found: Occurrence[] = [];
	let held = 0;
	// a week first (most markets are weekly), then a month at a time
	for (let start = from, span = 7; start <= addDays(from, FEED_DAYS);) {
		const end = addDays(start, span - 1);
		const chunk = readDates(schedule, start, end);
		start = addDays(end, 1);
		span = 31;
		for (const o of chunk) {
			if (o.endsAt <= now) continue;
			found.push(o);
			if (!o.cancelled && ++held >= count) return found;
		}
	}
	return found;
}

/** One market's page: place, schedule, next dates with producers, stands, what the actor may do. */
export async function marketPage(ctx: MarketContext, slug: string, now = new Date()) {
	const market = await loadMarket(ctx, slug);
	const schedule = readSchedule(market.schedule);
	const dates = nextDates(schedule, now, 8);
	const me = personId(ctx);
	const [present, stands, organiserRole, producers] = await Promise.all([
		repo.listProducersPresent(
			ctx.db,
			ctx.region.id,
			dates.filter((d) => !d.cancelled).map((d) => ({ marketId: market.id, date: d.date }))
		),
		repo.listStands(ctx.db, ctx.region.id, market.id),
		repo.membershipRole(ctx.db, ctx.region.id, market.organiser_id, me),
		myProducers(ctx)
	]);
	const producersOn = groupPresent(present);
	return {
		market: {
			id: market.id,
			slug: market.slug,
			name: market.name,
			kind: market.kind,
			description: market.description,
			uncertain: market.uncertain,
			organiser: market.organiser_slug
				? { slug: market.organiser_slug, name: market.organiser_name! }
				: null
		},
		place: presentPlace(market),
		rules: ruleWords(schedule),
		skipsHolidays: Boolean(schedule.skipHolidaysIn),
		exceptions: schedule.exceptions,
		dates: dates.map((d) => ({
			date: d.date,
			start: d.start,
			end: d.end,
			startsAt: d.startsAt.toISOString(),
			endsAt: d.endsAt.toISOString(),
			cancelled: d.cancelled,
			changed: d.changed,
			holiday: d.holiday ?? null,
			note: d.note ?? null,
			producers: d.cancelled ? [] : producersOn(market.id, d.date)
		})),
		stands: stands.map((s) => ({
			producerId: s.producer_id,
			slug: s.slug,
			name: s.name,
			label: s.label,
			regular: s.regular
		})),
		canManage: canManageMarket(ctx.actor, organiserRole),
		myProducers: producers.map((p) => ({ id: p.id, name: p.name }))
	};
}

/** The edit form's current values, flat as the form fields. */
export async function marketFormValues(ctx: MarketContext, slug: string) {
	const market = await loadMarket(ctx, slug);
	const role = await repo.membershipRole(ctx.db, ctx.region.id, market.organiser_id, personId(ctx));
	authorise(ctx.actor, canManageMarket(ctx.actor, role));
	const schedule = readSchedule(market.schedule);
	const values: Record<string, string> = {
		name: market.name,
		kind: market.kind,
		description: market.description,
		place: market.place_slug,
		organiser: market.organiser_slug ?? ''
	};
	if (market.uncertain) values.uncertain = 'on';
	if (schedule.skipHolidaysIn) values.skipHolidays = 'on';
	Object.assign(values, ruleRowValues(schedule.rules, ruleField));
	return {
		market: { slug: market.slug, name: market.name },
		values,
		exceptions: schedule.exceptions,
		mayDelete: canDeleteMarket(ctx.actor, role)
	};
}

/**
 * The list page: markets with their next date, and a month calendar of every market date.
 * Dates are computed from the schedules in memory: one query for all markets.
 */
/** Markets per page of /maerkte: list, map and month calendar. */
export const MARKETS_PER_PAGE = 20;

export async function marketsPage(
	ctx: MarketContext,
	query: { kind?: MarketKind; municipality?: string; month?: string; page?: number },
	now = new Date()
) {
	// the filter offers the municipalities with markets (a region may have hundreds)
	const [municipalities, municipality] = await Promise.all([
		repo.listMarketMunicipalities(ctx.db, ctx.region.id),
		query.municipality
			? repo.findMunicipality(ctx.db, ctx.region.id, query.municipality)
			: undefined
	]);
	const filter = { kind: query.kind, municipalityId: municipality?.id };
	// the list, the map and the month calendar show one page of markets: a month of 100
	// markets is ~750 dates, too many to render per request or to read in a table cell
	let page = Math.max(1, query.page ?? 1);
	const pageOf = (n: number) =>
		repo.listMarketsPage(ctx.db, ctx.region.id, filter, {
			limit: MARKETS_PER_PAGE,
			offset: (n - 1) * MARKETS_PER_PAGE
		});
	let listed = await pageOf(page);
	let total = listed[0]?.total ?? 0;
	if (listed.length === 0 && page > 1) {
		// past the end (a stale link): the last page
		total = await repo.countMarkets(ctx.db, ctx.region.id, filter);
		page = Math.max(1, Math.ceil(total / MARKETS_PER_PAGE));
		listed = total > 0 ? await pageOf(page) : [];
	}
	const pages = Math.max(1, Math.ceil(total / MARKETS_PER_PAGE));
	const day = today(now);
	const month = query.month && monthRange(query.month) ? query.month : day.slice(0, 7);
	const range = monthRange(month)!;
	const calendar = new Map<
		string,
		{ slug: string; name: string; start: string; cancelled: boolean }[]
	>();
	const markets = listed.map((m) => {
		const schedule = readSchedule(m.schedule_text);
		for (const o of readDates(schedule, range.from, range.to)) {
			const dates = calendar.get(o.date) ?? [];
			dates.push({ slug: m.slug, name: m.name, start: o.start, cancelled: o.cancelled });
			calendar.set(o.date, dates);
		}
		const next = nextDates(schedule, now, 1, day).find((o) => !o.cancelled);
		return {
			slug: m.slug,
			name: m.name,
			kind: m.kind,
			uncertain: m.uncertain,
			place: { name: m.place_name, municipality: m.municipality_name, lat: m.lat, lon: m.lon },
			next: next ? { date: next.date, start: next.start, end: next.end } : null
		};
	});
	for (const dates of calendar.values()) dates.sort((a, b) => a.start.localeCompare(b.start));
	return {
		markets,
		total,
		page,
		pages,
		perPage: MARKETS_PER_PAGE,
		municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name })),
		month,
		weeks: monthGrid(month).map((week) =>
			week.map((date) => (date ? { date, markets: calendar.get(date) ?? [] } : null))
		),
		canCreate: await mayCreate(ctx)
	};
}

/**
 * "Where can I buy regional eggs near me this week?": market dates within the radius (sorted by
 * date, then distance) with the producers there who offer the category, and shops within the
 * radius that stock such producers, with whether they are open now.
 */
export async function findShopping(ctx: MarketContext, query: ShoppingQuery, now = new Date()) {
	const municipalities = await municipalityOptions(ctx.db, ctx.region);
	const centre = query.ort ? municipalities.find((m) => m.slug === query.ort) : undefined;
	const options = { municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name })) };
	if (!centre)
		return { ...options, searched: Boolean(query.ort), centre: null, dates: [], shops: [] };
	const box = boundingBox(centre, query.umkreis);
	const category = query.kategorie as ProductCategory | undefined;
	const period = periodRange(now, query.zeitraum === '7tage' ? 'days7' : 'week');
	const nearby = (await repo.listMarketsInBox(ctx.db, ctx.region.id, box))
		.map((m) => ({ market: m, distance: distanceKm(centre, m) }))
		.filter((m) => m.distance <= query.umkreis);
	const candidates = nearby.flatMap(({ market, distance }) =>
		readDates(readSchedule(market.schedule_text), period.from, period.to)
			.filter((o) => !o.cancelled && o.endsAt > now)
			.map((o) => ({ market, distance, occurrence: o }))
	);
	const [present, shops] = await Promise.all([
		repo.listProducersPresent(
			ctx.db,
			ctx.region.id,
			candidates.map((c) => ({ marketId: c.market.id, date: c.occurrence.date })),
			category,
			query.suche
		),
		repo.listShopsInBox(ctx.db, ctx.region.id, box, category, query.suche)
	]);
	const producersOn = groupPresent(present);
	const filtered = Boolean(category || query.suche);
	const dates = candidates
		.map((c) => ({
			market: { slug: c.market.slug, name: c.market.name, uncertain: c.market.uncertain },
			place: presentPlace(c.market),
			distanceKm: Math.round(c.distance * 10) / 10,
			date: c.occurrence.date,
			start: c.occurrence.start,
			end: c.occurrence.end,
			changed: c.occurrence.changed,
			producers: producersOn(c.market.id, c.occurrence.date)
		}))
		.filter((d) => !filtered || d.producers.length > 0)
		.sort(
			(a, b) =>
				a.date.localeCompare(b.date) ||
				a.start.localeCompare(b.start) ||
				a.distanceKm - b.distanceKm
		);
	return {
		...options,
		searched: true,
		centre: { slug: centre.slug, name: centre.name },
		period,
		dates,
		shops: shops
			.map((s) => {
				const hours = readOpeningHours(s.opening_hours);
				const open = hours ? openAt(hours, now) : null;
				return {
					slug: s.slug,
					name: s.name,
					street: s.street,
					municipality: s.municipality_name,
					distanceKm: Math.round(distanceKm(centre, s) * 10) / 10,
					hours: hours ? ruleWords(hours) : null,
					open: open ? { open: open.open, until: open.until?.toISOString() ?? null } : null,
					producers: s.producers
				};
			})
			.filter((s) => s.distanceKm <= query.umkreis)
			.sort((a, b) => a.distanceKm - b.distanceKm)
	};
}

// Open data

function forIcs(m: repo.MarketRow): MarketForIcs {
	return {
		id: m.id,
		slug: m.slug,
		name: m.name,
		description: m.description,
		place: m.place_name,
		street: m.street,
		municipality: m.municipality_name,
		lat: m.lat,
		lon: m.lon,
		updatedAt: m.updated_at,
		uncertain: m.uncertain
	};
}

function feedDates(m: repo.MarketRow, now: Date) {
	const from = today(now);
	return datesBetween(readSchedule(m.schedule), from, addDays(from, FEED_DAYS));
}

export async function marketIcs(ctx: MarketContext, slug: string, now = new Date()) {
	const market = await loadMarket(ctx, slug);
	const events = marketIcsEvents(forIcs(market), feedDates(market, now), {
		origin: ctx.meta.origin,
		uncertainNote: t(ctx.meta.lang, 'market.uncertain')
	});
	return marketCalendar(events, { origin: ctx.meta.origin, name: market.name, now });
}

export async function marketsFeed(ctx: MarketContext, now = new Date()) {
	const rows = await repo.listMarkets(ctx.db, ctx.region.id);
	const events = rows.flatMap((m) =>
		marketIcsEvents(forIcs(m), feedDates(m, now), {
			origin: ctx.meta.origin,
			uncertainNote: t(ctx.meta.lang, 'market.uncertain')
		})
	);
	return marketCalendar(events, {
		origin: ctx.meta.origin,
		name: t(ctx.meta.lang, 'market.feedName', { region: ctx.region.name }),
		now
	});
}

/** RFC 7946 GeoJSON: one point per market (lon, lat), with its next dates. */
export async function marketsGeoJson(ctx: MarketContext, now = new Date()) {
	const rows = await repo.listMarkets(ctx.db, ctx.region.id);
	return {
		type: 'FeatureCollection',
		features: rows.map((m) => ({
			type: 'Feature',
			id: m.slug,
			geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
			properties: {
				name: m.name,
				kind: m.kind,
				url: `${ctx.meta.origin}/maerkte/${m.slug}`,
				place: m.place_name,
				street: m.street,
				municipality: m.municipality_name,
				organiser: m.organiser_name,
				uncertain: m.uncertain,
				nextDates: nextDates(readSchedule(m.schedule), now, 5)
					.filter((o) => !o.cancelled)
					.map((o) => ({ start: o.startsAt.toISOString(), end: o.endsAt.toISOString() }))
			}
		}))
	};
}

/** Every market date of the next year, one row each (cancelled ones marked). */
export async function marketDatesRows(ctx: MarketContext, now = new Date()) {
	const rows = await repo.listMarkets(ctx.db, ctx.region.id);
	const out: (string | number | boolean)[][] = [];
	for (const m of rows) {
		for (const o of feedDates(m, now)) {
			out.push([
				m.slug,
				m.name,
				m.kind,
				o.date,
				o.start,
				o.end,
				o.cancelled ? 'cancelled' : 'confirmed',
				m.place_name,
				m.municipality_name,
				m.lat,
				m.lon,
				m.uncertain
			]);
		}
	}
	out.sort(
		(a, b) => String(a[3]).localeCompare(String(b[3])) || String(a[4]).localeCompare(String(b[4]))
	);
	return {
		header: [
			'market',
			'name',
			'kind',
			'date',
			'start',
			'end',
			'status',
			'place',
			'municipality',
			'lat',
			'lon',
			'uncertain'
		],
		rows: out
	};
}

/** The attendance form: the producers the person speaks for and the next real dates. */
export async function attendancePage(ctx: MarketContext, slug: string, now = new Date()) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const market = await loadMarket(ctx, slug);
	const producers = await myProducers(ctx);
	const dates = nextDates(readSchedule(market.schedule), now, 12).filter((d) => !d.cancelled);
	const present = await repo.listProducersPresent(
		ctx.db,
		ctx.region.id,
		dates.map((d) => ({ marketId: market.id, date: d.date }))
	);
	const mine = new Set(producers.map((p) => p.id));
	return {
		market: { slug: market.slug, name: market.name },
		producers: producers.map((p) => ({ id: p.id, name: p.name })),
		dates: dates.map((d) => ({
			date: d.date,
			start: d.start,
			end: d.end,
			present: present
				.filter((r) => r.date === d.date && mine.has(r.producer_id))
				.map((r) => r.name)
		}))
	};
}
