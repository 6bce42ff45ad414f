import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createProducer } from '../../../../test/product-fixtures.ts';
import type { RegionContext } from '../region/region.service.ts';
import { productSchema, searchQuerySchema } from './product.schema.ts';
import { createProduct, searchProductsPage, type ProductContext } from './product.service.ts';
import { MAX_COUNTED, searchFold, searchProducts, searchWords } from './product.search.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;
let ctx: ProductContext;

const names = async (text: string, extra: Record<string, string> = {}, region = demo) => {
	const { items } = await searchProductsPage(
		{ db: t.db, region: { id: region.id }, actor: { regionId: region.id, person: null } },
		searchQuerySchema.parse({ q: text, ...extra })
	);
	return items.map((i) => i.name);
};

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
	const member = await createPerson(t.db, demo);
	ctx = { db: t.db, region: { id: demo.id }, actor: { regionId: demo.id, person: member } };
	// Lindenfels and Höchst i. Odw. are about 20 km apart
	const lindenfels = await createProducer(t.db, demo, {
		name: 'Obsthof Sonnenhang',
		municipality: 'Lindenfels',
		member: { id: member.id }
	});
	const hoechst = await createProducer(t.db, demo, {
		name: 'Kartoffelhof Höchst',
		municipality: 'Höchst i. Odw.',
		member: { id: member.id }
	});
	const add = (producer: string, name: string, category: string, extra: object = {}) =>
		createProduct(
			ctx,
			productSchema.parse({ producer, name, category, unit: '1 kg', price: '2,00', ...extra })
		);
	await add(lindenfels.slug, 'Apfel Boskoop', 'fruit', { labels: ['echt-odenwald'] });
	await add(lindenfels.slug, 'Apfelsaft naturtrüb', 'wine_juice', { labels: ['bio'] });
	await add(lindenfels.slug, 'Birnen Williams', 'fruit', {
		description: 'Saftige Birnen aus dem Odenwald.'
	});
	await add(hoechst.slug, 'Kartoffeln festkochend', 'potatoes', { origin: 'breuberg' });
	await add(hoechst.slug, 'Waldhonig', 'honey');
	// another region: never found from here
	const foreign = await createPerson(t.db, other);
	const foreignProducer = await createProducer(t.db, other, { member: { id: foreign.id } });
	await createProduct(
		{ db: t.db, region: { id: other.id }, actor: { regionId: other.id, person: foreign } },
		productSchema.parse({
			producer: foreignProducer.slug,
			name: 'Apfelsaft aus Marburg',
			category: 'wine_juice',
			unit: '1 l',
			price: '2'
		})
	);
});
afterAll(async () => {
	await t?.destroy();
});

