// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * An event may be a meeting of a working group and may belong to a participation process:
 * the group page lists its meetings, and each process and group has its own calendar feed.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table event
		add column working_group_id uuid,
		add column process_id uuid,
		add constraint event_working_group foreign key (region_id, working_group_id)
			references working_group (region_id, id) on delete set null (working_group_id),
		add constraint event_process foreign key (region_id, process_id)
			references participation_process (region_id, id) on delete set null (process_id)`.execute(db);
	await sql`create index event_working_group_idx on event (working_group_id, starts_at)
		where working_group_id is not null`.execute(db);
	await sql`create index event_process_idx on event (process_id, starts_at)
		where process_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table event drop column working_group_id, drop column process_id`.execute(db);
}
