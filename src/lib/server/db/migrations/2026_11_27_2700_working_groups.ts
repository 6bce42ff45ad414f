// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// A working group (Arbeitsgruppe) of a topic field: leads and members, and a needs list.
	await db.schema
		.createTable('working_group')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('topic_field_id', 'uuid', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9-]{1,80}$'`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 3 and 120`))
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 10000`)
		)
		.addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('working_group_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('working_group_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'working_group_topic_field',
			['region_id', 'topic_field_id'],
			'topic_field',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`alter table working_group
		add constraint working_group_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);

	// Leads and members; the service keeps at least one lead with the group row locked.
	await db.schema
		.createTable('working_group_member')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('group_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'member')`))
		.addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('working_group_member_pk', ['group_id', 'person_id'])
		.addForeignKeyConstraint(
			'working_group_member_group',
			['region_id', 'group_id'],
			'working_group',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'working_group_member_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('working_group_member_person_idx')
		.on('working_group_member')
		.columns(['person_id'])
		.execute();

	// "Wen und was brauchen wir?": what the group needs, and how much of it.
	await db.schema
		.createTable('working_group_need')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('group_id', 'uuid', (c) => c.notNull())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('skills', 'resources', 'places', 'money')`)
		)
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 3 and 150`))
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 2000`)
		)
		.addColumn('quantity', 'integer', (c) =>
			c.notNull().check(sql`quantity between 1 and 10000000`)
		)
		.addColumn('unit', 'text', (c) => c.notNull().check(sql`char_length(unit) between 1 and 40`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('working_group_need_region_id', ['region_id', 'id'])
		.addUniqueConstraint('working_group_need_group_id', ['group_id', 'id'])
		.addForeignKeyConstraint(
			'working_group_need_group',
			['region_id', 'group_id'],
			'working_group',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();

	// A pledge to fill a need, by a person for themselves or for one of their organisations.
	// One pledge per person (and organisation) and need: pledging again replaces it.
	await db.schema
		.createTable('working_group_pledge')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('need_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('organisation_id', 'uuid')
		.addColumn('quantity', 'integer', (c) =>
			c.notNull().check(sql`quantity between 1 and 10000000`)
		)
		.addColumn('note', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(note) <= 500`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addForeignKeyConstraint(
			'working_group_pledge_need',
			['region_id', 'need_id'],
			'working_group_need',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'working_group_pledge_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'working_group_pledge_organisation',
			['region_id', 'organisation_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create unique index working_group_pledge_once
		on working_group_pledge (need_id, person_id, organisation_id) nulls not distinct`.execute(db);

	// Use cases: a lifecycle with 'discarded' (with a reason), a working group, a source
	// contribution, and whether the region file owns the row (a re-import removes only those).
	await sql`alter table use_case drop constraint if exists use_case_status_check`.execute(db);
	await sql`alter table use_case
		add constraint use_case_status_check
			check (status in ('idea', 'prioritised', 'in_progress', 'implemented', 'paused', 'discarded')),
		add column from_region_file boolean not null default true,
		add column working_group_id uuid,
		add column source_contribution_id uuid,
		add column discarded_reason text,
		add column created_by uuid,
		add constraint use_case_discarded_reason
			check ((status = 'discarded') = (discarded_reason is not null)),
		add constraint use_case_working_group foreign key (region_id, working_group_id)
			references working_group (region_id, id) on delete set null (working_group_id),
		add constraint use_case_source_contribution foreign key (region_id, source_contribution_id)
			references contribution (region_id, id) on delete set null (source_contribution_id),
		add constraint use_case_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);
	await sql`create index use_case_source_contribution_idx on use_case (source_contribution_id)
		where source_contribution_id is not null`.execute(db);

	// The dated timeline of a use case; a status change writes one in the same transaction.
	await db.schema
		.createTable('use_case_update')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('use_case_id', 'uuid', (c) => c.notNull())
		.addColumn('author_id', 'uuid')
		.addColumn('happened_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
		.addColumn('status_from', 'text')
		.addColumn('status_to', 'text')
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 10000`))
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint(
			'use_case_update_status_pair',
			sql`(status_from is null) = (status_to is null)`
		)
		.addForeignKeyConstraint(
			'use_case_update_use_case',
			['region_id', 'use_case_id'],
			'use_case',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`alter table use_case_update
		add constraint use_case_update_author foreign key (region_id, author_id)
			references person (region_id, id) on delete set null (author_id)`.execute(db);
	await db.schema
		.createIndex('use_case_update_timeline')
		.on('use_case_update')
		.columns(['use_case_id', 'happened_on', 'created_at'])
		.execute();

	// The value network: organisations and people with a role in a use case.
	await db.schema
		.createTable('use_case_actor')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('use_case_id', 'uuid', (c) => c.notNull())
		.addColumn('organisation_id', 'uuid')
		.addColumn('person_id', 'uuid')
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('lead', 'partner', 'provider', 'user', 'funder')`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('use_case_actor_one', sql`(organisation_id is null) <> (person_id is null)`)
		.addForeignKeyConstraint(
			'use_case_actor_use_case',
			['region_id', 'use_case_id'],
			'use_case',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'use_case_actor_organisation',
			['region_id', 'organisation_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'use_case_actor_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create unique index use_case_actor_once
		on use_case_actor (use_case_id, organisation_id, person_id, role) nulls not distinct`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('use_case_actor').execute();
	await db.schema.dropTable('use_case_update').execute();
	await sql`update use_case set status = 'paused' where status = 'discarded'`.execute(db);
	await sql`alter table use_case
		drop constraint use_case_discarded_reason,
		drop constraint use_case_status_check,
		drop column from_region_file,
		drop column working_group_id,
		drop column source_contribution_id,
		drop column discarded_reason,
		drop column created_by`.execute(db);
	await sql`alter table use_case add constraint use_case_status_check
		check (status in ('idea', 'prioritised', 'in_progress', 'implemented', 'paused'))`.execute(db);
	for (const table of [
		'working_group_pledge',
		'working_group_need',
		'working_group_member',
		'working_group'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
