/**
 * Ordering with pickup: order cycles (a coordinator collects orders for products of regional
 * producers until a closing time; people collect them at pickup points and pay there), the
 * coordinator's pick and packing lists, the producers' lists and the collection tour.
 *
 * Invariants, kept by the database and this service together:
 * - stock is never oversold: an order is placed in one transaction; each line is a conditional
 *   `update … set sold = sold + q where … (stock is null or sold + q <= stock)`, and the check
 *   `sold <= stock` is the backstop. One short line rolls the whole order back.
 * - no order after closing: the cycle row is locked FOR SHARE and `now()` is compared in the
 *   same transaction (closing time cannot move under it; cancelling takes the same lock).
 * - the price charged is the price shown: the form carries the price the person saw; a changed
 *   price refuses the order with the new price. Lines keep price and names as ordered.
 */
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { t, type Language } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { enqueueMail } from '../mail/mail.ts';
import { slugify } from '../region/region-import.service.ts';
import { planTour, type TourStop } from '../tour/tour.ts';
import { instantToBerlin } from '../event/event.time.ts';
import {
	findCycle,
	findOrganisationBySlug,
	listAvailableProducts,
	listCoordinatorChoices,
	listCurrentCycles,
	listOffers,
	listOrdersOfPerson,
	listOrdersWithLines,
	listPickups,
	listPlaces,
	quantitiesPerPickup,
	rolesOf,
	slugTaken,
	upsertCycleSearchDocument,
	type CycleRow
} from './order.repository.ts';
import type {
	BasketLine,
	CycleEditInput,
	CycleInput,
	OfferEditInput,
	OfferInput,
	PickupInput,
	PlaceInput
} from './order.schema.ts';
import {
	COORDINATOR_KINDS,
	canCoordinate,
	canCreateCycle,
	canOrder,
	canSeeCustomers,
	canViewProducer
} from './order.policy.ts';

export interface OrderContext {
	db: DB;
	region: Pick<RegionContext, 'id' | 'name'>;
	actor: Actor;
	/** true when SMTP is configured; otherwise mail is held in the outbox */
	smtp: boolean;
	meta: { lang: Language; origin: string };
}

/**
 * An order that cannot be placed as asked: which product, and what is possible now. The page
 * shows it next to the basket, which stays as it was.
 */
export class OrderRefused extends AppError {
	readonly params: Record<string, string | number>;
	readonly offerId: string | null;
	constructor(
		messageKey: string,
		params: Record<string, string | number> = {},
		offerId: string | null = null
	) {
		super('conflict', messageKey);
		this.params = params;
		this.offerId = offerId;
	}
}

const personId = (actor: Actor) => (isSignedIn(actor) ? actor.person.id : null);

export function money(cents: number, lang: Language): string {
	return new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
		style: 'currency',
		currency: 'EUR'
	}).format(cents / 100);
}

export function pickupWindow(startsAt: Date, endsAt: Date, lang: Language): string {
	const locale = lang === 'de' ? 'de-DE' : 'en-GB';
	const day = new Intl.DateTimeFormat(locale, {
		timeZone: 'Europe/Berlin',
		weekday: 'short',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	});
	const time = new Intl.DateTimeFormat(locale, {
		timeZone: 'Europe/Berlin',
		hour: '2-digit',
		minute: '2-digit'
	});
	return `${day.format(startsAt)}–${time.format(endsAt)}`;
}

async function loadCycle(ctx: OrderContext, slug: string): Promise<CycleRow> {
	if (!/^[a-z0-9-]{1,120}$/.test(slug)) throw new AppError('not_found', 'error.404.title');
	const cycle = await findCycle(ctx.db, ctx.region.id, slug);
	if (!cycle) throw new AppError('not_found', 'error.404.title');
	return cycle;
}

async function coordinatorRole(ctx: OrderContext, cycle: CycleRow) {
	const roles = await rolesOf(ctx.db, ctx.region.id, personId(ctx.actor), [cycle.coordinator_id]);
	return roles.get(cycle.coordinator_id) ?? null;
}

async function requireCoordinator(ctx: OrderContext, slug: string) {
	const cycle = await loadCycle(ctx, slug);
	authorise(ctx.actor, canCoordinate(ctx.actor, await coordinatorRole(ctx, cycle)));
	return cycle;
}

function remaining(offer: { stock: number | null; sold: number }) {
	return offer.stock === null ? null : Math.max(0, offer.stock - offer.sold);
}

function pickupView(p: Awaited<ReturnType<typeof listPickups>>[number]) {
	return {
		id: p.id,
		startsAt: p.starts_at.toISOString(),
		endsAt: p.ends_at.toISOString(),
		place: p.place_name,
		address: [p.street, [p.postcode, p.municipality_name].filter(Boolean).join(' ')]
			.filter(Boolean)
			.join(', ')
	};
}

