/**
 * Demo order rounds, coordinated by the demo village shop: one open now (offers from the demo
 * products, pickups at the village shop and a farm shop or pickup point) and one closed last
 * week with a few orders of demo citizens, so that pick lists, producer lists and the tour
 * have content. Both are in the site-wide search, as rounds made through the service are. Runs
 * after the product and place seeders; without products or places (or without the village
 * shop) it seeds nothing.
 */
import { sql } from 'kysely';
import { writeCycleSearchDocument } from '../order/order.service.ts';
import type { DemoContext, DemoSeeder } from './demo.ts';

export const orderDemo: DemoSeeder = {
	name: 'order cycles',
	async seed(ctx: DemoContext) {
		const shop = ctx.organisations['dorfladen-gadernheim'];
		if (!shop) return;
		const region = ctx.region.id;
		const [products, places] = await Promise.all([
			ctx.db
				.selectFrom('product')
				.innerJoin('organisation', 'organisation.id', 'product.producer_id')
				.select([
					'product.id',
					'product.name',
					'product.unit',
					'product.price_cents',
					'organisation.name as producer_name'
				])
				.where('product.region_id', '=', region)
				.where('product.available', '=', true)
				.orderBy('organisation.name')
				.orderBy('product.name')
				.limit(12)
				.execute(),
			ctx.db
				.selectFrom('place')
				.select(['id', 'kind', 'shop_kind', 'organisation_id'])
				.where('region_id', '=', region)
				.where('kind', 'in', ['shop', 'farm', 'pickup_point'])
				.orderBy('name')
				.execute()
		]);
		if (products.length === 0 || places.length === 0) return;
		const villageShop =
			places.find((p) => p.organisation_id === shop.id) ??
			places.find((p) => p.shop_kind === 'village') ??
			places[0]!;
		const second = places.find(
			(p) => p.id !== villageShop.id && (p.kind === 'farm' || p.kind === 'pickup_point')
		);
		const pickupPlaces = second ? [villageShop, second] : [villageShop];

		await ctx.db.transaction().execute(async (trx) => {
			async function cycle(slug: string, name: string, description: string, days: number[]) {
				const [opens, closes, pickup] = days;
				const row = await trx
					.insertInto('order_cycle')
					.values({
						region_id: region,
						slug,
						name,
						description,
						coordinator_id: shop!.id,
						depot_place_id: villageShop.id,
						opens_at: sql<Date>`date_trunc('hour', now()) + make_interval(days => ${opens!})`,
						closes_at: sql<Date>`date_trunc('hour', now()) + make_interval(days => ${closes!})`,
						created_by: ctx.moderator.id
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				// findable in the site-wide search, as a round made through the service is
				await writeCycleSearchDocument(
					trx,
					region,
					{ id: row.id, slug, name, description },
					shop!.name
				);
				const pickups = [];
				for (const [index, place] of pickupPlaces.entries()) {
					pickups.push(
						await trx
							.insertInto('order_cycle_pickup')
							.values({
								region_id: region,
								cycle_id: row.id,
								place_id: place.id,
								// Friday afternoon at the shop, Saturday morning at the second place
								starts_at: sql<Date>`date_trunc('day', now()) + make_interval(days => ${pickup! + index}, hours => ${index === 0 ? 15 : 9})`,
								ends_at: sql<Date>`date_trunc('day', now()) + make_interval(days => ${pickup! + index}, hours => ${index === 0 ? 18 : 12})`
							})
							.returning(['id', 'starts_at'])
							.executeTakeFirstOrThrow()
					);
				}
				const offers = [];
				for (const [index, product] of products.entries()) {
					const offer = await trx
						.insertInto('order_cycle_offer')
						.values({
							region_id: region,
							cycle_id: row.id,
							product_id: product.id,
							price_cents: product.price_cents,
							// every third without a limit
							stock: index % 3 === 0 ? null : 10 + ((index * 7) % 25)
						})
						.returning(['id', 'stock'])
						.executeTakeFirstOrThrow();
					offers.push({ ...offer, product });
				}
				return { id: row.id, pickups, offers };
			}

			await cycle(
				'wochenkiste-dorfladen',
				'Wochenkiste aus dem Odenwald (Demo)',
				'Bestellen Sie bis Mittwochabend, abholen am Freitag im Dorfladen oder am Samstag an der zweiten Abholstelle. Bezahlt wird bei der Abholung.',
				[-2, 4, 6]
			);
			const past = await cycle(
				'wochenkiste-vorwoche',
				'Wochenkiste der Vorwoche (Demo)',
				'Die abgeschlossene Runde der letzten Woche.',
				[-12, -7, -5]
			);
			// a few orders of demo citizens in last week's round
			const buyers = ctx.citizens.slice(0, 6);
			for (const [index, buyer] of buyers.entries()) {
				const pickup = past.pickups[index % past.pickups.length]!;
				const lines = past.offers
					.filter((_, i) => (i + index) % 3 === 0)
					.slice(0, 4)
					.map((o) => ({ offer: o, quantity: 1 + Math.floor(ctx.random() * 3) }))
					.filter((l) => l.offer.stock === null || l.quantity <= l.offer.stock);
				if (lines.length === 0) continue;
				const collected = index !== 5;
				const order = await trx
					.insertInto('customer_order')
					.values({
						region_id: region,
						cycle_id: past.id,
						person_id: buyer.id,
						pickup_id: pickup.id,
						customer_name: buyer.displayName,
						status: collected ? 'collected' : 'cancelled',
						cancelled_at: collected ? null : sql<Date>`now() - interval '8 days'`,
						// handed over a little after the pickup window opened
						collected_at: collected
							? new Date(pickup.starts_at.getTime() + (10 + 7 * index) * 60_000)
							: null,
						total_cents: lines.reduce((s, l) => s + l.offer.product.price_cents * l.quantity, 0),
						created_at: sql<Date>`now() - interval '9 days'`
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await trx
					.insertInto('order_line')
					.values(
						lines.map((l) => ({
							region_id: region,
							order_id: order.id,
							cycle_id: past.id,
							offer_id: l.offer.id,
							product_name: l.offer.product.name,
							unit: l.offer.product.unit,
							producer_name: l.offer.product.producer_name,
							unit_price_cents: l.offer.product.price_cents,
							quantity: l.quantity
						}))
					)
					.execute();
			}
			// sold follows the orders that were not cancelled (as placing and cancelling keep it)
			await sql`update order_cycle_offer as offer
				set sold = least(coalesce(offer.stock, 1000000), coalesce((
					select sum(line.quantity) from order_line as line
					join customer_order as o on o.id = line.order_id
					where line.offer_id = offer.id and o.status <> 'cancelled'), 0))
				where offer.cycle_id = ${past.id}`.execute(trx);
		});
	}
};
