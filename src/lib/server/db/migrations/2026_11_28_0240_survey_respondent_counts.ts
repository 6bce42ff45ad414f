// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Running counts of a survey's responses (its respondents) at the levels of the tally
 * (2026_11_27_2950): scope 1 the whole survey, 2 per target group, 3 per municipality, 0 per
 * target group and municipality. The result page read them with `count(*)` over the responses,
 * 10,000 rows unfiltered and 2,500 for a target group in the participation bench; now it reads
 * one row. Kept by statement-level triggers on survey_response, also when a deleted target
 * group or municipality is set to null on the responses (an update). Rows are changed in key
 * order in one statement, so concurrent submissions cannot deadlock.
 */
const LEVELS = (rows: string, n: string) => `
	select survey_id, 0 as scope, target_group_id, municipality_id, ${n} as n from ${rows}
	union all select survey_id, 1, null, null, ${n} from ${rows}
	union all select survey_id, 2, target_group_id, null, ${n} from ${rows}
	union all select survey_id, 3, null, municipality_id, ${n} from ${rows}`;

const DELTAS = {
	insert: LEVELS('new_rows', '1'),
	delete: LEVELS('old_rows', '-1'),
	update: `${LEVELS('new_rows', '1')} union all ${LEVELS('old_rows', '-1')}`
};

/**
 * The changes of one statement, summed per key and applied in key order. Keys whose sum is 0
 * (an update of other columns) are left alone. A decrement whose row is gone (the survey is
 * being deleted and its counts went first) is dropped.
 */
const apply = (delta: string) =>
	sql.raw(`insert into survey_respondent_count as c (survey_id, scope, target_group_id, municipality_id, n)
		select d.survey_id, d.scope, d.target_group_id, d.municipality_id, sum(d.n)
		from (${delta}) d
		group by 1, 2, 3, 4
		having sum(d.n) > 0 or (sum(d.n) < 0 and exists (
			select 1 from survey_respondent_count e
			where e.survey_id = d.survey_id and e.scope = d.scope
				and e.target_group_id is not distinct from d.target_group_id
				and e.municipality_id is not distinct from d.municipality_id))
		order by 1, 2, 3, 4
		on conflict (survey_id, scope, target_group_id, municipality_id)
			do update set n = c.n + excluded.n`);

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table survey_respondent_count (
		survey_id uuid not null references survey (id) on delete cascade,
		scope smallint not null check (scope in (0, 1, 2, 3)),
		target_group_id uuid,
		municipality_id uuid,
		-- no check (n >= 0): INSERT … ON CONFLICT checks the proposed row, which for a
		-- decrement is negative; the counts are proven by a test instead
		n integer not null,
		constraint survey_respondent_count_key unique nulls not distinct
			(survey_id, scope, target_group_id, municipality_id)
	)`.execute(db);
	// no response is written until the migration commits: none is counted twice or lost
	await sql`lock table survey_response in share row exclusive mode`.execute(db);
	for (const [op, delta] of Object.entries(DELTAS)) {
		await sql`create function ${sql.raw(`survey_respondent_count_${op}`)}() returns trigger language plpgsql as $$
			begin
				${apply(delta)};
				return null;
			end $$`.execute(db);
	}
	await sql`create trigger survey_respondent_count_insert after insert on survey_response
		referencing new table as new_rows for each statement
		execute function survey_respondent_count_insert()`.execute(db);
	await sql`create trigger survey_respondent_count_delete after delete on survey_response
		referencing old table as old_rows for each statement
		execute function survey_respondent_count_delete()`.execute(db);
	await sql`create trigger survey_respondent_count_update after update on survey_response
		referencing old table as old_rows new table as new_rows for each statement
		execute function survey_respondent_count_update()`.execute(db);
	// the responses there are already
	await sql`insert into survey_respondent_count (survey_id, scope, target_group_id, municipality_id, n)
		select survey_id, scope, target_group_id, municipality_id, sum(n)
		from (${sql.raw(LEVELS('survey_response', '1'))}) d
		group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const op of ['insert', 'delete', 'update']) {
		await sql`drop trigger ${sql.raw(`survey_respondent_count_${op}`)} on survey_response`.execute(
			db
		);
		await sql`drop function ${sql.raw(`survey_respondent_count_${op}`)}()`.execute(db);
	}
	await db.schema.dropTable('survey_respondent_count').execute();
}