/** /bestellen: open cycles and those about to open. */
export async function listCycles(ctx: OrderContext) {
	const rows = await listCurrentCycles(ctx.db, ctx.region.id);
	const view = rows.map((r) => ({
		slug: r.slug,
		name: r.name,
		coordinator: r.coordinator_name,
		opensAt: r.opens_at.toISOString(),
		closesAt: r.closes_at.toISOString()
	}));
	return {
		open: view.filter((_, i) => rows[i]!.open),
		upcoming: view.filter((_, i) => !rows[i]!.open),
		canCreate: isSignedIn(ctx.actor)
	};
}

/** A cycle's page: offers grouped by producer, pickups, and what the actor may do. */
export async function getCycle(ctx: OrderContext, slug: string) {
	const cycle = await loadCycle(ctx, slug);
	const [offers, pickups] = await Promise.all([
		listOffers(ctx.db, ctx.region.id, cycle.id),
		listPickups(ctx.db, ctx.region.id, cycle.id)
	]);
	const roles = await rolesOf(ctx.db, ctx.region.id, personId(ctx.actor), [
		cycle.coordinator_id,
		...new Set(offers.map((o) => o.producer_id))
	]);
	const coordinator = roles.get(cycle.coordinator_id) ?? null;
	const producers = new Map<
		string,
		{ id: string; name: string; slug: string; mine: boolean; offers: OfferView[] }
	>();
	for (const o of offers) {
		let group = producers.get(o.producer_id);
		if (!group) {
			group = {
				id: o.producer_id,
				name: o.producer_name,
				slug: o.producer_slug,
				mine: roles.has(o.producer_id),
				offers: []
			};
			producers.set(o.producer_id, group);
		}
		group.offers.push({
			id: o.id,
			product: o.product_name,
			unit: o.unit,
			priceCents: o.price_cents,
			stock: o.stock,
			sold: o.sold,
			left: remaining(o)
		});
	}
	return {
		slug: cycle.slug,
		name: cycle.name,
		description: cycle.description,
		coordinator: { name: cycle.coordinator_name, slug: cycle.coordinator_slug },
		opensAt: cycle.opens_at.toISOString(),
		closesAt: cycle.closes_at.toISOString(),
		open: cycle.open,
		closed: cycle.closed,
		producers: [...producers.values()],
		pickups: pickups.map(pickupView),
		canManage: canCoordinate(ctx.actor, coordinator),
		canOrder: canOrder(ctx.actor),
		signedIn: isSignedIn(ctx.actor)
	};
}
export interface OfferView {
	id: string;
	product: string;
	unit: string;
	priceCents: number;
	stock: number | null;
	sold: number;
	left: number | null;
}

/** The form to start a cycle: the organisations the person may coordinate for. */
export async function getCycleForm(ctx: OrderContext) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const [organisations, places] = await Promise.all([
		listCoordinatorChoices(
			ctx.db,
			ctx.region.id,
			COORDINATOR_KINDS,
			isModerator(ctx.actor) ? null : personId(ctx.actor)
		),
		listPlaces(ctx.db, ctx.region.id)
	]);
	return {
		organisations,
		places: places.map((p) => ({ id: p.id, name: p.name, municipality: p.municipality_name }))
	};
}

