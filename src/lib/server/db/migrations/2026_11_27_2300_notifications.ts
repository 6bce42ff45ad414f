// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

// Every kind of item a person can follow. The other participation capabilities (use cases,
// working groups, events, surveys, processes) have their own tables; the service checks that
// the item exists in the region before a follow row is written.
const TARGET_TYPES = sql.raw(
	`('contribution', 'use_case', 'working_group', 'event', 'survey', 'process')`
);
// What a notification says happened. Kinds of later capabilities are listed already so that
// they only have to call notifyFollowers.
const KINDS = sql.raw(
	`('comment', 'reply', 'official_answer', 'contribution_hidden', 'contribution_restored',
	  'use_case_status', 'working_group_update', 'event_update', 'event_cancelled',
	  'survey_published', 'process_update')`
);

export async function up(db: Kysely<any>): Promise<void> {
	// A person follows an item (primary key: once per person and item).
	await sql`create table follow (
		region_id uuid not null,
		person_id uuid not null,
		target_type text not null check (target_type in ${TARGET_TYPES}),
		target_id uuid not null,
		created_at timestamptz not null default now(),
		constraint follow_pk primary key (person_id, target_type, target_id),
		constraint follow_person foreign key (region_id, person_id)
			references person (region_id, id) on delete cascade
	)`.execute(db);
	// notifyFollowers reads the followers of one item
	await sql`create index follow_target on follow (target_type, target_id)`.execute(db);

	// One row per person and event. title and url are snapshots: the item may change or go.
	await sql`create table notification (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null references region (id) on delete cascade,
		person_id uuid not null,
		kind text not null check (kind in ${KINDS}),
		target_type text not null check (target_type in ${TARGET_TYPES}),
		target_id uuid not null,
		title text not null check (char_length(title) <= 300),
		url text not null check (url like '/%' and url not like '//%' and char_length(url) <= 500),
		actor_id uuid,
		created_at timestamptz not null default now(),
		read_at timestamptz,
		emailed_at timestamptz,
		constraint notification_person foreign key (region_id, person_id)
			references person (region_id, id) on delete cascade,
		constraint notification_actor foreign key (region_id, actor_id)
			references person (region_id, id) on delete set null (actor_id)
	)`.execute(db);
	// the list page (newest first) and the unread count in the header
	await sql`create index notification_person on notification (person_id, created_at desc, id)`.execute(
		db
	);
	await sql`create index notification_unread on notification (person_id) where read_at is null`.execute(
		db
	);
	// the digest finds people with unsent, unread notifications
	await sql`create index notification_digest on notification (person_id, created_at)
		where emailed_at is null and read_at is null`.execute(db);
	await sql`create index notification_actor_idx on notification (actor_id) where actor_id is not null`.execute(
		db
	);

	// The e-mail digest: off, daily (the default, also when there is no row) or weekly.
	await sql`create table notification_setting (
		person_id uuid primary key,
		region_id uuid not null,
		digest_frequency text not null default 'daily'
			check (digest_frequency in ('off', 'daily', 'weekly')),
		digest_sent_at timestamptz,
		updated_at timestamptz not null default now(),
		constraint notification_setting_person foreign key (region_id, person_id)
			references person (region_id, id) on delete cascade
	)`.execute(db);

	// The administration's answer to a contribution: at most one, editable.
	await sql`create table official_answer (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null references region (id) on delete cascade,
		contribution_id uuid not null,
		author_id uuid,
		organisation_id uuid,
		body text not null check (char_length(body) between 1 and 5000),
		body_html text not null,
		created_at timestamptz not null default now(),
		updated_at timestamptz not null default now(),
		constraint official_answer_one unique (contribution_id),
		constraint official_answer_contribution foreign key (region_id, contribution_id)
			references contribution (region_id, id) on delete cascade,
		constraint official_answer_author foreign key (region_id, author_id)
			references person (region_id, id) on delete set null (author_id),
		constraint official_answer_organisation foreign key (region_id, organisation_id)
			references organisation (region_id, id) on delete set null (organisation_id)
	)`.execute(db);
	await sql`create index official_answer_author_idx on official_answer (author_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['official_answer', 'notification_setting', 'notification', 'follow']) {
		await db.schema.dropTable(table).execute();
	}
}
