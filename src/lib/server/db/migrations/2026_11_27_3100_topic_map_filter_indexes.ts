// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * The topic map filtered by category and target group counts its matches by joining two
 * index-only scans (the category's contribution ids, the target group's contribution ids)
 * instead of visiting thousands of table rows of both. Each new index replaces one whose
 * columns are its beginning.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index contribution_board_category_ids
		on contribution (region_id, topic_field_id, status, category_id, id)`.execute(db);
	await sql`drop index contribution_board_category`.execute(db);
	await sql`create index ctg_target_group_contributions
		on contribution_target_group (target_group_id, contribution_id)`.execute(db);
	await sql`drop index ctg_target_group_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`create index ctg_target_group_idx on contribution_target_group (target_group_id)`.execute(
		db
	);
	await sql`drop index ctg_target_group_contributions`.execute(db);
	await sql`create index contribution_board_category
		on contribution (region_id, topic_field_id, status, category_id)`.execute(db);
	await sql`drop index contribution_board_category_ids`.execute(db);
}
