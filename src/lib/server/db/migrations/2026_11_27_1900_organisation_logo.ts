// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// Logos live beside the organisation, so that lists and profiles never carry the bytes.
	await db.schema
		.createTable('organisation_logo')
		.addColumn('organisation_id', 'uuid', (c) => c.primaryKey())
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('bytes', 'bytea', (c) => c.notNull().check(sql`octet_length(bytes) <= 262144`))
		.addColumn('content_type', 'text', (c) =>
			c
				.notNull()
				.check(sql`content_type in ('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml')`)
		)
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addForeignKeyConstraint(
			'organisation_logo_organisation',
			['region_id', 'organisation_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema.alterTable('organisation').dropColumn('logo_svg').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('organisation').addColumn('logo_svg', 'text').execute();
	await db.schema.dropTable('organisation_logo').execute();
}
