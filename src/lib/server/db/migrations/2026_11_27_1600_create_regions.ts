// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create extension if not exists pg_trgm`.execute(db);

	await db.schema
		.createTable('region')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('state', 'text')
		.addColumn('default_language', 'text', (c) =>
			c.notNull().check(sql`default_language in ('de', 'en')`)
		)
		.addColumn('tagline', 'jsonb', (c) => c.notNull())
		.addColumn('intro', 'jsonb', (c) => c.notNull())
		.addColumn('look', 'jsonb', (c) => c.notNull())
		.addColumn('logo_svg', 'text', (c) => c.notNull())
		.addColumn('legal', 'jsonb', (c) => c.notNull())
		.addColumn('source_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	// A host name belongs to exactly one region, across the whole installation.
	await db.schema
		.createTable('region_host')
		.addColumn('host', 'text', (c) => c.primaryKey().check(sql`host = lower(host)`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('district')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('seat', 'text')
		.addUniqueConstraint('district_region_key', ['region_id', 'key'])
		.addUniqueConstraint('district_region_id', ['region_id', 'id'])
		.execute();

	// Child rows carry region_id and reference their parent by (region_id, id): the database
	// itself refuses a row that points into another region.
	await db.schema
		.createTable('municipality')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('district_id', 'uuid', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('lat', 'numeric(9, 6)', (c) => c.notNull().check(sql`lat between -90 and 90`))
		.addColumn('lon', 'numeric(9, 6)', (c) => c.notNull().check(sql`lon between -180 and 180`))
		.addColumn('uncertain', 'boolean', (c) => c.notNull().defaultTo(false))
		.addUniqueConstraint('municipality_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('municipality_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'municipality_district',
			['region_id', 'district_id'],
			'district',
			['region_id', 'id'],
			(fk) => fk.onDelete('restrict')
		)
		.execute();

	await db.schema
		.createTable('topic_field')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('icon', 'text', (c) => c.notNull())
		.addColumn('colour', 'text', (c) => c.notNull().check(sql`colour ~ '^#[0-9a-fA-F]{6}$'`))
		.addColumn('name', 'jsonb', (c) => c.notNull())
		.addColumn('summary', 'jsonb', (c) => c.notNull())
		.addColumn('goal', 'jsonb')
		.addUniqueConstraint('topic_field_region_key', ['region_id', 'key'])
		.addUniqueConstraint('topic_field_region_id', ['region_id', 'id'])
		.execute();

	await db.schema
		.createTable('use_case')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('topic_field_id', 'uuid', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'jsonb', (c) => c.notNull())
		.addColumn('summary', 'jsonb', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('idea')
				.check(sql`status in ('idea', 'prioritised', 'in_progress', 'implemented', 'paused')`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('use_case_field_key', ['region_id', 'topic_field_id', 'key'])
		.addUniqueConstraint('use_case_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'use_case_topic_field',
			['region_id', 'topic_field_id'],
			'topic_field',
			['region_id', 'id'],
			(fk) => fk.onDelete('restrict')
		)
		.execute();
	await db.schema
		.createIndex('use_case_field_position')
		.on('use_case')
		.columns(['topic_field_id', 'position', 'id'])
		.execute();

	for (const table of ['contribution_category', 'target_group']) {
		await db.schema
			.createTable(table)
			.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
			.addColumn('region_id', 'uuid', (c) =>
				c.notNull().references('region.id').onDelete('cascade')
			)
			.addColumn('key', 'text', (c) => c.notNull())
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('name', 'jsonb', (c) => c.notNull())
			.addColumn('description', 'jsonb', (c) => c.notNull())
			.addUniqueConstraint(`${table}_region_key`, ['region_id', 'key'])
			.addUniqueConstraint(`${table}_region_id`, ['region_id', 'id'])
			.execute();
	}

	// One searchable document per public item, in both languages. Capabilities keep their own
	// rows up to date; the search page queries only this table.
	await db.schema
		.createTable('search_document')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('ref_id', 'uuid', (c) => c.notNull())
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('title', 'jsonb', (c) => c.notNull())
		.addColumn('body', 'jsonb', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('search_text', 'text', (c) =>
			c
				.generatedAlwaysAs(
					sql`lower((title->>'de') || ' ' || (title->>'en') || ' ' || (body->>'de') || ' ' || (body->>'en'))`
				)
				.stored()
		)
		.addColumn('tsv', sql`tsvector`, (c) =>
			c
				.generatedAlwaysAs(
					sql`setweight(to_tsvector('german', coalesce(title->>'de', '')), 'A') ||
					setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
					setweight(to_tsvector('german', coalesce(body->>'de', '')), 'B') ||
					setweight(to_tsvector('english', coalesce(body->>'en', '')), 'B')`
				)
				.stored()
		)
		.addUniqueConstraint('search_document_ref', ['region_id', 'kind', 'ref_id'])
		.execute();
	await sql`create index search_document_tsv on search_document using gin (tsv)`.execute(db);
	await sql`create index search_document_trgm on search_document using gin (search_text gin_trgm_ops)`.execute(
		db
	);
	await db.schema
		.createIndex('search_document_region')
		.on('search_document')
		.column('region_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'search_document',
		'target_group',
		'contribution_category',
		'use_case',
		'topic_field',
		'municipality',
		'district',
		'region_host',
		'region'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
