import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import type { Database } from '../src/lib/server/db/schema.ts';
import { BENCH_SEARCHES } from './bench-products-data.ts';
import { searchProducts } from '../src/lib/server/product/product.search.ts';

const url = process.argv[2]!;
const pool = new pg.Pool({ connectionString: url, max: 2 });
const captured: { sql: string; parameters: readonly unknown[] }[] = [];
const db = new Kysely<Database>({
	dialect: new PostgresDialect({ pool }),
	log: (e) => {
		if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
	}
});
const regionId = readFileSync('/tmp/pb/region', 'utf8').trim();
const runs = Number(process.argv[3] ?? 15);
for (const { name, search } of BENCH_SEARCHES) {
	captured.length = 0;
	await searchProducts(db as never, regionId, search, { limit: 20, offset: 0 });
	const statements = [...captured];
	const times: number[] = [];
	for (let i = 0; i < runs + 2; i++) {
		let total = 0;
		for (const s of statements) {
			const { rows } = await pool.query(`explain (analyze, format json) ${s.sql}`, s.parameters as unknown[]);
			total += (rows[0]['QUERY PLAN'][0] as { 'Execution Time': number })['Execution Time'];
		}
		if (i >= 2) times.push(total);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
	console.log(`${name.padEnd(28)} statements=${statements.length} p50=${at(0.5)} p95=${at(0.95)} ms`);
}
await db.destroy();
