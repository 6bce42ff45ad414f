import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { seedDemo } from './demo.ts';
import { CATEGORIES, searchQuerySchema } from '../product/product.schema.ts';
import { searchProductsPage } from '../product/product.service.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	await seedDemo(t.db, 'bergstrasse-odenwald');
});
afterAll(() => t.destroy());

test('about sixty demo products over every category, from made-up producers, with labels and search documents', async () => {
	const products = await t.db
		.selectFrom('product')
		.innerJoin('organisation', 'organisation.id', 'product.producer_id')
		.select([
			'product.id',
			'product.category',
			'product.price_cents',
			'organisation.name',
			'organisation.kind'
		])
		.where('product.region_id', '=', demo.id)
		.execute();
	expect(products.length).toBeGreaterThanOrEqual(55);
	expect(new Set(products.map((p) => p.category))).toEqual(new Set(CATEGORIES));
	for (const p of products) {
		expect(p.name).toMatch(/\(Demo\)$/);
		expect(['producer', 'farm_shop']).toContain(p.kind);
		expect(p.price_cents).toBeGreaterThan(0);
	}
	const labelled = await t.db
		.selectFrom('product_label')
		.innerJoin('label', 'label.id', 'product_label.label_id')
		.select('label.key')
		.where('product_label.region_id', '=', demo.id)
		.execute();
	expect(new Set(labelled.map((l) => l.key))).toEqual(
		new Set(['echt-odenwald', 'gepruefte-qualitaet-odenwald', 'genial-regional', 'bio'])
	);
	const documents = await t.db
		.selectFrom('search_document')
		.select('ref_id')
		.where('region_id', '=', demo.id)
		.where('kind', '=', 'product')
		.execute();
	expect(documents).toHaveLength(products.length);

	const { items } = await searchProductsPage(
		{ db: t.db, region: { id: demo.id }, actor: { regionId: demo.id, person: null } },
		searchQuerySchema.parse({ q: 'Äpfel' })
	);
	expect(items.map((i) => i.name)).toEqual(
		expect.arrayContaining(['Äpfel Boskoop', 'Apfelsaft naturtrüb', 'Apfelwein'])
	);
});
