import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createProducer } from '../../../../test/product-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { productSchema, type ProductInput } from './product.schema.ts';
import {
	createProduct,
	deleteProduct,
	getProduct,
	getProductForEdit,
	getProductFormOptions,
	listProductsOfOrganisation,
	updateProduct,
	type ProductContext
} from './product.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null): ProductContext {
	return { db: t.db, region: { id: region.id }, actor: { regionId: region.id, person: who } };
}

function input(producer: string, overrides: Record<string, unknown> = {}): ProductInput {
	return productSchema.parse({
		producer,
		name: 'Apfelsaft naturtrüb',
		category: 'wine_juice',
		unit: '1 l',
		price: '3,50',
		months: ['9', '10', '11'],
		labels: ['echt-odenwald', 'bio'],
		description: 'Aus Streuobst vom Hof.',
		available: 'on',
		...overrides
	});
}

const searchDocument = (ref: string) =>
	t.db
		.selectFrom('search_document')
		.select(['path', 'title', 'body'])
		.where('kind', '=', 'product')
		.where('ref_id', '=', ref)
		.executeTakeFirst();

describe('products', () => {
	test('a member adds a product: price in cents, season, labels, search document; slugs stay unique', async () => {
		const member = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		const { slug } = await createProduct(ctx(demo, member), input(producer.slug));
		expect(slug).toBe('apfelsaft-naturtrueb');
		const page = await getProduct(ctx(demo, null), slug, new Date('2026-10-15T12:00:00Z'));
		expect(page.product).toMatchObject({
			name: 'Apfelsaft naturtrüb',
			priceCents: 350,
			months: [9, 10, 11],
			inSeason: true,
			producer: { slug: producer.slug, name: producer.name }
		});
		expect(page.product.labels.map((l) => l.key)).toEqual(['echt-odenwald', 'bio']);
		expect(page.permissions.edit).toBe(false);
		expect((await getProduct(ctx(demo, member), slug)).permissions.edit).toBe(true);
		expect(
			(await getProduct(ctx(demo, null), slug, new Date('2026-03-01T12:00:00Z'))).product.inSeason
		).toBe(false);

		const row = await t.db
			.selectFrom('product')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		expect(await searchDocument(row.id)).toMatchObject({
			path: `/produkte/${slug}`,
			title: { de: 'Apfelsaft naturtrüb', en: 'Apfelsaft naturtrüb' }
		});

		// the same name again, at the same moment: both get a slug of their own
		const [a, b] = await Promise.all([
			createProduct(ctx(demo, member), input(producer.slug)),
			createProduct(ctx(demo, member), input(producer.slug))
		]);
		expect([a.slug, b.slug].sort()).toEqual(['apfelsaft-naturtrueb-2', 'apfelsaft-naturtrueb-3']);

		const listed = await listProductsOfOrganisation(ctx(demo, null), {
			slug: producer.slug,
			kind: 'producer'
		});
		expect(listed.map((p) => p.slug).sort()).toEqual([
			'apfelsaft-naturtrueb',
			'apfelsaft-naturtrueb-2',
			'apfelsaft-naturtrueb-3'
		]);
	});

	test('who may: members and admins of the producer, moderators; not others, not other regions', async () => {
		const member = await person(demo);
		const admin = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		await t.db
			.insertInto('organisation_member')
			.values({
				region_id: demo.id,
				organisation_id: producer.id,
				person_id: admin.id,
				role: 'admin'
			})
			.execute();
		const stranger = await person(demo);
		const unverified = await person(demo, 'citizen', false);
		const moderator = await person(demo, 'moderator');
		const foreignModerator = await person(other, 'moderator');

		await expect(createProduct(ctx(demo, null), input(producer.slug))).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(createProduct(ctx(demo, stranger), input(producer.slug))).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createProduct(ctx(demo, unverified), input(producer.slug))).rejects.toMatchObject({
			code: 'forbidden'
		});
		// another region cannot even see the producer
		await expect(
			createProduct(ctx(other, foreignModerator), input(producer.slug))
		).rejects.toMatchObject({ code: 'invalid', fields: { producer: 'product.producer.required' } });

		const { slug } = await createProduct(ctx(demo, admin), input(producer.slug, { name: 'Eier' }));
		await createProduct(ctx(demo, moderator), input(producer.slug, { name: 'Eier' }));
		await expect(
			updateProduct(ctx(demo, stranger), slug, input(producer.slug, { name: 'Freilandeier' }))
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(getProductForEdit(ctx(demo, stranger), slug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(getProduct(ctx(other, null), slug)).rejects.toMatchObject({ code: 'not_found' });
		await expect(deleteProduct(ctx(other, foreignModerator), slug)).rejects.toMatchObject({
			code: 'not_found'
		});
		await updateProduct(ctx(demo, member), slug, input(producer.slug, { name: 'Freilandeier' }));
		expect((await getProduct(ctx(demo, null), slug)).product.name).toBe('Freilandeier');

		// a village shop is not a producer: no products there, even for its members
		const shop = await createProducer(t.db, demo, {
			kind: 'village_shop',
			member: { id: member.id }
		});
		await expect(createProduct(ctx(demo, member), input(shop.slug))).rejects.toMatchObject({
			code: 'invalid'
		});
		const options = await getProductFormOptions(ctx(demo, member));
		expect(options.producers.map((p) => p.slug)).toContain(producer.slug);
		expect(options.producers.map((p) => p.slug)).not.toContain(shop.slug);
		expect(options.labels.map((l) => l.key)).toContain('echt-odenwald');
	});

	test('bad input changes nothing: prices, months, labels and places are checked', async () => {
		expect(productSchema.safeParse({ ...raw(), price: '-3,50' }).error?.issues[0]).toMatchObject({
			path: ['price'],
			message: 'product.price.invalid'
		});
		expect(productSchema.safeParse({ ...raw(), price: '' }).error?.issues[0]?.message).toBe(
			'product.price.required'
		);
		expect(productSchema.safeParse({ ...raw(), price: 'drei' }).success).toBe(false);
		expect(productSchema.safeParse({ ...raw(), price: '3,505' }).success).toBe(false);
		expect(productSchema.safeParse({ ...raw(), price: '10000,01' }).success).toBe(false);
		expect(productSchema.parse({ ...raw(), price: '3.50' }).price).toBe(350);
		expect(productSchema.parse({ ...raw(), price: '1.234,5 €' }).price).toBe(123450);
		expect(productSchema.parse({ ...raw(), price: '0' }).price).toBe(0);
		expect(productSchema.safeParse({ ...raw(), months: ['13'] }).error?.issues[0]?.message).toBe(
			'product.months.invalid'
		);
		expect(productSchema.parse({ ...raw(), months: '4' }).months).toEqual([4]);
		expect(productSchema.parse({ ...raw(), months: undefined }).months).toEqual([]);
		expect(productSchema.parse({ ...raw(), available: undefined }).available).toBe(false);

		const member = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		const before = await t.db
			.selectFrom('product')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow();
		await expect(
			createProduct(ctx(demo, member), input(producer.slug, { labels: ['erfunden'] }))
		).rejects.toMatchObject({ code: 'invalid', fields: { labels: 'product.labels.invalid' } });
		await expect(
			createProduct(ctx(demo, member), input(producer.slug, { origin: 'atlantis' }))
		).rejects.toMatchObject({ code: 'invalid', fields: { origin: 'product.origin.invalid' } });
		const after = await t.db
			.selectFrom('product')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	test('adding, changing and removing a product each write one audit entry', async () => {
		const member = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		const { slug } = await createProduct(
			ctx(demo, member),
			input(producer.slug, { name: 'Protokollhonig' })
		);
		const { id } = await t.db
			.selectFrom('product')
			.select('id')
			.where('region_id', '=', demo.id)
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		await updateProduct(
			ctx(demo, member),
			slug,
			input(producer.slug, { name: 'Protokollhonig hell' })
		);
		// refused: a stranger's change writes nothing
		await expect(
			updateProduct(ctx(demo, await person(demo)), slug, input(producer.slug))
		).rejects.toMatchObject({ code: 'forbidden' });
		await deleteProduct(ctx(demo, member), slug);
		const entries = await t.db
			.selectFrom('audit_entry')
			.select(['action', 'actor_id', 'target_type', 'details'])
			.where('region_id', '=', demo.id)
			.where('target_id', '=', id)
			.orderBy('id')
			.execute();
		const common = { actor_id: member.id, target_type: 'product' };
		expect(entries).toEqual([
			{
				...common,
				action: 'product.created',
				details: { slug, name: 'Protokollhonig', producer: producer.slug }
			},
			{
				...common,
				action: 'product.updated',
				details: { slug, name: 'Protokollhonig hell', producer: producer.slug }
			},
			{
				...common,
				action: 'product.deleted',
				details: { slug, name: 'Protokollhonig hell', producer: producer.slug }
			}
		]);
	});

	test('removing a product removes its search document in the same transaction', async () => {
		const member = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		const { slug } = await createProduct(
			ctx(demo, member),
			input(producer.slug, { name: 'Lindenblütenhonig' })
		);
		const { id } = await t.db
			.selectFrom('product')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		expect(await searchDocument(id)).toBeDefined();
		expect(await deleteProduct(ctx(demo, member), slug)).toBe(producer.slug);
		expect(await searchDocument(id)).toBeUndefined();
		await expect(getProduct(ctx(demo, null), slug)).rejects.toMatchObject({ code: 'not_found' });
	});

	test('where to buy: market stands with next dates, shops with hours, open order cycles', async () => {
		const member = await person(demo);
		const producer = await createProducer(t.db, demo, { member: { id: member.id } });
		const { slug } = await createProduct(
			ctx(demo, member),
			input(producer.slug, { name: 'Quittengelee' })
		);
		const product = await t.db
			.selectFrom('product')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		const municipality = await t.db
			.selectFrom('municipality')
			.select(['id', 'lat', 'lon'])
			.where('region_id', '=', demo.id)
			.limit(1)
			.executeTakeFirstOrThrow();
		const place = (slug: string, kind: 'market_square' | 'shop', name: string) =>
			t.db
				.insertInto('place')
				.values({
					region_id: demo.id,
					slug,
					kind,
					shop_kind: kind === 'shop' ? 'village' : null,
					name,
					municipality_id: municipality.id,
					lat: municipality.lat,
					lon: municipality.lon,
					opening_hours:
						kind === 'shop'
							? JSON.stringify({
									rules: [{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }]
								})
							: null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		const square = await place('marktplatz-test', 'market_square', 'Marktplatz');
		const shop = await place('dorfladen-test', 'shop', 'Dorfladen Test');
		const market = await t.db
			.insertInto('market')
			.values({
				region_id: demo.id,
				slug: 'wochenmarkt-test',
				name: 'Wochenmarkt Test',
				kind: 'weekly',
				place_id: square.id,
				schedule: JSON.stringify({ rules: [{ weekdays: [6], start: '08:00', end: '12:00' }] })
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await t.db
			.insertInto('market_stand')
			.values({ region_id: demo.id, market_id: market.id, producer_id: producer.id })
			.execute();
		await t.db
			.insertInto('shop_producer')
			.values({ region_id: demo.id, place_id: shop.id, producer_id: producer.id })
			.execute();
		const cycle = (slug: string, opens: string, closes: string) =>
			t.db
				.insertInto('order_cycle')
				.values({
					region_id: demo.id,
					slug,
					name: `Bestellrunde ${slug}`,
					coordinator_id: producer.id,
					opens_at: new Date(opens),
					closes_at: new Date(closes)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		const now = Date.now();
		const open = await cycle(
			'offen',
			new Date(now - 86_400_000).toISOString(),
			new Date(now + 86_400_000).toISOString()
		);
		const past = await cycle('vorbei', '2020-01-01T00:00:00Z', '2020-01-08T00:00:00Z');
		for (const c of [open, past]) {
			await t.db
				.insertInto('order_cycle_offer')
				.values({ region_id: demo.id, cycle_id: c.id, product_id: product.id, price_cents: 320 })
				.execute();
		}

		const page = await getProduct(ctx(demo, null), slug, new Date('2026-11-27T10:00:00Z'));
		expect(page.markets).toHaveLength(1);
		expect(page.markets[0]!.name).toBe('Wochenmarkt Test');
		// Friday 27 November: the next Saturdays
		expect(page.markets[0]!.next.map((o) => o.date)).toEqual([
			'2026-11-28',
			'2026-12-05',
			'2026-12-12'
		]);
		expect(page.shops).toEqual([
			expect.objectContaining({
				name: 'Dorfladen Test',
				hours: [{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }]
			})
		]);
		expect(page.offers.map((o) => o.slug)).toEqual(['offen']);
		expect(page.offers[0]!.priceCents).toBe(320);
	});
});

function raw() {
	return {
		producer: 'hof',
		name: 'Apfelsaft',
		category: 'wine_juice',
		unit: '1 l',
		price: '3,50'
	};
}
