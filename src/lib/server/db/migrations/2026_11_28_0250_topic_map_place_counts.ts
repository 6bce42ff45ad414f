// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Running counts of contributions per topic field, place and status, kept by statement-level
 * triggers on contribution in the same way as `contribution_count` (2026_11_27_3000). The
 * topic map's place filter offers the places a board has contributions from: it read them as
 * the distinct places of the board's index entries (1,900 entries for 100 places in the
 * participation bench, the biggest part of the page's SQL); now it reads the places' rows.
 * Contributions without a place are not counted. When a place is deleted, its contributions
 * lose the place (an update, counted out) and its rows go with it.
 */
const KEY = 'region_id, topic_field_id, municipality_id, status';
const DELTAS = {
	insert: `select ${KEY}, 1 as n from new_rows where municipality_id is not null`,
	delete: `select ${KEY}, -1 as n from old_rows where municipality_id is not null`,
	update: `select ${KEY}, 1 as n from new_rows where municipality_id is not null
		union all
		select ${KEY}, -1 from old_rows where municipality_id is not null`
};

/**
 * The changes of one statement, summed per key and applied in key order (concurrent writers
 * cannot deadlock). Keys whose sum is 0 (an update of other columns) are left alone. A
 * decrement whose row is gone (the region, topic field or place is being deleted and its
 * counts went first) is dropped.
 */
const apply = (delta: string) =>
	sql.raw(`insert into contribution_place_count as c (${KEY}, n)
		select d.region_id, d.topic_field_id, d.municipality_id, d.status, sum(d.n)
		from (${delta}) d
		group by 1, 2, 3, 4
		having sum(d.n) > 0 or (sum(d.n) < 0 and exists (
			select 1 from contribution_place_count e
			where (e.region_id, e.topic_field_id, e.municipality_id, e.status)
				= (d.region_id, d.topic_field_id, d.municipality_id, d.status)))
		order by 1, 2, 3, 4
		on conflict (region_id, topic_field_id, status, municipality_id)
			do update set n = c.n + excluded.n`);

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table contribution_place_count (
		region_id uuid not null references region (id) on delete cascade,
		topic_field_id uuid not null,
		municipality_id uuid not null,
		status text not null,
		-- no check (n >= 0): INSERT … ON CONFLICT checks the proposed row, which for a
		-- decrement is negative; the counts are proven by a test instead
		n integer not null,
		primary key (region_id, topic_field_id, status, municipality_id),
		constraint contribution_place_count_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete cascade,
		constraint contribution_place_count_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete cascade
	)`.execute(db);
	// contributions are not written until the migration commits: none is counted twice or lost
	await sql`lock table contribution in share row exclusive mode`.execute(db);
	for (const [op, delta] of Object.entries(DELTAS)) {
		await sql`create function ${sql.raw(`contribution_place_count_${op}`)}() returns trigger language plpgsql as $$
			begin
				${apply(delta)};
				return null;
			end $$`.execute(db);
	}
	await sql`create trigger contribution_place_count_insert after insert on contribution
		referencing new table as new_rows for each statement
		execute function contribution_place_count_insert()`.execute(db);
	await sql`create trigger contribution_place_count_delete after delete on contribution
		referencing old table as old_rows for each statement
		execute function contribution_place_count_delete()`.execute(db);
	await sql`create trigger contribution_place_count_update after update on contribution
		referencing old table as old_rows new table as new_rows for each statement
		execute function contribution_place_count_update()`.execute(db);
	await sql`insert into contribution_place_count (${sql.raw(KEY)}, n)
		select ${sql.raw(KEY)}, count(*) from contribution where municipality_id is not null
		group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const op of ['insert', 'delete', 'update']) {
		await sql`drop trigger ${sql.raw(`contribution_place_count_${op}`)} on contribution`.execute(
			db
		);
		await sql`drop function ${sql.raw(`contribution_place_count_${op}`)}()`.execute(db);
	}
	await db.schema.dropTable('contribution_place_count').execute();
}