describe('product search', () => {
	test('folding is the same as the database', async () => {
		for (const text of ['Äpfel', 'Größe', 'Crème Brûlée', 'MÖHREN']) {
			const { rows } = await sql<{ f: string }>`select search_fold(${text}) as f`.execute(t.db);
			expect(searchFold(text)).toBe(rows[0]!.f);
		}
		expect(searchWords("Äpfel & 'Saft':*")).toEqual(['apfel', 'saft']);
	});

	test('umlauts and stemming: "Äpfel" finds Apfel', async () => {
		expect(await names('Äpfel')).toEqual(
			expect.arrayContaining(['Apfel Boskoop', 'Apfelsaft naturtrüb'])
		);
		expect(await names('Äpfel')).not.toContain('Birnen Williams');
	});

	test('compounds: "Apfel" finds Apfelsaft (prefix), "Saft" finds Apfelsaft (infix)', async () => {
		expect(await names('Apfel')).toContain('Apfelsaft naturtrüb');
		const saft = await names('Saft');
		expect(saft).toContain('Apfelsaft naturtrüb');
		// "saftige" in a description is found too, but ranked after the name match
		expect(saft.indexOf('Apfelsaft naturtrüb')).toBeLessThan(saft.indexOf('Birnen Williams'));
	});

	test('typos: "Kartofel" finds Kartoffeln; producer and category names are searched', async () => {
		expect(await names('Kartofel')).toEqual(['Kartoffeln festkochend']);
		expect(await names('Sonnenhang')).toEqual(
			expect.arrayContaining(['Apfel Boskoop', 'Apfelsaft naturtrüb', 'Birnen Williams'])
		);
		expect(await names('Honig')).toEqual(['Waldhonig']);
		expect(await names('Obst')).toEqual(
			expect.arrayContaining(['Apfel Boskoop', 'Birnen Williams'])
		);
		expect(await names('Zucchini')).toEqual([]);
	});

	test('filters: category, label, municipality (origin first), distance; never another region', async () => {
		expect(await names('Apfel', { kategorie: 'fruit' })).toEqual(['Apfel Boskoop']);
		expect(await names('', { label: 'bio' })).toEqual(['Apfelsaft naturtrüb']);
		expect(await names('', { label: 'echt-odenwald' })).toEqual(['Apfel Boskoop']);
		expect(await names('Apfel', { label: 'bio', ort: 'lindenfels' })).toEqual([
			'Apfelsaft naturtrüb'
		]);
		// a label the region does not have is ignored, with and without a municipality
		expect(await names('Apfel', { label: 'unbekannt' })).toEqual(await names('Apfel'));
		expect(await names('Apfel', { label: 'unbekannt', ort: 'lindenfels' })).toEqual(
			await names('Apfel', { ort: 'lindenfels' })
		);
		expect(await names('Apfel')).toHaveLength(2);
		// the potatoes come from Breuberg, the honey from the producer's Höchst
		expect(await names('', { ort: 'breuberg' })).toEqual(['Kartoffeln festkochend']);
		expect(await names('', { ort: 'hoechst-i-odw' })).toEqual(['Waldhonig']);
		// 5 km around Lindenfels: only the orchard; 50 km: Höchst too
		expect((await names('', { ort: 'lindenfels', umkreis: '5' })).sort()).toEqual([
			'Apfel Boskoop',
			'Apfelsaft naturtrüb',
			'Birnen Williams'
		]);
		expect(await names('', { ort: 'lindenfels', umkreis: '50' })).toHaveLength(5);
		expect(await names('Honig', { ort: 'lindenfels', umkreis: '5' })).toEqual([]);
		expect(await names('Apfelsaft')).toEqual(['Apfelsaft naturtrüb']);
		expect(await names('Apfelsaft', {}, other)).toEqual(['Apfelsaft aus Marburg']);
	});

	test('paged, with the total, and the distance of each hit', async () => {
		const page = await searchProducts(t.db, demo.id, { text: '' }, { limit: 2, offset: 0 });
		expect(page.total).toBe(5);
		expect(page.rows).toHaveLength(2);
		const beyond = await searchProducts(t.db, demo.id, { text: 'Apfel' }, { limit: 2, offset: 10 });
		expect(beyond).toEqual({ rows: [], total: 2 });
		const { items } = await searchProductsPage(
			{ db: t.db, region: { id: demo.id }, actor: { regionId: demo.id, person: null } },
			searchQuerySchema.parse({ q: 'Waldhonig', ort: 'lindenfels', umkreis: '50' })
		);
		expect(items[0]!.distanceKm).toBeGreaterThan(18);
		expect(items[0]!.distanceKm).toBeLessThan(23);
	});

	test('the words of product names follow new names, renames and removals (typo correction)', async () => {
		const count = async (word: string) =>
			(
				await t.db
					.selectFrom('product_word')
					.select('products')
					.where('region_id', '=', demo.id)
					.where('word', '=', word)
					.executeTakeFirst()
			)?.products ?? 0;
		expect(await count('kartoffeln')).toBe(1);
		expect(await count('festkochend')).toBe(1);
		await t.db
			.updateTable('product')
			.set({ name: 'Frühkartoffeln festkochend' })
			.where('name', '=', 'Kartoffeln festkochend')
			.execute();
		expect(await count('kartoffeln')).toBe(0);
		expect(await count('fruhkartoffeln')).toBe(1);
		expect(await names('Kartofel')).toEqual([]);
		expect(await names('Fruhkartofel')).toEqual(['Frühkartoffeln festkochend']);
		await t.db.deleteFrom('product').where('name', '=', 'Frühkartoffeln festkochend').execute();
		expect(await count('fruhkartoffeln')).toBe(0);
		expect(await count('festkochend')).toBe(0);
	});

	test('word counts stay right when products with the same words are added at once', async () => {
		const producer = await createProducer(t.db, demo, { member: { id: ctx.actor.person!.id } });
		await Promise.all(
			Array.from({ length: 8 }, () =>
				createProduct(
					ctx,
					productSchema.parse({
						producer: producer.slug,
						name: 'Quittenbrot vom Hof',
						category: 'preserves',
						unit: '200 g',
						price: '3'
					})
				)
			)
		);
		const words = await t.db
			.selectFrom('product_word')
			.select(['word', 'products'])
			.where('region_id', '=', demo.id)
			.where('word', 'in', ['quittenbrot', 'vom', 'hof'])
			.orderBy('word')
			.execute();
		expect(words).toEqual([
			{ word: 'hof', products: 8 },
			{ word: 'quittenbrot', products: 8 },
			{ word: 'vom', products: 8 }
		]);
	});
});

