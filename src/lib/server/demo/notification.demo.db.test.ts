import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import { seedDemo } from './demo.ts';
import { notificationSeeder } from './notification.demo.ts';

let t: TestDatabase;
let demo: RegionContext;
beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
});
afterAll(() => t.destroy());

async function contribution(title: string, supports: number) {
	const field = await t.db
		.selectFrom('topic_field')
		.select('id')
		.where('region_id', '=', demo.id)
		.where('key', '=', 'regionale-produkte')
		.executeTakeFirstOrThrow();
	const category = await t.db
		.selectFrom('contribution_category')
		.select('id')
		.where('region_id', '=', demo.id)
		.where('key', '=', 'nutzerbeduerfnisse')
		.executeTakeFirstOrThrow();
	const row = await t.db
		.insertInto('contribution')
		.values({
			region_id: demo.id,
			topic_field_id: field.id,
			category_id: category.id,
			title,
			body: 'Text',
			body_html: '<p>Text</p>',
			language: 'de',
			support_count: supports
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

test('the demo administration answers the most supported contributions', async () => {
	// more supported than anything the contribution seeder writes
	const ids = await Promise.all([
		contribution('Hofladen-Automat', 900),
		contribution('Wochenmarkt am Abend', 700),
		contribution('Regionalregal im Supermarkt', 500),
		contribution('Kaum unterstützt', 0)
	]);
	expect(await seedDemo(t.db, 'bergstrasse-odenwald')).toBe(true);
	const answers = await t.db
		.selectFrom('official_answer')
		.innerJoin('person', 'person.id', 'official_answer.author_id')
		.leftJoin('organisation', 'organisation.id', 'official_answer.organisation_id')
		.select([
			'official_answer.contribution_id',
			'official_answer.body_html',
			'person.role',
			'organisation.sector'
		])
		.orderBy('official_answer.created_at')
		.execute();
	expect(answers.map((a) => a.contribution_id).sort()).toEqual(ids.slice(0, 3).sort());
	expect(answers.every((a) => a.role === 'moderator')).toBe(true);
	expect(answers.filter((a) => a.sector === 'verwaltung')).toHaveLength(2);
	expect(answers.some((a) => a.body_html.includes('<strong>Regionale Produkte</strong>'))).toBe(
		true
	);
	// the answering moderator belongs to the administration they answer for
	const member = await t.db
		.selectFrom('organisation_member')
		.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
		.innerJoin('person', 'person.id', 'organisation_member.person_id')
		.select('organisation.slug')
		.where('person.role', '=', 'moderator')
		.execute();
	expect(member.map((m) => m.slug)).toContain('wirtschaftsfoerderung');
}, 120_000); // seeds the whole demo region: a long job on a busy 2-core machine

test('demo authors, commenters and supporters follow their contributions', async () => {
	const [author, commenter, supporter] = await t.db
		.selectFrom('person')
		.select(['id', 'display_name'])
		.where('region_id', '=', demo.id)
		.where('role', '=', 'citizen')
		.orderBy('email')
		.limit(3)
		.execute();
	const id = await contribution('Milchtankstelle', 1);
	await t.db
		.updateTable('contribution')
		.set({ author_id: author!.id })
		.where('id', '=', id)
		.execute();
	await t.db
		.insertInto('comment')
		.values({ region_id: demo.id, contribution_id: id, author_id: commenter!.id, body: 'Ja!' })
		.execute();
	await t.db
		.insertInto('contribution_support')
		.values({ region_id: demo.id, contribution_id: id, person_id: supporter!.id })
		.execute();
	const moderator = await t.db
		.selectFrom('person')
		.select(['id', 'display_name'])
		.where('region_id', '=', demo.id)
		.where('role', '=', 'moderator')
		.executeTakeFirstOrThrow();
	const toDemo = (p: { id: string; display_name: string }) => ({
		id: p.id,
		displayName: p.display_name,
		municipalityId: null,
		targetGroupId: null
	});
	await notificationSeeder.seed({
		db: t.db,
		region: demo,
		random: () => 0.5,
		moderator: toDemo(moderator),
		citizens: [author!, commenter!, supporter!].map(toDemo),
		organisations: {},
		pick: (items) => items[0]!,
		actorFor: () => ({ regionId: demo.id, person: null })
	});
	const follows = await t.db
		.selectFrom('follow')
		.select('person_id')
		.where('target_id', '=', id)
		.execute();
	expect(follows.map((f) => f.person_id).sort()).toEqual(
		[author!.id, commenter!.id, supporter!.id].sort()
	);
});
