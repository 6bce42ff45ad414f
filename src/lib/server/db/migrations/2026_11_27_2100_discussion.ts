// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// Moderators hide a contribution with a note that everybody sees instead of its text.
	await sql`alter table contribution add column moderation_note text
		check (char_length(moderation_note) <= 500)`.execute(db);

	// Comments on a contribution, two levels: a reply's parent is always a top-level comment
	// (the service attaches replies to replies to the same top-level comment). A deleted
	// comment that still has replies stays as a placeholder without its text.
	await db.schema
		.createTable('comment')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('contribution_id', 'uuid', (c) => c.notNull())
		.addColumn('parent_id', 'uuid')
		.addColumn('author_id', 'uuid')
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('published')
				.check(sql`status in ('published', 'hidden', 'deleted')`)
		)
		.addColumn('moderation_note', 'text', (c) => c.check(sql`char_length(moderation_note) <= 500`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('edited_at', 'timestamptz')
		.addUniqueConstraint('comment_region_id', ['region_id', 'id'])
		.addCheckConstraint(
			'comment_body_length',
			sql`char_length(body) <= 2000 and (status = 'deleted' or char_length(body) >= 1)`
		)
		.addCheckConstraint('comment_not_own_parent', sql`parent_id is distinct from id`)
		.addForeignKeyConstraint(
			'comment_contribution',
			['region_id', 'contribution_id'],
			'contribution',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'comment_parent',
			['region_id', 'parent_id'],
			'comment',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`alter table comment
		add constraint comment_author foreign key (region_id, author_id)
			references person (region_id, id) on delete set null (author_id)`.execute(db);
	// the contribution page: top-level comments oldest first, then the replies of a page of them
	await sql`create index comment_thread on comment (contribution_id, parent_id, created_at, id)`.execute(
		db
	);
	await sql`create index comment_parent on comment (parent_id, created_at) where parent_id is not null`.execute(
		db
	);
	await db.schema.createIndex('comment_author_idx').on('comment').column('author_id').execute();

	// A flag: once per person and item (kept after it is resolved, so it cannot be repeated).
	// The target is a contribution or a comment; the service checks it exists in the region.
	await db.schema
		.createTable('flag')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('target_type', 'text', (c) =>
			c.notNull().check(sql`target_type in ('contribution', 'comment')`)
		)
		.addColumn('target_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('reason', 'text', (c) =>
			c.notNull().check(sql`reason in ('spam', 'insulting', 'personal_data', 'off_topic', 'other')`)
		)
		.addColumn('note', 'text', (c) => c.check(sql`char_length(note) <= 500`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('resolved_at', 'timestamptz')
		.addPrimaryKeyConstraint('flag_pk', ['target_type', 'target_id', 'person_id'])
		.addForeignKeyConstraint(
			'flag_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	// the moderators' queue: open flags of the region, grouped by item
	await sql`create index flag_open on flag (region_id, target_type, target_id) where resolved_at is null`.execute(
		db
	);
	await db.schema.createIndex('flag_person_idx').on('flag').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('flag').execute();
	await db.schema.dropTable('comment').execute();
	await db.schema.alterTable('contribution').dropColumn('moderation_note').execute();
}
