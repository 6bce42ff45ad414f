// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

const KINDS = `'comment', 'reply', 'official_answer', 'contribution_hidden', 'contribution_restored',
	'use_case_status', 'working_group_update', 'event_update', 'event_cancelled',
	'survey_published', 'process_update'`;

/** A changed official answer is news too: followers are told again, with their own wording. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table notification drop constraint notification_kind_check,
		add constraint notification_kind_check
			check (kind in (${sql.raw(KINDS)}, 'official_answer_updated'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from notification where kind = 'official_answer_updated'`.execute(db);
	await sql`alter table notification drop constraint notification_kind_check,
		add constraint notification_kind_check check (kind in (${sql.raw(KINDS)}))`.execute(db);
}
