// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// A participation process of a region, optionally about one topic field.
	await db.schema
		.createTable('participation_process')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 3 and 150`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('topic_field_id', 'uuid')
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('participation_process_region_id', ['region_id', 'id'])
		.addUniqueConstraint('participation_process_slug', ['region_id', 'slug'])
		.execute();
	await sql`alter table participation_process
		add constraint participation_process_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete set null (topic_field_id),
		add constraint participation_process_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);

	// The phases of a process on one timeline: a phase starts at starts_at and ends where the
	// next one begins; only the last may have an end of its own. Positions are unique, and the
	// trigger below keeps the starts strictly increasing with the position, so phases can never
	// overlap. Switches say what participants may do during the phase.
	await db.schema
		.createTable('process_phase')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('process_id', 'uuid', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('information', 'idea_collection', 'discussion', 'prioritisation', 'survey', 'working_groups', 'implementation', 'closed')`
				)
		)
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz')
		.addColumn('contributing', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('commenting', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('supporting', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('voting', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('results', 'boolean', (c) => c.notNull().defaultTo(true))
		.addUniqueConstraint('process_phase_region_id', ['region_id', 'id'])
		.addUniqueConstraint('process_phase_position', ['process_id', 'position'])
		.addCheckConstraint('process_phase_end', sql`ends_at is null or ends_at > starts_at`)
		.addForeignKeyConstraint(
			'process_phase_process',
			['region_id', 'process_id'],
			'participation_process',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create function process_phase_order() returns trigger language plpgsql as $$
		begin
			if exists (
				select 1 from process_phase a join process_phase b
					on a.process_id = b.process_id and a.position < b.position
				where a.process_id = new.process_id
					and (a.starts_at >= b.starts_at or a.ends_at is not null)
			) then
				raise exception 'process_phase_order: phase starts must increase with the position, and only the last phase may have an end'
					using errcode = '23514';
			end if;
			return null;
		end $$`.execute(db);
	// deferred: a whole timeline is replaced in one transaction and checked at its end
	await sql`create constraint trigger process_phase_order
		after insert or update on process_phase
		deferrable initially deferred
		for each row execute function process_phase_order()`.execute(db);

	// Pairwise comparison ("Was ist wichtiger?") as a second method of prioritisation rounds.
	await sql`alter table prioritisation_round
		add column method text not null default 'dots'
			constraint prioritisation_round_method check (method in ('dots', 'pairwise'))`.execute(db);

	// One answer per person and unordered pair; winner_id null means "cannot decide".
	await db.schema
		.createTable('prioritisation_comparison')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('round_id', 'uuid', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull())
		.addColumn('item_low', 'uuid', (c) => c.notNull())
		.addColumn('item_high', 'uuid', (c) => c.notNull())
		.addColumn('winner_id', 'uuid')
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('prioritisation_comparison_pk', [
			'round_id',
			'person_id',
			'item_low',
			'item_high'
		])
		.addCheckConstraint('prioritisation_comparison_order', sql`item_low < item_high`)
		.addCheckConstraint(
			'prioritisation_comparison_winner',
			sql`winner_id is null or winner_id = item_low or winner_id = item_high`
		)
		.addForeignKeyConstraint(
			'prioritisation_comparison_round',
			['region_id', 'round_id'],
			'prioritisation_round',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'prioritisation_comparison_low',
			['round_id', 'item_low'],
			'prioritisation_item',
			['round_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'prioritisation_comparison_high',
			['round_id', 'item_high'],
			'prioritisation_item',
			['round_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'prioritisation_comparison_person',
			['region_id', 'person_id'],
			'person',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema
		.createIndex('prioritisation_comparison_pair')
		.on('prioritisation_comparison')
		.columns(['round_id', 'item_low', 'item_high'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('prioritisation_comparison').execute();
	await sql`alter table prioritisation_round drop column method`.execute(db);
	await db.schema.dropTable('process_phase').execute();
	await sql`drop function process_phase_order()`.execute(db);
	await db.schema.dropTable('participation_process').execute();
}
