/**
 * Slugs in use in a region's table that start like `base` (`base` itself and `base-…`), to guess
 * the next free suffix for a new row; the unique constraint on (region_id, slug) decides.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findSlugsLike(
	db: Executor,
	table: 'organisation' | 'place' | 'product',
	regionId: string,
	base: string
) {
	const rows = await db
		.selectFrom(table)
		.select('slug')
		.where('region_id', '=', regionId)
		.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
		.execute();
	return rows.map((r) => r.slug);
}
