/**
 * Regions share tables, so isolation has to hold in every query and in the database itself.
 * This file proves both: reads scoped by one region never return another's rows, and the
 * database refuses rows that would tie one region's content to another's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { importRegion, readRegionFile } from './region-import.service.ts';
import {
	countUseCasesByField,
	getLegal,
	listMunicipalities,
	listNamedItems,
	listTopicFields,
	listUseCases
} from './region.repository.ts';
import { createRegionResolver } from './region.service.ts';
import { search } from '../search/search.service.ts';

let t: TestDatabase;
let demo: string;
let marburg: string;

beforeAll(async () => {
	t = await createTestDatabase();
	await importRegion(t.db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
	await importRegion(t.db, await readRegionFile('regions/marburg-biedenkopf.yaml'));
	const ids = await t.db.selectFrom('region').select(['id', 'slug']).execute();
	demo = ids.find((r) => r.slug === 'bergstrasse-odenwald')!.id;
	marburg = ids.find((r) => r.slug === 'marburg-biedenkopf')!.id;
});
afterAll(async () => {
	await t?.destroy();
});

describe('reads stay inside one region', () => {
	test('topic fields, municipalities, categories and target groups', async () => {
		for (const [regionId, other] of [
			[demo, marburg],
			[marburg, demo]
		] as const) {
			const fields = await listTopicFields(t.db, regionId);
			expect(fields.every((f) => f.region_id === regionId)).toBe(true);
			const otherFieldIds = (await listTopicFields(t.db, other)).map((f) => f.id);
			for (const id of otherFieldIds) {
				// asking for another region's topic field through this region finds nothing
				expect(await listUseCases(t.db, regionId, id, { limit: 100, offset: 0 })).toEqual([]);
			}
			const names = (await listMunicipalities(t.db, regionId)).map((m) => m.name);
			const otherNames = (await listMunicipalities(t.db, other)).map((m) => m.name);
			expect(names.filter((n) => otherNames.includes(n))).toEqual([]);
			for (const table of ['contribution_category', 'target_group'] as const) {
				expect(
					(await listNamedItems(t.db, table, regionId)).every((c) => c.region_id === regionId)
				).toBe(true);
			}
			const counts = await countUseCasesByField(t.db, regionId);
			expect(counts.every((c) => fields.some((f) => f.id === c.topic_field_id))).toBe(true);
		}
		expect((await getLegal(t.db, marburg))!.legal.imprint.de).not.toEqual(
			(await getLegal(t.db, demo))!.legal.imprint.de
		);
	});

	test('search finds only the own region’s documents', async () => {
		expect((await search(t.db, demo, 'Stadtallendorf')).length).toBe(0);
		expect((await search(t.db, marburg, 'Stadtallendorf')).map((h) => h.title.de)).toContain(
			'Stadtallendorf'
		);
		expect((await search(t.db, marburg, 'Heppenheim')).length).toBe(0);
	});

	test('each host name resolves to its own region; unknown hosts to the default only', async () => {
		const resolver = createRegionResolver(t.db, { defaultRegion: 'bergstrasse-odenwald' });
		expect((await resolver.resolve('marburg-biedenkopf.localtest'))?.slug).toBe(
			'marburg-biedenkopf'
		);
		expect((await resolver.resolve('localhost'))?.slug).toBe('bergstrasse-odenwald');
		expect((await resolver.resolve('unknown.example'))?.slug).toBe('bergstrasse-odenwald');
		const strict = createRegionResolver(t.db);
		// with two regions and no default, an unknown host gets no region at all
		expect(await strict.resolve('unknown.example')).toBeNull();
		const marburgContext = await strict.resolve('marburg-biedenkopf.localhost');
		expect(marburgContext?.topicFields.map((f) => f.key)).toContain('mobilitaet');
		expect(marburgContext?.municipalityCount).toBe(22);
	});
});

describe('the database refuses cross-region links', () => {
	test('a use case of one region cannot hang under another region’s topic field', async () => {
		const [foreignField] = await listTopicFields(t.db, marburg);
		await expect(
			t.db
				.insertInto('use_case')
				.values({
					region_id: demo,
					topic_field_id: foreignField!.id,
					key: 'sneaky',
					position: 99,
					title: JSON.stringify({ de: 'x', en: 'x' }),
					summary: JSON.stringify({ de: 'x', en: 'x' })
				})
				.execute()
		).rejects.toThrow(/use_case_topic_field/);
	});

	test('a municipality cannot belong to another region’s district', async () => {
		const foreignDistrict = await t.db
			.selectFrom('district')
			.select('id')
			.where('region_id', '=', marburg)
			.executeTakeFirstOrThrow();
		await expect(
			t.db
				.insertInto('municipality')
				.values({
					region_id: demo,
					district_id: foreignDistrict.id,
					slug: 'x',
					name: 'X',
					lat: 49.6,
					lon: 8.7
				})
				.execute()
		).rejects.toThrow(/municipality_district/);
	});

	test('a host name can belong to one region only', async () => {
		await expect(
			t.db.insertInto('region_host').values({ host: 'localhost', region_id: marburg }).execute()
		).rejects.toThrow(/region_host_pkey/);
	});
});
