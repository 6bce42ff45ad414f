// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Running counts of contributions per topic field, category and status, kept by
 * statement-level triggers, for the topic map's category tabs and totals: a lookup of a few
 * rows instead of counting the whole board on every view (10,000 index entries, about 1 ms
 * of PostgreSQL per request). Updates that change none of the counted columns (supports,
 * comments, edits) change nothing here and take no lock. Rows are changed in key order in
 * one statement, so concurrent writers cannot deadlock.
 */
/** The rows a statement added (+1) and removed (-1), per trigger. */
const DELTAS = {
	insert: 'select region_id, topic_field_id, category_id, status, 1 as n from new_rows',
	delete: 'select region_id, topic_field_id, category_id, status, -1 as n from old_rows',
	update: `select region_id, topic_field_id, category_id, status, 1 as n from new_rows
		union all
		select region_id, topic_field_id, category_id, status, -1 from old_rows`
};

/**
 * The changes of one statement, summed per key and applied in key order. Keys whose sum is 0
 * (an update of other columns) are left alone. A decrement whose row is gone (the region is
 * being deleted and its counts went first) is dropped.
 */
const apply = (delta: string) =>
	sql.raw(`insert into contribution_count as c (region_id, topic_field_id, category_id, status, n)
		select d.region_id, d.topic_field_id, d.category_id, d.status, sum(d.n)
		from (${delta}) d
		group by 1, 2, 3, 4
		having sum(d.n) > 0 or (sum(d.n) < 0 and exists (
			select 1 from contribution_count e
			where (e.region_id, e.topic_field_id, e.category_id, e.status)
				= (d.region_id, d.topic_field_id, d.category_id, d.status)))
		order by 1, 2, 3, 4
		on conflict (region_id, topic_field_id, category_id, status)
			do update set n = c.n + excluded.n`);

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table contribution_count (
		region_id uuid not null references region (id) on delete cascade,
		topic_field_id uuid not null,
		category_id uuid not null,
		status text not null,
		-- no check (n >= 0): INSERT … ON CONFLICT checks the proposed row, which for a
		-- decrement is negative; the counts are proven by a test instead
		n integer not null,
		primary key (region_id, topic_field_id, category_id, status),
		constraint contribution_count_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete cascade,
		constraint contribution_count_category foreign key (region_id, category_id)
			references contribution_category (region_id, id) on delete cascade
	)`.execute(db);
	// contributions are not written until the migration commits: none is counted twice or lost
	await sql`lock table contribution in share row exclusive mode`.execute(db);
	for (const [op, delta] of Object.entries(DELTAS)) {
		await sql`create function ${sql.raw(`contribution_count_${op}`)}() returns trigger language plpgsql as $$
			begin
				${apply(delta)};
				return null;
			end $$`.execute(db);
	}
	await sql`create trigger contribution_count_insert after insert on contribution
		referencing new table as new_rows for each statement
		execute function contribution_count_insert()`.execute(db);
	await sql`create trigger contribution_count_delete after delete on contribution
		referencing old table as old_rows for each statement
		execute function contribution_count_delete()`.execute(db);
	await sql`create trigger contribution_count_update after update on contribution
		referencing old table as old_rows new table as new_rows for each statement
		execute function contribution_count_update()`.execute(db);
	// the contributions there are already
	await sql`insert into contribution_count (region_id, topic_field_id, category_id, status, n)
		select region_id, topic_field_id, category_id, status, count(*)
		from contribution group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const op of ['insert', 'delete', 'update']) {
		await sql`drop trigger ${sql.raw(`contribution_count_${op}`)} on contribution`.execute(db);
		await sql`drop function ${sql.raw(`contribution_count_${op}`)}()`.execute(db);
	}
	await db.schema.dropTable('contribution_count').execute();
}
