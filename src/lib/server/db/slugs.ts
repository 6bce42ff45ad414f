/**
 * Slugs of the tables whose rows have an address of their own in a region (unique on
 * region_id, slug): which are in use, and an insert that the unique constraint decides.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

type SluggedTable = 'organisation' | 'place' | 'product' | 'market';

/** Slugs in use that start like `base` (`base` itself and `base-…`), to guess the next free suffix. */
export async function findSlugsLike(
	db: Executor,
	table: SluggedTable,
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

/**
 * Inserts unless the slug is taken in the region; the unique constraint decides, so two requests
 * for the same slug cannot both get it. Returns the new row's id and slug, or null when taken.
 * (Kysely cannot follow a table chosen by a type parameter: the casts only say that every
 * SluggedTable has region_id, slug and id.)
 */
export async function insertUnlessSlugTaken<T extends SluggedTable>(
	db: Executor,
	table: T,
	values: Insertable<Database[T]>
) {
	const row = await db
		.insertInto(table as 'place')
		.values(values as Insertable<Database['place']>)
		.onConflict((oc) => oc.columns(['region_id', 'slug']).doNothing())
		.returning(['id', 'slug'])
		.executeTakeFirst();
	return row ?? null;
}