export async function createCycle(ctx: OrderContext, input: CycleInput): Promise<string> {
	const organisation = await findOrganisationBySlug(ctx.db, ctx.region.id, input.coordinator);
	if (!organisation || !COORDINATOR_KINDS.includes(organisation.kind)) {
		throw new AppError('invalid', 'order.cycle.coordinator.invalid', {
			fields: { coordinator: 'order.cycle.coordinator.invalid' }
		});
	}
	const roles = await rolesOf(ctx.db, ctx.region.id, personId(ctx.actor), [organisation.id]);
	authorise(ctx.actor, canCreateCycle(ctx.actor, roles.get(organisation.id) ?? null));
	if (input.depot) {
		const depot = await ctx.db
			.selectFrom('place')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', input.depot)
			.executeTakeFirst();
		if (!depot) {
			throw new AppError('invalid', 'order.cycle.depot.invalid', {
				fields: { depot: 'order.cycle.depot.invalid' }
			});
		}
	}
	const base = slugify(input.name).slice(0, 80).replace(/-$/, '') || 'bestellrunde';
	let slug = base;
	for (let n = 2; await slugTaken(ctx.db, ctx.region.id, slug); n++) slug = `${base}-${n}`;
	await ctx.db.transaction().execute(async (trx) => {
		const created = await trx
			.insertInto('order_cycle')
			.values({
				region_id: ctx.region.id,
				slug,
				name: input.name,
				description: input.description,
				coordinator_id: organisation.id,
				depot_place_id: input.depot ?? null,
				opens_at: input.opensAt,
				closes_at: input.closesAt,
				created_by: personId(ctx.actor)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await writeCycleSearchDocument(
			trx,
			ctx.region.id,
			{ id: created.id, slug, ...input },
			organisation.name
		);
	});
	return slug;
}

/**
 * Writes a cycle's one document of the site-wide search (its name, description and
 * coordinator) in the caller's transaction: wherever a cycle is made or changed, the demo
 * seeder included.
 */
export async function writeCycleSearchDocument(
	trx: Transaction<Database>,
	regionId: string,
	cycle: { id: string; slug: string; name: string; description: string },
	coordinator: string
) {
	const body = (label: string) => [`${label} ${coordinator}`, cycle.description].join('\n');
	await upsertCycleSearchDocument(trx, regionId, {
		refId: cycle.id,
		path: `/bestellen/${cycle.slug}`,
		title: { de: cycle.name, en: cycle.name },
		body: { de: body('Bestellrunde von'), en: body('Order round by') }
	});
}

const minute = (d: Date) => Math.floor(d.getTime() / 60_000);

/**
 * Edits a cycle's name, description and times. The rules, beyond "closing after opening":
 * - Once people have ordered (orders not cancelled), the closing time may still move, but not
 *   to a moment already past: they were promised until then to cancel, and the packing lists
 *   are made from it. Ending early stays possible by choosing a time a little ahead.
 * - Once people have ordered, the opening time cannot move into the future: those orders
 *   would then come from before the cycle opened.
 * - Before anyone has ordered, the times are free: a cycle nobody used yet can be moved or
 *   ended at once.
 * A time left as it was is never refused (editing the name of a closed cycle works).
 * The cycle row is locked FOR UPDATE: placing an order (FOR SHARE) waits, so no order slips in
 * between the check and the change. The search document changes in the same transaction.
 */
export async function updateCycle(ctx: OrderContext, slug: string, input: CycleEditInput) {
	const cycle = await requireCoordinator(ctx, slug);
	await ctx.db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('order_cycle')
			.select(['id', 'opens_at', 'closes_at', sql<Date>`now()`.as('now')])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', cycle.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		const ordered = await trx
			.selectFrom('customer_order')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('cycle_id', '=', cycle.id)
			.where('status', '!=', 'cancelled')
			.limit(1)
			.executeTakeFirst();
		if (ordered) {
			const fields: Record<string, string> = {};
			if (minute(input.closesAt) !== minute(row.closes_at) && input.closesAt <= row.now) {
				fields.closesAt = 'order.cycle.closesAt.pastWithOrders';
			}
			if (minute(input.opensAt) !== minute(row.opens_at) && input.opensAt > row.now) {
				fields.opensAt = 'order.cycle.opensAt.futureWithOrders';
			}
			const first = Object.values(fields)[0];
			if (first) throw new AppError('invalid', first, { fields });
		}
		await trx
			.updateTable('order_cycle')
			.set({
				name: input.name,
				description: input.description,
				opens_at: input.opensAt,
				closes_at: input.closesAt
			})
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', cycle.id)
			.execute();
		await writeCycleSearchDocument(
			trx,
			ctx.region.id,
			{ id: cycle.id, slug: cycle.slug, ...input },
			cycle.coordinator_name
		);
	});
}

/**
 * Changes an offer's price and stock. The price applies to new orders only: ordered lines keep
 * theirs, and a basket reviewed at the old price is refused with the new one (placeOrder). The
 * stock cannot go below what is sold: the update is conditional, and the check
 * `sold <= stock` refuses it in the database whatever the code does.
 */
export async function updateOffer(ctx: OrderContext, slug: string, input: OfferEditInput) {
	const cycle = await requireCoordinator(ctx, slug);
	let update = ctx.db
		.updateTable('order_cycle_offer')
		.set({ price_cents: input.price, stock: input.stock ?? null })
		.where('region_id', '=', ctx.region.id)
		.where('cycle_id', '=', cycle.id)
		.where('id', '=', input.id);
	if (input.stock !== undefined) update = update.where('sold', '<=', input.stock);
	const updated = await update.returning('id').executeTakeFirst();
	if (updated) return;
	const offer = await ctx.db
		.selectFrom('order_cycle_offer')
		.select('sold')
		.where('region_id', '=', ctx.region.id)
		.where('cycle_id', '=', cycle.id)
		.where('id', '=', input.id)
		.executeTakeFirst();
	if (!offer) throw new AppError('not_found', 'error.404.title');
	throw new AppError('conflict', 'order.offer.stock.belowSold', {
		fields: { stock: 'order.offer.stock.belowSold' }
	});
}

