/**
 * Statements marked PREPARED run as named prepared statements of their connection (parsed and
 * planned once per connection); every other statement stays unnamed. Both give the same rows.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { PREPARED } from './database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t.destroy();
});

test('a marked statement is prepared once per connection and gives the same rows as unmarked', async () => {
	await t.db.connection().execute(async (db) => {
		const words = sql`(values ('apfel', 1), ('birne', 2), ('apfelsaft', 3)) w(word, n)`;
		const marked = (prefix: string) =>
			sql`select ${PREPARED} word, n from ${words} where word like ${prefix + '%'} order by n`.execute(
				db
			);
		const plain = (prefix: string) =>
			sql`select word, n from ${words} where word like ${prefix + '%'} order by n`.execute(db);
		// more runs than PostgreSQL plans with the values at hand (five), and other values
		for (let i = 0; i < 7; i++) {
			expect((await marked('apfel')).rows).toEqual((await plain('apfel')).rows);
		}
		expect((await marked('apfel')).rows).toHaveLength(2);
		expect((await marked('birne')).rows).toEqual([{ word: 'birne', n: 2 }]);
		expect((await marked('kirsche')).rows).toEqual([]);

		const { rows } = await sql<{ name: string; statement: string }>`
			select name, statement from pg_prepared_statements order by name`.execute(db);
		// one prepared statement, the marked one, named after its text; the unmarked ones and
		// this query itself were not kept
		expect(rows).toHaveLength(1);
		expect(rows[0]!.name).toMatch(/^hl_[\w-]{20}$/);
		expect(rows[0]!.statement).toContain('/* prepared */');
	});
});

test('two marked statements of different text get different names', async () => {
	await t.db.connection().execute(async (db) => {
		await sql`select ${PREPARED} 1 as one`.execute(db);
		await sql`select ${PREPARED} 2 as two`.execute(db);
		await sql`select ${PREPARED} 1 as one`.execute(db);
		const { rows } = await sql<{ name: string }>`
			select name from pg_prepared_statements where statement like '%as one%' or statement like '%as two%'`.execute(
			db
		);
		expect(new Set(rows.map((r) => r.name)).size).toBe(2);
	});
});
