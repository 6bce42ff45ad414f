import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { importRegion, readRegionFile, RegionFileError } from './region-import.service.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.destroy();
});

const count = async (
	table: 'region' | 'municipality' | 'topic_field' | 'use_case' | 'search_document'
) =>
	Number(
		(
			await t.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<string>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('importing region files', () => {
	test('creates a region with everything in it, once', async () => {
		const parsed = await readRegionFile('regions/bergstrasse-odenwald.yaml');
		expect(await importRegion(t.db, parsed)).toEqual({
			slug: 'bergstrasse-odenwald',
			outcome: 'created'
		});
		expect(await importRegion(t.db, parsed)).toEqual({
			slug: 'bergstrasse-odenwald',
			outcome: 'unchanged'
		});
		expect(await count('region')).toBe(1);
		expect(await count('municipality')).toBe(34);
		expect(await count('topic_field')).toBe(4);
		expect(await count('use_case')).toBe(16);
		// one search document per topic field, use case and municipality
		expect(await count('search_document')).toBe(4 + 16 + 34);
	});

	test('an updated file updates in place and keeps the ids of what stays', async () => {
		const parsed = await readRegionFile('regions/bergstrasse-odenwald.yaml');
		const before = await t.db.selectFrom('use_case').select(['id', 'key']).orderBy('key').execute();
		const changed = structuredClone(parsed);
		changed.hash = 'changed';
		changed.region.topicFields[0]!.name.de = 'Regionale Produkte';
		changed.region.topicFields[0]!.useCases.pop();
		expect((await importRegion(t.db, changed)).outcome).toBe('updated');
		const after = await t.db.selectFrom('use_case').select(['id', 'key']).orderBy('key').execute();
		expect(after).toHaveLength(15);
		for (const row of after) expect(before).toContainEqual(row);
		const field = await t.db
			.selectFrom('topic_field')
			.select(sql<string>`name->>'de'`.as('name'))
			.where('key', '=', 'regionale-produkte')
			.executeTakeFirstOrThrow();
		expect(field.name).toBe('Regionale Produkte');
		await importRegion(t.db, parsed);
		expect(await count('use_case')).toBe(16);
	});

	test('labels are imported by key: changed in place, products keep them, an omitted section keeps them', async () => {
		const parsed = await readRegionFile('regions/bergstrasse-odenwald.yaml');
		const labels = await t.db
			.selectFrom('label')
			.select(['id', 'key', 'kind', 'name', sql<string>`description->>'en'`.as('en')])
			.orderBy('position')
			.execute();
		expect(labels.map((l) => l.name)).toEqual([
			'Echt Odenwald',
			'Geprüfte Qualität Odenwald',
			'genial regional',
			'Bio (EU-Öko-Verordnung)'
		]);
		expect(labels.find((l) => l.key === 'bio')!.kind).toBe('organic');
		expect(labels[0]!.en).toContain('quality committee');

		const changed = structuredClone(parsed);
		changed.hash = 'labels-changed';
		changed.region.labels![0]!.name = 'Echt Odenwald!';
		changed.region.labels!.pop();
		await importRegion(t.db, changed);
		const after = await t.db.selectFrom('label').select(['id', 'key', 'name']).execute();
		expect(after).toHaveLength(3);
		expect(after.find((l) => l.key === 'echt-odenwald')).toEqual({
			id: labels[0]!.id,
			key: 'echt-odenwald',
			name: 'Echt Odenwald!'
		});

		const without = structuredClone(parsed);
		without.hash = 'labels-omitted';
		delete without.region.labels;
		await importRegion(t.db, without);
		expect(await t.db.selectFrom('label').select('key').execute()).toHaveLength(3);

		await importRegion(t.db, parsed);
		expect(await t.db.selectFrom('label').select('key').execute()).toHaveLength(4);
	});

	test('a second region that claims a taken host name changes nothing', async () => {
		const other = await readRegionFile('regions/marburg-biedenkopf.yaml');
		other.region.hosts = [...other.region.hosts, 'localhost'];
		const before = await count('municipality');
		await expect(importRegion(t.db, other)).rejects.toThrow(RegionFileError);
		await expect(importRegion(t.db, other)).rejects.toThrow(
			/"localhost" already belongs to region "bergstrasse-odenwald"/
		);
		expect(await count('region')).toBe(1);
		expect(await count('municipality')).toBe(before);
	});

	test('two processes importing the same file at once create it once', async () => {
		const other = await readRegionFile('regions/marburg-biedenkopf.yaml');
		const outcomes = await Promise.all([importRegion(t.db, other), importRegion(t.db, other)]);
		expect(outcomes.map((o) => o.outcome).sort()).toEqual(['created', 'unchanged']);
		expect(await count('region')).toBe(2);
	});
});