/** The management page: offers, pickups, and what can be added. */
export async function getCycleAdmin(ctx: OrderContext, slug: string) {
	const cycle = await requireCoordinator(ctx, slug);
	const [offers, pickups, products, places] = await Promise.all([
		listOffers(ctx.db, ctx.region.id, cycle.id),
		listPickups(ctx.db, ctx.region.id, cycle.id),
		listAvailableProducts(ctx.db, ctx.region.id),
		listPlaces(ctx.db, ctx.region.id)
	]);
	const offered = new Set(offers.map((o) => o.product_id));
	const groups = new Map<string, { producer: string; products: typeof products }>();
	for (const p of products.filter((p) => !offered.has(p.id))) {
		const group = groups.get(p.producer_name) ?? { producer: p.producer_name, products: [] };
		group.products.push(p);
		groups.set(p.producer_name, group);
	}
	return {
		cycle: {
			slug: cycle.slug,
			name: cycle.name,
			description: cycle.description,
			opensAt: cycle.opens_at.toISOString(),
			closesAt: cycle.closes_at.toISOString(),
			opensAtLocal: instantToBerlin(cycle.opens_at),
			closesAtLocal: instantToBerlin(cycle.closes_at),
			closed: cycle.closed
		},
		offers: offers.map((o) => ({
			id: o.id,
			product: o.product_name,
			unit: o.unit,
			producer: o.producer_name,
			producerSlug: o.producer_slug,
			priceCents: o.price_cents,
			stock: o.stock,
			sold: o.sold
		})),
		pickups: pickups.map(pickupView),
		productGroups: [...groups.values()].map((g) => ({
			producer: g.producer,
			products: g.products.map((p) => ({
				id: p.id,
				name: p.name,
				unit: p.unit,
				priceCents: p.price_cents
			}))
		})),
		places: places.map((p) => ({ id: p.id, name: p.name, municipality: p.municipality_name }))
	};
}

export async function addOffer(ctx: OrderContext, slug: string, input: OfferInput) {
	const cycle = await requireCoordinator(ctx, slug);
	const product = await ctx.db
		.selectFrom('product')
		.select(['id', 'price_cents'])
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', input.product)
		.where('available', '=', true)
		.executeTakeFirst();
	if (!product) {
		throw new AppError('invalid', 'order.offer.product.invalid', {
			fields: { product: 'order.offer.product.invalid' }
		});
	}
	const added = await ctx.db
		.insertInto('order_cycle_offer')
		.values({
			region_id: ctx.region.id,
			cycle_id: cycle.id,
			product_id: product.id,
			price_cents: input.price ?? product.price_cents,
			stock: input.stock ?? null
		})
		.onConflict((oc) => oc.columns(['cycle_id', 'product_id']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!added) {
		throw new AppError('conflict', 'order.offer.exists', {
			fields: { product: 'order.offer.exists' }
		});
	}
}

/** Removes an offer nobody has ordered yet (ordered lines keep it). */
export async function removeOffer(ctx: OrderContext, slug: string, offerId: string) {
	const cycle = await requireCoordinator(ctx, slug);
	const removed = await ctx.db
		.deleteFrom('order_cycle_offer')
		.where('region_id', '=', ctx.region.id)
		.where('cycle_id', '=', cycle.id)
		.where('id', '=', offerId)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('order_line').select('offer_id').where('offer_id', '=', offerId)))
		)
		.executeTakeFirst();
	if (removed.numDeletedRows === 0n) throw new AppError('conflict', 'order.offer.hasOrders');
}

export async function addPickup(ctx: OrderContext, slug: string, input: PickupInput) {
	const cycle = await requireCoordinator(ctx, slug);
	const place = await ctx.db
		.selectFrom('place')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', input.place)
		.executeTakeFirst();
	if (!place) {
		throw new AppError('invalid', 'order.pickup.place.invalid', {
			fields: { place: 'order.pickup.place.invalid' }
		});
	}
	const added = await ctx.db
		.insertInto('order_cycle_pickup')
		.values({
			region_id: ctx.region.id,
			cycle_id: cycle.id,
			place_id: place.id,
			starts_at: input.startsAt,
			ends_at: input.endsAt
		})
		.onConflict((oc) => oc.columns(['cycle_id', 'place_id', 'starts_at']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!added) {
		throw new AppError('conflict', 'order.pickup.exists', {
			fields: { place: 'order.pickup.exists' }
		});
	}
}

export async function removePickup(ctx: OrderContext, slug: string, pickupId: string) {
	const cycle = await requireCoordinator(ctx, slug);
	const removed = await ctx.db
		.deleteFrom('order_cycle_pickup')
		.where('region_id', '=', ctx.region.id)
		.where('cycle_id', '=', cycle.id)
		.where('id', '=', pickupId)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('customer_order').select('id').where('pickup_id', '=', pickupId)))
		)
		.executeTakeFirst();
	if (removed.numDeletedRows === 0n) throw new AppError('conflict', 'order.pickup.hasOrders');
}

