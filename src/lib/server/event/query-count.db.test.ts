/** No N+1: the events list, an event page and the feed cost the same for 3 or 30 events. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import { eventSchema } from './event.schema.ts';
import {
	createEvent,
	eventFeed,
	getEvent,
	listEvents,
	listRegistrations,
	register,
	type EventContext
} from './event.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let counted: Kysely<Database>;
let statements = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	const pool = testPool(t.url);
	counted = new Kysely<Database>({
		dialect: new PostgresDialect({ pool }),
		log: (event) => {
			if (event.level === 'query') statements++;
		}
	});
});
afterAll(async () => {
	await counted?.destroy();
	await t?.destroy();
});

async function countStatements(run: () => Promise<unknown>): Promise<number> {
	statements = 0;
	await run();
	return statements;
}

const ctx = (db: Kysely<Database>, person: SessionPerson | null): EventContext => ({
	db,
	region: demo,
	actor: { regionId: demo.id, person },
	smtp: false,
	meta: { ip: '', lang: 'de', origin: 'https://example.org' }
});

test('events list, event page, participants and feed cost the same for 3 or 30 items', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const make = (i: number) =>
		createEvent(
			ctx(t.db, moderator),
			eventSchema.parse({
				kind: 'workshop',
				topicField: 'wohnen-arbeiten',
				title: `Workshop Nummer ${i}`,
				startsAt: `2099-05-${String((i % 28) + 1).padStart(2, '0')}T10:00`,
				endsAt: `2099-05-${String((i % 28) + 1).padStart(2, '0')}T12:00`,
				municipality: 'erbach',
				agenda: Array.from({ length: i % 5 }, (_, k) => `1${k}:00 Punkt ${k}`).join('\n'),
				capacity: '5'
			})
		);
	const ids: string[] = [];
	for (let i = 0; i < 3; i++) ids.push(await make(i));
	const target = ids[0]!;
	const people = await Promise.all(Array.from({ length: 30 }, () => createPerson(t.db, demo)));
	for (const p of people.slice(0, 3)) await register(ctx(t.db, p), target);

	const measure = async () => [
		await countStatements(() => listEvents(ctx(counted, null), {})),
		await countStatements(() => listEvents(ctx(counted, null), { topicField: 'wohnen-arbeiten' })),
		await countStatements(() => getEvent(ctx(counted, people[0]!), target)),
		await countStatements(() => listRegistrations(ctx(counted, moderator), target)),
		await countStatements(() => eventFeed(ctx(counted, null), {}))
	];
	const few = await measure();
	for (let i = 3; i < 30; i++) ids.push(await make(i));
	for (const p of people.slice(3)) await register(ctx(t.db, p), target);
	const many = await measure();
	expect(many).toEqual(few);
	// one statement per part of the page, whatever the number of events or registrations
	expect(few.every((n) => n <= 8)).toBe(true);
}, 60_000);
