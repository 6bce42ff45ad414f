// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Product search (issue 5): browsing without a search word lists a region's products by name,
 * a page at a time; this index gives that order without sorting every product. Searches with
 * words use the full-text and trigram indexes of migration 2900.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index product_region_name on product (region_id, name, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index product_region_name`.execute(db);
}