/**
 * The review step: the basket's lines at today's prices, the total and the pickups. A price
 * that changed since the person saw the list is pointed out (the review shows the new one,
 * which is the one the order then carries).
 */
export async function reviewBasket(ctx: OrderContext, slug: string, basket: BasketLine[]) {
	const cycle = await loadCycle(ctx, slug);
	if (!cycle.open) throw new OrderRefused(cycle.closed ? 'order.closed' : 'order.notYetOpen');
	const [offers, pickups] = await Promise.all([
		listOffers(ctx.db, ctx.region.id, cycle.id),
		listPickups(ctx.db, ctx.region.id, cycle.id)
	]);
	const byId = new Map(offers.map((o) => [o.id, o]));
	const lines = basket.map((line) => {
		const offer = byId.get(line.offerId);
		if (!offer) throw new OrderRefused('order.offer.gone');
		const left = remaining(offer);
		return {
			offerId: offer.id,
			product: offer.product_name,
			producer: offer.producer_name,
			unit: offer.unit,
			quantity: line.quantity,
			priceCents: offer.price_cents,
			priceChanged: offer.price_cents !== line.priceCents,
			left,
			short: left !== null && left < line.quantity,
			totalCents: offer.price_cents * line.quantity
		};
	});
	return {
		slug: cycle.slug,
		name: cycle.name,
		closesAt: cycle.closes_at.toISOString(),
		lines,
		totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
		pickups: pickups.map(pickupView),
		canOrder: canOrder(ctx.actor)
	};
}

/** Places an order: all lines or none (see the header). Returns the order number. */
export async function placeOrder(
	ctx: OrderContext,
	slug: string,
	basket: BasketLine[],
	input: PlaceInput
): Promise<string> {
	authorise(ctx.actor, canOrder(ctx.actor));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	const person = ctx.actor.person;
	const lines = [...basket].sort((a, b) => (a.offerId < b.offerId ? -1 : 1));
	if (lines.length === 0) throw new AppError('invalid', 'order.basket.empty');
	return ctx.db.transaction().execute(async (trx) => {
		const cycle = await trx
			.selectFrom('order_cycle')
			.select([
				'id',
				'name',
				'slug',
				sql<boolean>`opens_at <= now()`.as('opened'),
				sql<boolean>`now() < closes_at`.as('before_close')
			])
			.where('region_id', '=', ctx.region.id)
			.where('slug', '=', slug)
			.forShare()
			.executeTakeFirst();
		if (!cycle) throw new AppError('not_found', 'error.404.title');
		if (!cycle.before_close) throw new OrderRefused('order.closed');
		if (!cycle.opened) throw new OrderRefused('order.notYetOpen');
		const pickup = await trx
			.selectFrom('order_cycle_pickup')
			.innerJoin('place', 'place.id', 'order_cycle_pickup.place_id')
			.select([
				'order_cycle_pickup.id',
				'order_cycle_pickup.starts_at',
				'order_cycle_pickup.ends_at',
				'place.name',
				'place.street',
				'place.postcode'
			])
			.where('order_cycle_pickup.region_id', '=', ctx.region.id)
			.where('order_cycle_pickup.cycle_id', '=', cycle.id)
			.where('order_cycle_pickup.id', '=', input.pickup)
			.executeTakeFirst();
		if (!pickup) {
			throw new AppError('invalid', 'order.pickup.choose', {
				fields: { pickup: 'order.pickup.choose' }
			});
		}
		// names as shown, kept with the lines
		const names = await trx
			.selectFrom('order_cycle_offer as offer')
			.innerJoin('product', 'product.id', 'offer.product_id')
			.innerJoin('organisation as producer', 'producer.id', 'product.producer_id')
			.select([
				'offer.id',
				'product.name as product_name',
				'product.unit',
				'producer.name as producer_name'
			])
			.where('offer.region_id', '=', ctx.region.id)
			.where('offer.cycle_id', '=', cycle.id)
			.where(
				'offer.id',
				'in',
				lines.map((l) => l.offerId)
			)
			.execute();
		const named = new Map(names.map((n) => [n.id, n]));
		for (const line of lines) {
			const offer = named.get(line.offerId);
			if (!offer) throw new OrderRefused('order.offer.gone');
			// in offer-id order, so that two baskets never wait for each other crosswise
			const taken = await trx
				.updateTable('order_cycle_offer')
				.set((eb) => ({ sold: eb('sold', '+', line.quantity) }))
				.where('id', '=', line.offerId)
				.where('cycle_id', '=', cycle.id)
				.where('region_id', '=', ctx.region.id)
				.where(sql<boolean>`(stock is null or sold + ${line.quantity} <= stock)`)
				.returning('price_cents')
				.executeTakeFirst();
			if (!taken) {
				const now = await trx
					.selectFrom('order_cycle_offer')
					.select(['stock', 'sold'])
					.where('region_id', '=', ctx.region.id)
					.where('id', '=', line.offerId)
					.executeTakeFirstOrThrow();
				const left = remaining(now);
				throw new OrderRefused(
					left === 0 ? 'order.soldOut' : 'order.short',
					{ product: offer.product_name, left: left ?? 0, unit: offer.unit },
					line.offerId
				);
			}
			if (taken.price_cents !== line.priceCents) {
				throw new OrderRefused(
					'order.priceChanged',
					{ product: offer.product_name, price: money(taken.price_cents, ctx.meta.lang) },
					line.offerId
				);
			}
		}
		const total = lines.reduce((sum, l) => sum + l.priceCents * l.quantity, 0);
		const order = await trx
			.insertInto('customer_order')
			.values({
				region_id: ctx.region.id,
				cycle_id: cycle.id,
				person_id: person.id,
				pickup_id: pickup.id,
				customer_name: person.displayName.slice(0, 120) || '–',
				total_cents: total,
				note: input.note
			})
			.returning(['id', 'number'])
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('order_line')
			.values(
				lines.map((l) => {
					const n = named.get(l.offerId)!;
					return {
						region_id: ctx.region.id,
						order_id: order.id,
						cycle_id: cycle.id,
						offer_id: l.offerId,
						product_name: n.product_name,
						unit: n.unit,
						producer_name: n.producer_name,
						unit_price_cents: l.priceCents,
						quantity: l.quantity
					};
				})
			)
			.execute();
		const lang = person.language;
		const params = {
			name: person.displayName,
			number: order.number,
			cycle: cycle.name,
			lines: lines
				.map((l) => {
					const n = named.get(l.offerId)!;
					return `${l.quantity} × ${n.product_name} (${n.unit}, ${n.producer_name}) à ${money(l.priceCents, lang)} = ${money(l.priceCents * l.quantity, lang)}`;
				})
				.join('\n'),
			total: money(total, lang),
			place: [pickup.name, pickup.street, pickup.postcode].filter(Boolean).join(', '),
			window: pickupWindow(pickup.starts_at, pickup.ends_at, lang),
			link: `${ctx.meta.origin}/konto/bestellungen`
		};
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: person.email,
				subject: t(lang, 'order.mail.subject', params),
				body: t(lang, 'order.mail.body', params)
			},
			ctx.smtp
		);
		return order.number;
	});
}

