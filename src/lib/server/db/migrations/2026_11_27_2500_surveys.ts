// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// A survey: a draft until opens_at is set; open between opens_at and closes_at.
	// `linked` surveys take one response per signed-in person; anonymous ones store no person.
	await sql`create table survey (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null references region (id) on delete cascade,
		topic_field_id uuid,
		title text not null check (char_length(title) between 3 and 150),
		intro text not null default '' check (char_length(intro) <= 4000),
		linked boolean not null,
		one_per_browser boolean not null default true,
		show_live_results boolean not null default false,
		opens_at timestamptz,
		closes_at timestamptz,
		created_by uuid,
		created_at timestamptz not null default now(),
		updated_at timestamptz not null default now(),
		constraint survey_region_id unique (region_id, id),
		constraint survey_id_linked unique (id, linked),
		constraint survey_window check (opens_at is null or closes_at is null or closes_at > opens_at),
		constraint survey_topic_field foreign key (region_id, topic_field_id)
			references topic_field (region_id, id) on delete set null (topic_field_id),
		constraint survey_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)
	)`.execute(db);

	// Questions, in order; positions are unique per survey (checked at commit, so two can swap).
	await sql`create table survey_question (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null,
		survey_id uuid not null,
		position integer not null,
		kind text not null check (kind in ('single', 'multiple', 'scale', 'text', 'ranking', 'matrix')),
		text text not null check (char_length(text) between 1 and 500),
		required boolean not null default false,
		scale_min integer,
		scale_max integer,
		label_min text not null default '',
		label_max text not null default '',
		condition_question_id uuid,
		condition_option_id uuid,
		constraint survey_question_survey_id unique (survey_id, id),
		constraint survey_question_position unique (survey_id, position) deferrable initially deferred,
		constraint survey_question_scale check (
			kind <> 'scale' or (scale_min is not null and scale_max is not null
				and scale_min between 0 and 1 and scale_max between scale_min + 1 and 10)),
		constraint survey_question_condition check (
			(condition_question_id is null) = (condition_option_id is null)),
		constraint survey_question_survey foreign key (region_id, survey_id)
			references survey (region_id, id) on delete cascade,
		constraint survey_question_condition_question foreign key (survey_id, condition_question_id)
			references survey_question (survey_id, id)
	)`.execute(db);

	// Options of a choice or ranking question; for a matrix the rows (kind 'row') and the
	// shared columns (kind 'column').
	await sql`create table survey_option (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null,
		survey_id uuid not null,
		question_id uuid not null,
		kind text not null default 'option' check (kind in ('option', 'row', 'column')),
		position integer not null,
		label text not null check (char_length(label) between 1 and 200),
		constraint survey_option_question_id unique (question_id, id),
		constraint survey_option_question foreign key (survey_id, question_id)
			references survey_question (survey_id, id) on delete cascade,
		constraint survey_option_region foreign key (region_id, survey_id)
			references survey (region_id, id) on delete cascade
	)`.execute(db);
	await sql`alter table survey_question
		add constraint survey_question_condition_option foreign key (condition_question_id, condition_option_id)
			references survey_option (question_id, id)`.execute(db);

	// A response. Linked: exactly one per person (unique), deleted with the person. Anonymous:
	// never a person id (a signed-in respondent leaves a hashed marker in survey_participation,
	// a table without any reference to the response).
	// Target group and municipality are copied at submission, for the result filters.
	await sql`create table survey_response (
		id uuid primary key default gen_random_uuid(),
		region_id uuid not null,
		survey_id uuid not null,
		linked boolean not null,
		person_id uuid,
		target_group_id uuid,
		municipality_id uuid,
		created_at timestamptz not null default now(),
		constraint survey_response_survey_id unique (survey_id, id),
		constraint survey_response_person unique (survey_id, person_id),
		constraint survey_response_mode check (
			(linked and person_id is not null) or (not linked and person_id is null)),
		constraint survey_response_survey foreign key (region_id, survey_id)
			references survey (region_id, id) on delete cascade,
		constraint survey_response_survey_mode foreign key (survey_id, linked)
			references survey (id, linked) on update cascade,
		constraint survey_response_person_fk foreign key (region_id, person_id)
			references person (region_id, id) on delete cascade,
		constraint survey_response_target_group foreign key (region_id, target_group_id)
			references target_group (region_id, id) on delete set null (target_group_id),
		constraint survey_response_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete set null (municipality_id)
	)`.execute(db);
	await sql`create table survey_participation (
		region_id uuid not null,
		survey_id uuid not null,
		marker text not null,
		primary key (survey_id, marker),
		constraint survey_participation_survey foreign key (region_id, survey_id)
			references survey (region_id, id) on delete cascade
	)`.execute(db);
	await sql`create index survey_response_filters on survey_response (survey_id, target_group_id, municipality_id)`.execute(
		db
	);

	// One row per chosen option / scale value / rank / matrix cell / text.
	// value: the scale value, the rank (1 = first) of option_id, or the matrix column position
	// for row option_id. The response's target group and municipality are copied here, so the
	// tally triggers see them even while the response is being deleted.
	await sql`create table survey_answer (
		region_id uuid not null,
		survey_id uuid not null,
		response_id uuid not null,
		question_id uuid not null,
		option_id uuid,
		value integer,
		text text check (char_length(text) between 1 and 4000),
		target_group_id uuid,
		municipality_id uuid,
		constraint survey_answer_response foreign key (survey_id, response_id)
			references survey_response (survey_id, id) on delete cascade,
		constraint survey_answer_question foreign key (survey_id, question_id)
			references survey_question (survey_id, id) on delete cascade,
		constraint survey_answer_option foreign key (question_id, option_id)
			references survey_option (question_id, id) on delete cascade,
		constraint survey_answer_region foreign key (region_id, survey_id)
			references survey (region_id, id) on delete cascade,
		constraint survey_answer_target_group foreign key (region_id, target_group_id)
			references target_group (region_id, id) on delete set null (target_group_id),
		constraint survey_answer_municipality foreign key (region_id, municipality_id)
			references municipality (region_id, id) on delete set null (municipality_id)
	)`.execute(db);
	await sql`create index survey_answer_response on survey_answer (response_id)`.execute(db);
	await sql`create index survey_answer_text on survey_answer (question_id, response_id) where text is not null`.execute(
		db
	);

	// Running counts per answer, kept by statement-level triggers, at two levels: scope 1 for
	// the whole survey (target group and municipality null), scope 0 per target group and
	// municipality (null there meaning "not stated"). The unfiltered result page sums a few
	// dozen rows, a filtered one a few thousand at most, however many responses there are.
	// Rows are upserted in key order, so concurrent submissions cannot deadlock.
	await sql`create table survey_tally (
		survey_id uuid not null references survey (id) on delete cascade,
		scope smallint not null check (scope in (0, 1)),
		question_id uuid not null,
		option_id uuid,
		value integer,
		target_group_id uuid,
		municipality_id uuid,
		n integer not null check (n >= 0),
		constraint survey_tally_key unique nulls not distinct
			(survey_id, scope, question_id, option_id, value, target_group_id, municipality_id)
	)`.execute(db);
	await sql`create function survey_tally_add() returns trigger language plpgsql as $$
		begin
			insert into survey_tally (survey_id, scope, question_id, option_id, value, target_group_id, municipality_id, n)
			select survey_id, scope, question_id, option_id, value, target_group_id, municipality_id, sum(n)
			from (
				select survey_id, 0 as scope, question_id, option_id, value, target_group_id, municipality_id, 1 as n
				from new_rows
				union all
				select survey_id, 1, question_id, option_id, value, null, null, 1 from new_rows
			) t
			group by 1, 2, 3, 4, 5, 6, 7
			order by 1, 2, 3, 4, 5, 6, 7
			on conflict (survey_id, scope, question_id, option_id, value, target_group_id, municipality_id)
				do update set n = survey_tally.n + excluded.n;
			return null;
		end $$`.execute(db);
	await sql`create function survey_tally_remove() returns trigger language plpgsql as $$
		begin
			update survey_tally t set n = greatest(t.n - d.n, 0)
			from (
				select survey_id, scope, question_id, option_id, value, target_group_id, municipality_id, count(*) as n
				from (
					select survey_id, 0 as scope, question_id, option_id, value, target_group_id, municipality_id
					from old_rows
					union all
					select survey_id, 1, question_id, option_id, value, null, null from old_rows
				) o
				group by 1, 2, 3, 4, 5, 6, 7
			) d
			where t.survey_id = d.survey_id and t.scope = d.scope and t.question_id = d.question_id
				and t.option_id is not distinct from d.option_id and t.value is not distinct from d.value
				and t.target_group_id is not distinct from d.target_group_id
				and t.municipality_id is not distinct from d.municipality_id;
			return null;
		end $$`.execute(db);
	await sql`create trigger survey_answer_tally_add after insert on survey_answer
		referencing new table as new_rows for each statement execute function survey_tally_add()`.execute(
		db
	);
	await sql`create trigger survey_answer_tally_remove after delete on survey_answer
		referencing old table as old_rows for each statement execute function survey_tally_remove()`.execute(
		db
	);

	// Questions and options are frozen once a survey has responses (the service says so first;
	// this is the guarantee). Deleting the whole survey still cascades.
	await sql`create function survey_frozen() returns trigger language plpgsql as $$
		declare sid uuid;
		begin
			sid := case when tg_op = 'DELETE' then old.survey_id else new.survey_id end;
			if exists (select 1 from survey where id = sid)
				and exists (select 1 from survey_response where survey_id = sid) then
				raise exception 'survey % has responses: its questions are frozen', sid
					using errcode = 'check_violation', constraint = 'survey_frozen';
			end if;
			return null;
		end $$`.execute(db);
	for (const table of ['survey_question', 'survey_option']) {
		await sql`create trigger ${sql.raw(table + '_frozen')} after insert or update or delete on ${sql.raw(table)}
			for each row execute function survey_frozen()`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'survey_tally',
		'survey_answer',
		'survey_participation',
		'survey_response',
		'survey_option'
	]) {
		await db.schema.dropTable(table).execute();
	}
	await sql`alter table survey_question drop constraint survey_question_condition_option`.execute(
		db
	);
	await db.schema.dropTable('survey_question').execute();
	await db.schema.dropTable('survey').execute();
	await sql`drop function survey_tally_add, survey_tally_remove, survey_frozen`.execute(db);
}