describe('a common word: shown up to MAX_COUNTED, the best first', () => {
	let big: TestDatabase;
	let region: RegionContext;
	beforeAll(async () => {
		big = await createTestDatabase();
		({ demo: region } = await loadRegions(big.db));
		const member = await createPerson(big.db, region);
		const producer = await createProducer(big.db, region, { member: { id: member.id } });
		const { id: producerId } = await big.db
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', producer.slug)
			.executeTakeFirstOrThrow();
		// 1,050 juices found by infix ("Holundersaft 17"), one by its name's start ("Saft …")
		await sql`
			insert into product (region_id, producer_id, slug, name, category, unit, price_cents, months)
			select ${region.id}, ${producerId}, 'holundersaft-' || n, 'Holundersaft ' || n,
				'wine_juice', '0,7 l', 450, '{}'
			from generate_series(1, 1050) n`.execute(big.db);
		await sql`
			insert into product (region_id, producer_id, slug, name, category, unit, price_cents, months)
			values (${region.id}, ${producerId}, 'saft-vom-hof', 'Saft vom Hof', 'wine_juice', '1 l', 300, '{}')`.execute(
			big.db
		); // honey: 3 products named so, 30 more in the category only ("Akazie 7")
		await sql`
			insert into product (region_id, producer_id, slug, name, category, unit, price_cents, months)
			select ${region.id}::uuid, ${producerId}::uuid, 'waldhonig-' || n, 'Waldhonig ' || n, 'honey', '500 g', 650, '{}'::smallint[]
			from generate_series(1, 3) n
			union all
			select ${region.id}::uuid, ${producerId}::uuid, 'akazie-' || n, 'Akazie ' || n, 'honey', '500 g', 700, '{}'::smallint[]
			from generate_series(1, 30) n`.execute(big.db);
	});
	afterAll(async () => {
		await big?.destroy();
	});

	test('"saft": more than 1,000 hits, the best first, 50 pages, and exact counts below the cap', async () => {
		const search = (q: string, seite = '1', extra: Record<string, string> = {}) =>
			searchProductsPage(
				{ db: big.db, region: { id: region.id }, actor: { regionId: region.id, person: null } },
				searchQuerySchema.parse({ q, seite, ...extra })
			);
		const first = await search('saft');
		expect(first.more).toBe(true);
		expect(first.total).toBe(MAX_COUNTED);
		expect(first.pages).toBe(MAX_COUNTED / 20);
		// the full-text match of the word ranks above the infix matches of the compounds
		expect(first.items[0]!.name).toBe('Saft vom Hof');
		expect(first.items).toHaveLength(20);
		// the last page is full, and a page beyond shows the last one
		const last = await search('saft', '50');
		expect(last.items).toHaveLength(20);
		expect((await search('saft', '80')).page).toBe(50);
		// pages do not overlap
		const second = await search('saft', '2');
		expect(second.items.map((i) => i.slug)).not.toEqual(
			expect.arrayContaining([first.items[5]!.slug])
		);
		// below the cap the count is exact
		const exact = await search('holundersaft 10');
		expect(exact.more).toBe(false);
		// "Holundersaft 10", "… 100" to "… 109", "… 1000" to "… 1050"
		expect(exact.total).toBe(1 + 10 + 51);
		expect((await search('', '1', { kategorie: 'wine_juice' })).more).toBe(true);
	});

	test('"honig": the products named so first, then the rest of the category by name, paged across both', async () => {
		const page = (offset: number, limit: number) =>
			searchProducts(big.db, region.id, { text: 'honig' }, { limit, offset });
		const first = await page(0, 20);
		expect(first.total).toBe(33);
		expect(
			first.rows
				.slice(0, 3)
				.map((r) => r.name)
				.sort()
		).toEqual(['Waldhonig 1', 'Waldhonig 2', 'Waldhonig 3']);
		const second = await page(20, 20);
		expect(second.total).toBe(33);
		expect(second.rows).toHaveLength(13);
		const related = [...first.rows.slice(3), ...second.rows].map((r) => r.name);
		expect(new Set(related).size).toBe(30);
		expect(related.every((name) => name.startsWith('Akazie '))).toBe(true);
		// a page that starts inside the named ones and ends in the category
		const across = await page(2, 3);
		expect(across.rows.map((r) => r.name)).toEqual([
			first.rows[2]!.name,
			first.rows[3]!.name,
			first.rows[4]!.name
		]);
		expect(across.total).toBe(33);
		// a page inside the category holds a page's rows, no more
		expect((await page(5, 4)).rows.map((r) => r.name)).toEqual(related.slice(2, 6));
		expect(await page(40, 20)).toEqual({ rows: [], total: 33 });
	});

	test('"frisch", a word of most descriptions: names with it first, then the descriptions by name, counted to the cap', async () => {
		const { producer_id: producerId } = await big.db
			.selectFrom('product')
			.select('producer_id')
			.where('region_id', '=', region.id)
			.executeTakeFirstOrThrow();
		await sql`
			insert into product (region_id, producer_id, slug, name, category, unit, price_cents,
				months, description)
			select ${region.id}, ${producerId}, 'korb-' || n, 'Korb ' || n, 'vegetables', '1 kg', 500,
				'{}', 'Frisch vom Feld, jeden Morgen geerntet.'
			from generate_series(1, 1100) n
			union all
			values (${region.id}::uuid, ${producerId}::uuid, 'frischkaese', 'Frischkäse', 'dairy',
					'200 g', 250, '{}'::smallint[], ''),
				(${region.id}::uuid, ${producerId}::uuid, 'eier-hoffrisch', 'Eier hoffrisch', 'eggs',
					'10 Stück', 380, '{}'::smallint[], ''),
				(${region.id}::uuid, ${producerId}::uuid, 'quark-frisch', 'Quark, frisch', 'dairy',
					'250 g', 190, '{}'::smallint[], '')`.execute(big.db);
		const page = (offset: number, limit: number) =>
			searchProducts(big.db, region.id, { text: 'Frisch' }, { limit, offset });
		const first = await page(0, 20);
		// the whole word, the name's start, then the infix; then 1,100 baskets with it in the
		// description
		expect(first.rows.slice(0, 3).map((r) => r.name)).toEqual([
			'Quark, frisch',
			'Frischkäse',
			'Eier hoffrisch'
		]);
		const baskets = first.rows.slice(3).map((r) => r.name);
		expect(baskets).toHaveLength(17);
		expect(baskets.every((name) => name.startsWith('Korb '))).toBe(true);
		const { rows: byName } = await sql<{ name: string }>`
			select name from product where region_id = ${region.id} and name like 'Korb %'
			order by name, id limit 17`.execute(big.db);
		expect(baskets).toEqual(byName.map((r) => r.name));
		// counted only up to the cap ("more than 1,000")
		expect(first.total).toBe(MAX_COUNTED + 1);
		// a page across the two tiers, and one deep in the descriptions
		expect((await page(2, 3)).rows.map((r) => r.name)).toEqual([
			'Eier hoffrisch',
			baskets[0],
			baskets[1]
		]);
		const deep = await page(980, 20);
		expect(deep.rows).toHaveLength(20);
		expect(deep.rows.every((r) => r.name.startsWith('Korb '))).toBe(true);
	});
});
