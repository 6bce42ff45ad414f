// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// People belong to one region (tenant): the same e-mail may have separate accounts in two
	// regions, and nothing about a person is visible across regions.
	await db.schema
		.createTable('person')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email)`))
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('email_verified_at', 'timestamptz')
		.addColumn('municipality_id', 'uuid')
		.addColumn('target_group_id', 'uuid')
		.addColumn('language', 'text', (c) =>
			c
				.notNull()
				.defaultTo('de')
				.check(sql`language in ('de', 'en')`)
		)
		.addColumn('terms_accepted_at', 'timestamptz', (c) => c.notNull())
		.addColumn('newsletter', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('role', 'text', (c) =>
			c
				.notNull()
				.defaultTo('citizen')
				.check(sql`role in ('citizen', 'moderator', 'region_admin')`)
		)
		.addColumn('is_platform_admin', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('person_region_email', ['region_id', 'email'])
		.addUniqueConstraint('person_region_id', ['region_id', 'id'])
		.execute();
	// Same-region references; on delete only the reference column is cleared (PostgreSQL 15+).
	await sql`alter table person
		add constraint person_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete set null (municipality_id),
		add constraint person_target_group foreign key (region_id, target_group_id)
			references target_group (region_id, id) on delete set null (target_group_id)`.execute(db);

	// Only a hash of the session token is stored: a leaked table opens no session.
	await db.schema
		.createTable('session')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('session_person').on('session').column('person_id').execute();

	// Single-use links: verification, password reset, e-mail change, organisation invitation.
	await db.schema
		.createTable('email_token')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('purpose', 'text', (c) =>
			c
				.notNull()
				.check(sql`purpose in ('verify_email', 'reset_password', 'change_email', 'invite')`)
		)
		.addColumn('person_id', 'uuid', (c) => c.references('person.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('organisation_id', 'uuid')
		.addColumn('role', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('email_token_person').on('email_token').column('person_id').execute();

	// Throttling state shared by all app processes: hits per key and fixed window.
	await db.schema
		.createTable('rate_limit')
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('window_start', 'timestamptz', (c) => c.notNull())
		.addColumn('hits', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('rate_limit_pk', ['key', 'window_start'])
		.execute();

	// Outgoing mail is a queue in PostgreSQL: written in the same transaction as what it
	// announces, delivered by a worker (FOR UPDATE SKIP LOCKED, any number of processes).
	// Without SMTP_URL mails stay here as the outbox that region admins read.
	await db.schema
		.createTable('mail')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('queued')
				.check(sql`status in ('queued', 'sent', 'failed', 'held')`)
		)
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.execute();
	await sql`create index mail_queued on mail (created_at) where status = 'queued'`.execute(db);
	await db.schema
		.createIndex('mail_region')
		.on('mail')
		.columns(['region_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('audit_entry')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('actor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target_type', 'text')
		.addColumn('target_id', 'text')
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('audit_entry_region')
		.on('audit_entry')
		.columns(['region_id', 'id'])
		.execute();

	await db.schema
		.createTable('organisation')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('sector', 'text', (c) =>
			c.notNull().check(sql`sector in ('politik', 'verwaltung', 'wirtschaft', 'zivilgesellschaft')`)
		)
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('street', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('postcode', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('municipality_id', 'uuid', (c) => c.notNull())
		.addColumn('lat', 'numeric(9, 6)', (c) => c.notNull())
		.addColumn('lon', 'numeric(9, 6)', (c) => c.notNull())
		.addColumn('exact_location', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('opening_hours', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('logo_svg', 'text')
		.addColumn('verified_at', 'timestamptz')
		.addColumn('verified_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('organisation_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('organisation_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'organisation_municipality',
			['region_id', 'municipality_id'],
			'municipality',
			['region_id', 'id'],
			(fk) => fk.onDelete('restrict')
		)
		.execute();

	await db.schema
		.createTable('organisation_member')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('organisation_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member')`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('organisation_member_pk', ['organisation_id', 'person_id'])
		.addForeignKeyConstraint(
			'organisation_member_organisation',
			['region_id', 'organisation_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'organisation_member_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('organisation_member_person_idx')
		.on('organisation_member')
		.column('person_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'organisation_member',
		'organisation',
		'audit_entry',
		'mail',
		'rate_limit',
		'email_token',
		'session',
		'person'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