/** Cancels one of the person's orders until the cycle closes; the stock goes back. */
export async function cancelOrder(ctx: OrderContext, orderId: string) {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const me = personId(ctx.actor)!;
	await ctx.db.transaction().execute(async (trx) => {
		const order = await trx
			.selectFrom('customer_order')
			.select(['id', 'cycle_id', 'status'])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', orderId)
			.where('person_id', '=', me)
			.executeTakeFirst();
		if (!order) throw new AppError('not_found', 'error.404.title');
		const cycle = await trx
			.selectFrom('order_cycle')
			.select(sql<boolean>`now() < closes_at`.as('before_close'))
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', order.cycle_id)
			.forShare()
			.executeTakeFirstOrThrow();
		if (!cycle.before_close) throw new AppError('conflict', 'order.cancel.closed');
		const cancelled = await trx
			.updateTable('customer_order')
			.set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
			.where('id', '=', order.id)
			.where('status', '=', 'placed')
			.returning('id')
			.executeTakeFirst();
		if (!cancelled) throw new AppError('conflict', 'order.cancel.notPlaced');
		// the offers locked in id order, as placing an order takes them: no crosswise waiting
		await trx
			.selectFrom('order_cycle_offer')
			.select('id')
			.where('cycle_id', '=', order.cycle_id)
			.where('id', 'in', (eb) =>
				eb.selectFrom('order_line').select('offer_id').where('order_id', '=', order.id)
			)
			.orderBy('id')
			.forUpdate()
			.execute();
		await sql`update order_cycle_offer as offer
			set sold = offer.sold - line.quantity
			from order_line as line
			where line.order_id = ${order.id} and line.offer_id = offer.id
				and offer.cycle_id = ${order.cycle_id} and offer.region_id = ${ctx.region.id}`.execute(trx);
	});
}

/**
 * A coordinator marks an order as collected: only a placed order (not a cancelled one; once),
 * and only once its pickup window has begun. The moment is kept (`collected_at`, set exactly
 * with the status: a check in the database). The order row is locked, so a cancellation at the
 * same moment waits and then finds it no longer placed (and the reverse).
 */
