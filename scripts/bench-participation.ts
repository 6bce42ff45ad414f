/**
 * Participation data for the benchmark: `count` made-up contributions on one topic map, with
 * target groups, supports and comment counts, spread over the categories, municipalities and the
 * last two years — inserted by PostgreSQL itself (insert … select over generate_series), so
 * 10,000 rows take a second, not minutes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/lib/server/db/schema.ts';

const CHUNK = 2000;

export async function generateContributions(
	db: Kysely<Database>,
	regionId: string,
	topicFieldKey: string,
	count: number,
	onProgress: (done: number) => void = () => {}
): Promise<{ topicFieldId: string; ms: number }> {
	const started = performance.now();
	const field = await db
		.selectFrom('topic_field')
		.select('id')
		.where('region_id', '=', regionId)
		.where('key', '=', topicFieldKey)
		.executeTakeFirstOrThrow();
	for (let from = 1; from <= count; from += CHUNK) {
		const to = Math.min(count, from + CHUNK - 1);
		await sql`
			with categories as (
				select id, row_number() over (order by position) - 1 as n, count(*) over () as total
				from contribution_category where region_id = ${regionId}
			), places as (
				select id, row_number() over (order by name) - 1 as n, count(*) over () as total
				from municipality where region_id = ${regionId}
			), made as (
				insert into contribution (region_id, topic_field_id, category_id, municipality_id,
					title, body, body_html, language, support_count, comment_count, created_at, updated_at)
				select ${regionId}, ${field.id}, c.id, p.id,
					'Beitrag ' || i || ': ' || (array['Wochenmarkt am Abend', 'Dorfladen mit Abholstation',
						'Gemeinsame Sammeltour', 'Regionale Eier im Schulessen', 'Hofladen mit Kartenzahlung',
						'Bestellschluss am Mittwoch', 'Regiomat am Rathaus', 'Marktsatzung öffnen'])[1 + i % 8],
					'Ein Beitrag aus dem Lasttest, damit die Themenlandkarte viele Einträge hat. Nummer ' || i || '.',
					'<p>Ein Beitrag aus dem Lasttest, damit die Themenlandkarte viele Einträge hat. Nummer ' || i || '.</p>',
					'de', (i * 7919) % 40, (i * 104729) % 12,
					now() - make_interval(mins => (i * 37) % (60 * 24 * 730)),
					now() - make_interval(mins => (i * 37) % (60 * 24 * 730))
				from generate_series(${from}::int, ${to}::int) as i
				join categories c on c.n = i % c.total
				join places p on p.n = (i * 13) % p.total
				returning id
			)
			insert into contribution_target_group (region_id, contribution_id, target_group_id)
			select ${regionId}, made.id, g.id
			from made join target_group g on g.region_id = ${regionId}
			-- each contribution names about a third of the target groups, a different third each
			where abs(hashtext(made.id::text || g.key)) % 3 = 0
		`.execute(db);
		onProgress(to);
	}
	await sql`analyze contribution`.execute(db);
	await sql`analyze contribution_target_group`.execute(db);
	return { topicFieldId: field.id, ms: performance.now() - started };
}
