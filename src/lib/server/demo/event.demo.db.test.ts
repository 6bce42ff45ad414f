import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { loadRegions } from '../../../../test/factories.ts';
import { seedDemo } from './demo.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await loadRegions(t.db);
});
afterAll(() => t.destroy());

test('demo events: the kick-off and workshops, past with minutes and paper, one full with a waiting list', async () => {
	expect(await seedDemo(t.db, 'bergstrasse-odenwald')).toBe(true);
	const events = await t.db
		.selectFrom('event')
		.select(['id', 'kind', 'title', 'capacity', 'confirmed_count', 'minutes_html', 'starts_at'])
		.execute();
	expect(events.length).toBeGreaterThanOrEqual(6);
	expect(events.filter((e) => e.kind === 'kickoff')).toHaveLength(1);
	const past = events.filter((e) => e.starts_at < new Date());
	const upcoming = events.filter((e) => e.starts_at > new Date());
	expect(past.length).toBeGreaterThanOrEqual(2);
	expect(upcoming.length).toBeGreaterThanOrEqual(2);
	expect(past.every((e) => e.minutes_html.includes('<h'))).toBe(true);
	const full = events.filter((e) => e.capacity !== null && e.confirmed_count === e.capacity);
	expect(full).toHaveLength(1);
	const waiting = await t.db
		.selectFrom('event_registration')
		.select('waiting_position')
		.where('event_id', '=', full[0]!.id)
		.where('status', '=', 'waiting')
		.orderBy('waiting_position')
		.execute();
	expect(waiting.map((w) => w.waiting_position)).toEqual([1, 2, 3]);
	const paper = await t.db
		.selectFrom('contribution')
		.select(['author_id', 'entered_by', 'event_id'])
		.where('event_id', 'is not', null)
		.execute();
	expect(paper.length).toBeGreaterThanOrEqual(5);
	expect(paper.every((p) => p.author_id === null && p.entered_by !== null)).toBe(true);
});