export async function markCollected(ctx: OrderContext, slug: string, orderId: string) {
	const cycle = await requireCoordinator(ctx, slug);
	await ctx.db.transaction().execute(async (trx) => {
		const order = await trx
			.selectFrom('customer_order')
			.select(['id', 'status', 'pickup_id'])
			.where('region_id', '=', ctx.region.id)
			.where('cycle_id', '=', cycle.id)
			.where('id', '=', orderId)
			.forUpdate()
			.executeTakeFirst();
		if (!order) throw new AppError('not_found', 'error.404.title');
		if (order.status === 'cancelled') throw new AppError('conflict', 'order.collect.cancelled');
		if (order.status === 'collected') throw new AppError('conflict', 'order.collect.already');
		const pickup = await trx
			.selectFrom('order_cycle_pickup')
			.select(sql<boolean>`starts_at <= now()`.as('started'))
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', order.pickup_id)
			.executeTakeFirstOrThrow();
		if (!pickup.started) throw new AppError('conflict', 'order.collect.tooEarly');
		await trx
			.updateTable('customer_order')
			.set({ status: 'collected', collected_at: sql<Date>`now()` })
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', order.id)
			.where('status', '=', 'placed')
			.execute();
	});
}

function groupLines<L extends { order_id: string }>(lines: L[]) {
	const map = new Map<string, L[]>();
	for (const l of lines) map.set(l.order_id, [...(map.get(l.order_id) ?? []), l]);
	return map;
}

const lineView = (l: {
	product_name: string;
	unit: string;
	producer_name: string;
	unit_price_cents: number;
	quantity: number;
}) => ({
	product: l.product_name,
	unit: l.unit,
	producer: l.producer_name,
	priceCents: l.unit_price_cents,
	quantity: l.quantity
});

/** /konto/bestellungen: the person's orders, newest first. */
export async function myOrders(ctx: OrderContext) {
	const me = personId(ctx.actor);
	if (!me) return [];
	const { orders, lines } = await listOrdersOfPerson(ctx.db, ctx.region.id, me);
	const byOrder = groupLines(lines);
	return orders.map((o) => ({
		id: o.id,
		number: o.number,
		status: o.status,
		totalCents: o.total_cents,
		note: o.note,
		createdAt: o.created_at.toISOString(),
		collectedAt: o.collected_at?.toISOString() ?? null,
		cycle: { slug: o.cycle_slug, name: o.cycle_name, closesAt: o.closes_at.toISOString() },
		canCancel: o.status === 'placed' && o.cancellable,
		pickup: {
			place: [o.place_name, o.street, o.postcode].filter(Boolean).join(', '),
			startsAt: o.starts_at.toISOString(),
			endsAt: o.ends_at.toISOString()
		},
		lines: (byOrder.get(o.id) ?? []).map(lineView)
	}));
}

type Quantities = Awaited<ReturnType<typeof quantitiesPerPickup>>;

/** Per pickup: products × quantities summed (what to pack for that place). */
function pickList(rows: Quantities) {
	const pickups = new Map<
		string,
		{
			id: string;
			place: string;
			startsAt: string;
			endsAt: string;
			items: {
				producer: string;
				product: string;
				unit: string;
				quantity: number;
				/** of `quantity`, how much was in orders already collected */
				collected: number;
			}[];
		}
	>();
	for (const r of rows) {
		const entry = pickups.get(r.pickup_id) ?? {
			id: r.pickup_id,
			place: r.place_name,
			startsAt: r.starts_at.toISOString(),
			endsAt: r.ends_at.toISOString(),
			items: []
		};
		entry.items.push({
			producer: r.producer_name,
			product: r.product_name,
			unit: r.unit,
			quantity: r.quantity,
			collected: r.collected
		});
		pickups.set(r.pickup_id, entry);
	}
	return [...pickups.values()];
}

/** The coordinator's view: every order (packing list) and the pick list per pickup. */
export async function coordinatorView(ctx: OrderContext, slug: string) {
	const cycle = await loadCycle(ctx, slug);
	const role = await coordinatorRole(ctx, cycle);
	authorise(ctx.actor, canSeeCustomers(ctx.actor, role));
	const [{ orders, lines }, quantities] = await Promise.all([
		listOrdersWithLines(ctx.db, ctx.region.id, cycle.id),
		quantitiesPerPickup(ctx.db, ctx.region.id, cycle.id)
	]);
	const byOrder = groupLines(lines);
	return {
		cycle: { slug: cycle.slug, name: cycle.name, closesAt: cycle.closes_at.toISOString() },
		orders: orders.map((o) => ({
			id: o.id,
			number: o.number,
			customer: o.customer_name,
			status: o.status,
			collectedAt: o.collected_at?.toISOString() ?? null,
			canCollect: o.status === 'placed' && o.pickup_started,
			totalCents: o.total_cents,
			note: o.note,
			pickup: {
				place: o.place_name,
				startsAt: o.starts_at.toISOString(),
				endsAt: o.ends_at.toISOString()
			},
			lines: (byOrder.get(o.id) ?? []).map(lineView)
		})),
		pickList: pickList(quantities)
	};
}

