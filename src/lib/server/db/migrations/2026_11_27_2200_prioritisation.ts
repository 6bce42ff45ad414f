// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// A prioritisation round (dot voting): each participant distributes up to `points` points
	// over the items, at most `max_per_item` on one.
	await db.schema
		.createTable('prioritisation_round')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('topic_field_id', 'uuid')
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 3 and 150`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('points', 'integer', (c) => c.notNull().check(sql`points between 1 and 100`))
		.addColumn('max_per_item', 'integer', (c) => c.notNull().check(sql`max_per_item >= 1`))
		.addColumn('show_live_results', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('opens_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('closes_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('prioritisation_round_region_id', ['region_id', 'id'])
		.addCheckConstraint('prioritisation_round_window', sql`closes_at > opens_at`)
		.addCheckConstraint('prioritisation_round_max', sql`max_per_item <= points`)
		.execute();
	await sql`alter table prioritisation_round
		add constraint prioritisation_round_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete set null (topic_field_id),
		add constraint prioritisation_round_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);

	await db.schema
		.createTable('prioritisation_item')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('round_id', 'uuid', (c) => c.notNull())
		.addColumn('use_case_id', 'uuid')
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('prioritisation_item_region_id', ['region_id', 'id'])
		.addUniqueConstraint('prioritisation_item_round_id', ['round_id', 'id'])
		.addForeignKeyConstraint(
			'prioritisation_item_round',
			['region_id', 'round_id'],
			'prioritisation_round',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`alter table prioritisation_item
		add constraint prioritisation_item_use_case foreign key (region_id, use_case_id)
			references use_case (region_id, id) on delete set null (use_case_id)`.execute(db);

	// One ballot per participant and round. points_left can never go below zero: two
	// submissions at once serialise on this row, and overspending fails the check.
	await db.schema
		.createTable('prioritisation_ballot')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('round_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('points_left', 'integer', (c) => c.notNull().check(sql`points_left >= 0`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('prioritisation_ballot_pk', ['round_id', 'person_id'])
		.addForeignKeyConstraint(
			'prioritisation_ballot_round',
			['region_id', 'round_id'],
			'prioritisation_round',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'prioritisation_ballot_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();

	// Points on one item; max_points is the round's limit, copied so the check can see it.
	await db.schema
		.createTable('prioritisation_allocation')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('round_id', 'uuid', (c) => c.notNull())
		.addColumn('item_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('points', 'integer', (c) => c.notNull())
		.addColumn('max_points', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('prioritisation_allocation_pk', ['item_id', 'person_id'])
		.addCheckConstraint(
			'prioritisation_allocation_points',
			sql`points >= 1 and points <= max_points`
		)
		.addForeignKeyConstraint(
			'prioritisation_allocation_item',
			['round_id', 'item_id'],
			'prioritisation_item',
			['round_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'prioritisation_allocation_ballot',
			['round_id', 'person_id'],
			'prioritisation_ballot',
			['round_id', 'person_id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('prioritisation_allocation_round')
		.on('prioritisation_allocation')
		.columns(['round_id', 'item_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'prioritisation_allocation',
		'prioritisation_ballot',
		'prioritisation_item',
		'prioritisation_round'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
