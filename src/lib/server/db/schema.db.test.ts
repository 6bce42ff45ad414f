/**
 * Keeps src/lib/server/db/schema.ts honest: the row types must name exactly the columns the
 * migrations create. The object below must list every key of each table interface (TypeScript
 * checks that), and the test compares it with the migrated database.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { Database } from './schema.ts';

const declared: { [T in keyof Database]: Record<keyof Database[T], true> } = {
	region: {
		id: true,
		slug: true,
		name: true,
		state: true,
		default_language: true,
		tagline: true,
		intro: true,
		look: true,
		logo_svg: true,
		legal: true,
		source_hash: true,
		created_at: true,
		updated_at: true
	},
	region_host: { host: true, region_id: true },
	district: { id: true, region_id: true, key: true, name: true, seat: true },
	municipality: {
		id: true,
		region_id: true,
		district_id: true,
		slug: true,
		name: true,
		lat: true,
		lon: true,
		uncertain: true
	},
	topic_field: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		icon: true,
		colour: true,
		name: true,
		summary: true,
		goal: true
	},
	use_case: {
		id: true,
		region_id: true,
		topic_field_id: true,
		key: true,
		position: true,
		title: true,
		summary: true,
		status: true,
		created_at: true,
		updated_at: true
	},
	contribution_category: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		name: true,
		description: true
	},
	target_group: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		name: true,
		description: true
	},
	// search_text and tsv are generated columns the app never reads directly
	search_document: {
		id: true,
		region_id: true,
		kind: true,
		ref_id: true,
		path: true,
		title: true,
		body: true,
		updated_at: true
	}
};
const GENERATED_ONLY: Record<string, string[]> = { search_document: ['search_text', 'tsv'] };

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.destroy();
});

test('row types match the migrated tables', async () => {
	const { rows } = await sql<{ table_name: string; column_name: string }>`
		select table_name, column_name from information_schema.columns
		where table_schema = 'public' and table_name not like 'kysely_%'
		order by table_name, column_name`.execute(t.db);
	const actual: Record<string, string[]> = {};
	for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
	const expected = Object.fromEntries(
		Object.entries(declared).map(([table, columns]) => [
			table,
			[...Object.keys(columns), ...(GENERATED_ONLY[table] ?? [])].sort()
		])
	);
	expect(actual).toEqual(expected);
});
