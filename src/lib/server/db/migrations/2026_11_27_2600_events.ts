// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// An event of the region (kick-off, workshop …). confirmed_count is kept by the service in the
	// same transaction as the registrations, under this row's lock; the check makes overbooking
	// impossible whatever the application computes.
	await db.schema
		.createTable('event')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(sql`kind in ('kickoff', 'workshop', 'working_group', 'information', 'other')`)
		)
		.addColumn('topic_field_id', 'uuid')
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 3 and 150`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz', (c) => c.notNull())
		.addColumn('municipality_id', 'uuid')
		.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lat', 'double precision', (c) => c.check(sql`lat between -90 and 90`))
		.addColumn('lon', 'double precision', (c) => c.check(sql`lon between -180 and 180`))
		.addColumn('online_url', 'text', (c) => c.check(sql`online_url ~ '^https?://'`))
		.addColumn('organiser_id', 'uuid')
		.addColumn('organisation_id', 'uuid')
		.addColumn('capacity', 'integer', (c) => c.check(sql`capacity between 1 and 10000`))
		.addColumn('confirmed_count', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`confirmed_count >= 0`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('scheduled')
				.check(sql`status in ('scheduled', 'cancelled')`)
		)
		.addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('minutes_html', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('event_region_id', ['region_id', 'id'])
		.addCheckConstraint('event_window', sql`ends_at > starts_at`)
		.addCheckConstraint('event_capacity', sql`capacity is null or confirmed_count <= capacity`)
		.addCheckConstraint('event_point', sql`(lat is null) = (lon is null)`)
		.execute();
	await sql`alter table event
		add constraint event_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete set null (topic_field_id),
		add constraint event_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete set null (municipality_id),
		add constraint event_organiser foreign key (region_id, organiser_id)
			references person (region_id, id) on delete set null (organiser_id),
		add constraint event_organisation foreign key (region_id, organisation_id)
			references organisation (region_id, id) on delete set null (organisation_id),
		add constraint event_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);
	await db.schema
		.createIndex('event_region_starts')
		.on('event')
		.columns(['region_id', 'starts_at'])
		.execute();

	await db.schema
		.createTable('event_agenda_item')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('event_id', 'uuid', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('time', 'text', (c) => c.check(sql`time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addUniqueConstraint('event_agenda_item_position', ['event_id', 'position'])
		.addForeignKeyConstraint(
			'event_agenda_item_event',
			['region_id', 'event_id'],
			'event',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();

	// A registration is confirmed or waiting; waiting ones have a distinct position 1, 2, 3 …
	// (deferred, so that moving everyone up one place is one statement).
	await db.schema
		.createTable('event_registration')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('event_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'waiting')`))
		.addColumn('waiting_position', 'integer', (c) => c.check(sql`waiting_position >= 1`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('confirmed_at', 'timestamptz')
		.addPrimaryKeyConstraint('event_registration_pk', ['event_id', 'person_id'])
		.addCheckConstraint(
			'event_registration_waiting',
			sql`(status = 'waiting') = (waiting_position is not null)`
		)
		.addForeignKeyConstraint(
			'event_registration_event',
			['region_id', 'event_id'],
			'event',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'event_registration_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`alter table event_registration
		add constraint event_registration_position unique (event_id, waiting_position)
			deferrable initially deferred`.execute(db);
	// confirmed_count follows the registrations in the same statement, also when rows go away
	// without the service (an account or event deleted); the event row is locked first, as the
	// service does, and a waiting list closes its gap when someone on it disappears.
	await sql`create function event_registration_changed() returns trigger language plpgsql as $$
		begin
			if tg_op = 'DELETE' then
				perform 1 from event where id = old.event_id for update;
				if old.status = 'confirmed' then
					update event set confirmed_count = confirmed_count - 1 where id = old.event_id;
				else
					update event_registration set waiting_position = waiting_position - 1
						where event_id = old.event_id and waiting_position > old.waiting_position;
				end if;
				return null;
			end if;
			if tg_op = 'UPDATE' and old.status = 'confirmed' then
				update event set confirmed_count = confirmed_count - 1 where id = old.event_id;
			end if;
			if new.status = 'confirmed' then
				update event set confirmed_count = confirmed_count + 1 where id = new.event_id;
			end if;
			return null;
		end $$`.execute(db);
	await sql`create trigger event_registration_changed
		after insert or update of status or delete on event_registration
		for each row execute function event_registration_changed()`.execute(db);
	await db.schema
		.createIndex('event_registration_person_idx')
		.on('event_registration')
		.columns(['person_id'])
		.execute();

	// Contributions the results of an event refer to (linked by an organiser with the minutes).
	await db.schema
		.createTable('event_contribution')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('event_id', 'uuid', (c) => c.notNull())
		.addColumn('contribution_id', 'uuid', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('event_contribution_pk', ['event_id', 'contribution_id'])
		.addForeignKeyConstraint(
			'event_contribution_event',
			['region_id', 'event_id'],
			'event',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'event_contribution_contribution',
			['region_id', 'contribution_id'],
			'contribution',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();

	// Contributions collected on paper at an event, entered by a moderator on someone's behalf.
	await db.schema
		.alterTable('contribution')
		.addColumn('event_id', 'uuid')
		.addColumn('entered_by', 'uuid')
		.addColumn('on_behalf_of', 'text', (c) => c.check(sql`char_length(on_behalf_of) <= 100`))
		.execute();
	await sql`alter table contribution
		add constraint contribution_event foreign key (region_id, event_id)
			references event (region_id, id) on delete set null (event_id),
		add constraint contribution_entered_by foreign key (region_id, entered_by)
			references person (region_id, id) on delete set null (entered_by)`.execute(db);
	await db.schema
		.createIndex('contribution_event_idx')
		.on('contribution')
		.columns(['event_id'])
		.where(sql.ref('event_id'), 'is not', null)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('contribution')
		.dropColumn('event_id')
		.dropColumn('entered_by')
		.dropColumn('on_behalf_of')
		.execute();
	for (const table of ['event_contribution', 'event_registration', 'event_agenda_item', 'event']) {
		await db.schema.dropTable(table).execute();
	}
	await sql`drop function event_registration_changed()`.execute(db);
}
