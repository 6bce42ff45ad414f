// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * The topic map filtered by target group (with or without a category) reads a page and its
 * total from indexes and running counts instead of joining and counting thousands of rows on
 * every view (the participation bench: 10,000 contributions, 4.6 ms of PostgreSQL per view):
 *
 * - A contribution's target-group rows carry copies of what the board filters and sorts by:
 *   topic field, status, category and creation time. A foreign key to exactly these columns of
 *   the contribution keeps the copies true: it cascades every change (hiding, another category)
 *   and refuses a row that disagrees. A trigger fills them in on insert, so writers still name
 *   only region, contribution and target group. The key replaces the narrower one to
 *   (region_id, contribution_id), which it implies.
 * - `ctg_board` lists a target group's contributions newest first, the category beside them:
 *   a page of the filtered board comes from the index alone.
 * - `contribution_group_count` keeps running counts per topic field, category, target group
 *   and status, kept by statement-level triggers on the target-group rows in the same way as
 *   `contribution_count` (2026_11_27_3000): the total of a filtered board is a lookup.
 */

/** The rows a statement added (+1) and removed (-1), per trigger. */
const KEY = 'region_id, topic_field_id, category_id, target_group_id, status';
const DELTAS = {
	insert: `select ${KEY}, 1 as n from new_rows`,
	delete: `select ${KEY}, -1 as n from old_rows`,
	update: `select ${KEY}, 1 as n from new_rows
		union all
		select ${KEY}, -1 from old_rows`
};

/**
 * The changes of one statement, summed per key and applied in key order (concurrent writers
 * cannot deadlock). Keys whose sum is 0 are left alone. A decrement whose row is gone (the
 * region, topic field, category or target group is being deleted and its counts went first)
 * is dropped.
 */
const apply = (delta: string) =>
	sql.raw(`insert into contribution_group_count as c (${KEY}, n)
		select d.region_id, d.topic_field_id, d.category_id, d.target_group_id, d.status, sum(d.n)
		from (${delta}) d
		group by 1, 2, 3, 4, 5
		having sum(d.n) > 0 or (sum(d.n) < 0 and exists (
			select 1 from contribution_group_count e
			where (e.region_id, e.topic_field_id, e.category_id, e.target_group_id, e.status)
				= (d.region_id, d.topic_field_id, d.category_id, d.target_group_id, d.status)))
		order by 1, 2, 3, 4, 5
		on conflict (region_id, topic_field_id, target_group_id, category_id, status)
			do update set n = c.n + excluded.n`);

export async function up(db: Kysely<any>): Promise<void> {
	// nothing is written to either table until the migration commits: the copies and the
	// counts start true
	await sql`lock table contribution, contribution_target_group in share row exclusive mode`.execute(
		db
	);
	await sql`alter table contribution_target_group
		add column topic_field_id uuid,
		add column status text,
		add column category_id uuid,
		add column created_at timestamptz`.execute(db);
	await sql`update contribution_target_group g
		set topic_field_id = c.topic_field_id, status = c.status, category_id = c.category_id,
			created_at = c.created_at
		from contribution c
		where c.id = g.contribution_id and c.region_id = g.region_id`.execute(db);
	await sql`alter table contribution_target_group
		alter column topic_field_id set not null,
		alter column status set not null,
		alter column category_id set not null,
		alter column created_at set not null`.execute(db);

	// the key the copies refer to; also the board of one category, newest first (it replaces
	// the index whose columns are its beginning)
	await sql`create unique index contribution_board_category
		on contribution (region_id, topic_field_id, status, category_id, created_at desc, id)`.execute(db);
	await sql`drop index contribution_board_category_ids`.execute(db);
	await sql`alter table contribution_target_group
		add constraint ctg_contribution_board
			foreign key (region_id, topic_field_id, status, category_id, created_at, contribution_id)
			references contribution (region_id, topic_field_id, status, category_id, created_at, id)
			on update cascade on delete cascade,
		drop constraint ctg_contribution`.execute(db);
	await sql`create function contribution_target_group_fill() returns trigger language plpgsql as $$
		begin
			select c.topic_field_id, c.status, c.category_id, c.created_at
			into new.topic_field_id, new.status, new.category_id, new.created_at
			from contribution c
			where c.id = new.contribution_id and c.region_id = new.region_id;
			return new;
		end $$`.execute(db);
	await sql`create trigger contribution_target_group_fill before insert on contribution_target_group
		for each row execute function contribution_target_group_fill()`.execute(db);
	await sql`create index ctg_board on contribution_target_group
		(region_id, topic_field_id, status, target_group_id, created_at desc, contribution_id)
		include (category_id)`.execute(db);

	await sql`create table contribution_group_count (
		region_id uuid not null references region (id) on delete cascade,
		topic_field_id uuid not null,
		category_id uuid not null,
		target_group_id uuid not null,
		status text not null,
		-- no check (n >= 0): INSERT … ON CONFLICT checks the proposed row, which for a
		-- decrement is negative; the counts are proven by a test instead
		n integer not null,
		primary key (region_id, topic_field_id, target_group_id, category_id, status),
		constraint contribution_group_count_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete cascade,
		constraint contribution_group_count_category foreign key (region_id, category_id)
			references contribution_category (region_id, id) on delete cascade,
		constraint contribution_group_count_target_group foreign key (region_id, target_group_id)
			references target_group (region_id, id) on delete cascade
	)`.execute(db);
	for (const [op, delta] of Object.entries(DELTAS)) {
		await sql`create function ${sql.raw(`contribution_group_count_${op}`)}() returns trigger language plpgsql as $$
			begin
				${apply(delta)};
				return null;
			end $$`.execute(db);
	}
	await sql`create trigger contribution_group_count_insert after insert on contribution_target_group
		referencing new table as new_rows for each statement
		execute function contribution_group_count_insert()`.execute(db);
	await sql`create trigger contribution_group_count_delete after delete on contribution_target_group
		referencing old table as old_rows for each statement
		execute function contribution_group_count_delete()`.execute(db);
	await sql`create trigger contribution_group_count_update after update on contribution_target_group
		referencing old table as old_rows new table as new_rows for each statement
		execute function contribution_group_count_update()`.execute(db);
	await sql`insert into contribution_group_count (${sql.raw(KEY)}, n)
		select ${sql.raw(KEY)}, count(*) from contribution_target_group group by 1, 2, 3, 4, 5`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const op of ['insert', 'delete', 'update']) {
		await sql`drop trigger ${sql.raw(`contribution_group_count_${op}`)} on contribution_target_group`.execute(
			db
		);
		await sql`drop function ${sql.raw(`contribution_group_count_${op}`)}()`.execute(db);
	}
	await db.schema.dropTable('contribution_group_count').execute();
	await sql`drop index ctg_board`.execute(db);
	await sql`drop trigger contribution_target_group_fill on contribution_target_group`.execute(db);
	await sql`drop function contribution_target_group_fill()`.execute(db);
	await sql`alter table contribution_target_group
		add constraint ctg_contribution foreign key (region_id, contribution_id)
			references contribution (region_id, id) on delete cascade,
		drop constraint ctg_contribution_board`.execute(db);
	await sql`create index contribution_board_category_ids
		on contribution (region_id, topic_field_id, status, category_id, id)`.execute(db);
	await sql`drop index contribution_board_category`.execute(db);
	await sql`alter table contribution_target_group
		drop column topic_field_id,
		drop column status,
		drop column category_id,
		drop column created_at`.execute(db);
}
