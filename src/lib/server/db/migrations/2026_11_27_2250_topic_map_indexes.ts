// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Topic maps with 10,000 contributions: counting per category and sorting by supports or
 * comments read an index instead of the whole table (see the participation bench).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index contribution_board_category
		on contribution (region_id, topic_field_id, status, category_id)`.execute(db);
	// the places a board has contributions from (its place filter)
	await sql`create index contribution_board_municipality
		on contribution (region_id, topic_field_id, status, municipality_id)`.execute(db);
	await sql`create index contribution_board_supported
		on contribution (region_id, topic_field_id, status, support_count desc, created_at desc, id)`.execute(
		db
	);
	await sql`create index contribution_board_discussed
		on contribution (region_id, topic_field_id, status, comment_count desc, created_at desc, id)`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of [
		'contribution_board_category',
		'contribution_board_municipality',
		'contribution_board_supported',
		'contribution_board_discussed'
	]) {
		await sql`drop index ${sql.ref(index)}`.execute(db);
	}
}
