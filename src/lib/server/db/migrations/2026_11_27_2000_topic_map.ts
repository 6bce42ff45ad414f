// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// A contribution to a topic field's topic map (Themenlandkarte), in one of the region's
	// categories. The author may write for an organisation they belong to.
	await db.schema
		.createTable('contribution')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('topic_field_id', 'uuid', (c) => c.notNull())
		.addColumn('category_id', 'uuid', (c) => c.notNull())
		.addColumn('municipality_id', 'uuid')
		.addColumn('author_id', 'uuid')
		.addColumn('organisation_id', 'uuid')
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 3 and 150`))
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 10000`))
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('de', 'en')`))
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('published')
				.check(sql`status in ('published', 'hidden')`)
		)
		.addColumn('support_count', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`support_count >= 0`)
		)
		.addColumn('comment_count', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`comment_count >= 0`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('tsv', sql`tsvector`, (c) =>
			c
				.generatedAlwaysAs(
					sql`setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'B')`
				)
				.stored()
		)
		.addUniqueConstraint('contribution_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'contribution_topic_field',
			['region_id', 'topic_field_id'],
			'topic_field',
			['region_id', 'id'],
			(fk) => fk.onDelete('restrict')
		)
		.addForeignKeyConstraint(
			'contribution_category',
			['region_id', 'category_id'],
			'contribution_category',
			['region_id', 'id'],
			(fk) => fk.onDelete('restrict')
		)
		.execute();
	// nullable references: on delete only the reference is cleared (PostgreSQL 15+)
	await sql`alter table contribution
		add constraint contribution_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete set null (municipality_id),
		add constraint contribution_author foreign key (region_id, author_id)
			references person (region_id, id) on delete set null (author_id),
		add constraint contribution_organisation foreign key (region_id, organisation_id)
			references organisation (region_id, id) on delete set null (organisation_id)`.execute(db);
	await sql`create index contribution_board on contribution (region_id, topic_field_id, status, created_at desc, id)`.execute(
		db
	);
	await sql`create index contribution_tsv on contribution using gin (tsv)`.execute(db);
	await db.schema
		.createIndex('contribution_author_idx')
		.on('contribution')
		.column('author_id')
		.execute();

	await db.schema
		.createTable('contribution_target_group')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('contribution_id', 'uuid', (c) => c.notNull())
		.addColumn('target_group_id', 'uuid', (c) => c.notNull())
		.addPrimaryKeyConstraint('contribution_target_group_pk', ['contribution_id', 'target_group_id'])
		.addForeignKeyConstraint(
			'ctg_contribution',
			['region_id', 'contribution_id'],
			'contribution',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'ctg_target_group',
			['region_id', 'target_group_id'],
			'target_group',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('ctg_target_group_idx')
		.on('contribution_target_group')
		.column('target_group_id')
		.execute();

	// A support ("I agree too") is not a vote: one per person and contribution, counted on the
	// contribution in the same transaction.
	await db.schema
		.createTable('contribution_support')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('contribution_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('contribution_support_pk', ['contribution_id', 'person_id'])
		.addForeignKeyConstraint(
			'support_contribution',
			['region_id', 'contribution_id'],
			'contribution',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'support_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('contribution_support_person')
		.on('contribution_support')
		.column('person_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['contribution_support', 'contribution_target_group', 'contribution']) {
		await db.schema.dropTable(table).execute();
	}
}