/** A producer's view: their products' quantities per pickup point, without names. */
export async function producerView(ctx: OrderContext, slug: string, producerSlug: string) {
	const cycle = await loadCycle(ctx, slug);
	const producer = await findOrganisationBySlug(ctx.db, ctx.region.id, producerSlug);
	if (!producer) throw new AppError('not_found', 'error.404.title');
	const roles = await rolesOf(ctx.db, ctx.region.id, personId(ctx.actor), [
		producer.id,
		cycle.coordinator_id
	]);
	authorise(
		ctx.actor,
		canViewProducer(
			ctx.actor,
			roles.get(producer.id) ?? null,
			roles.get(cycle.coordinator_id) ?? null
		)
	);
	const rows = await quantitiesPerPickup(ctx.db, ctx.region.id, cycle.id, producer.id);
	return {
		cycle: { slug: cycle.slug, name: cycle.name, closesAt: cycle.closes_at.toISOString() },
		producer: { slug: producer.slug, name: producer.name },
		pickList: pickList(rows)
	};
}

/** The collection and delivery tour of a cycle (coordinators). */
export async function cycleTour(ctx: OrderContext, slug: string) {
	const cycle = await requireCoordinator(ctx, slug);
	const rows = await quantitiesPerPickup(ctx.db, ctx.region.id, cycle.id);
	type Stop = TourStop & {
		name: string;
		address: string;
		items: { product: string; unit: string; quantity: number; other: string }[];
	};
	const collect = new Map<string, Stop>();
	const drop = new Map<string, Stop>();
	for (const r of rows) {
		const producer = collect.get(r.producer_id) ?? {
			id: r.producer_id,
			lat: Number(r.producer_lat),
			lon: Number(r.producer_lon),
			name: r.producer_name,
			address: [r.producer_street, r.producer_postcode].filter(Boolean).join(', '),
			items: []
		};
		producer.items.push({
			product: r.product_name,
			unit: r.unit,
			quantity: r.quantity,
			other: r.place_name
		});
		collect.set(r.producer_id, producer);
		// several windows at one place are one stop
		const place = drop.get(r.place_id) ?? {
			id: r.place_id,
			lat: Number(r.lat),
			lon: Number(r.lon),
			name: r.place_name,
			address: [r.street, r.postcode].filter(Boolean).join(', '),
			items: []
		};
		place.items.push({
			product: r.product_name,
			unit: r.unit,
			quantity: r.quantity,
			other: r.producer_name
		});
		drop.set(r.place_id, place);
	}
	const depot =
		cycle.depot_lat !== null && cycle.depot_lon !== null
			? { name: cycle.depot_name!, lat: Number(cycle.depot_lat), lon: Number(cycle.depot_lon) }
			: {
					name: cycle.coordinator_name,
					lat: Number(cycle.coordinator_lat),
					lon: Number(cycle.coordinator_lon)
				};
	const tour = planTour(depot, [...collect.values()], [...drop.values()]);
	return {
		cycle: { slug: cycle.slug, name: cycle.name },
		depot,
		stops: tour.stops.map((s, i) => ({
			number: i + 1,
			kind: s.kind,
			name: s.stop.name,
			address: s.stop.address,
			lat: s.stop.lat,
			lon: s.stop.lon,
			legKm: s.legKm,
			items: s.stop.items
		})),
		returnKm: tour.returnKm,
		totalKm: tour.totalKm
	};
}

/** Account export: the person's orders with lines. */
export async function ordersForExport(
	db: DB | Transaction<Database>,
	regionId: string,
	personId: string
) {
	const { orders, lines } = await listOrdersOfPerson(db, regionId, personId);
	const byOrder = groupLines(lines);
	return orders.map((o) => ({
		number: o.number,
		cycle: o.cycle_name,
		status: o.status,
		total_cents: o.total_cents,
		note: o.note,
		created_at: o.created_at,
		cancelled_at: o.cancelled_at,
		collected_at: o.collected_at,
		pickup: { place: o.place_name, starts_at: o.starts_at, ends_at: o.ends_at },
		lines: (byOrder.get(o.id) ?? []).map(lineView)
	}));
}

/** Account deletion (inside its transaction): the orders stay for the lists, without the name. */
export async function anonymiseOrdersOf(
	trx: Transaction<Database>,
	regionId: string,
	personId: string
) {
	await trx
		.updateTable('customer_order')
		.set({ customer_name: 'gelöschtes Konto' })
		.where('region_id', '=', regionId)
		.where('person_id', '=', personId)
		.execute();
}
