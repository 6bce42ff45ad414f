import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import { deleteAccount, exportData } from '../account/account.service.ts';
import { hashPassword } from '../account/password.ts';
import { createGroup, joinGroup, setRole } from '../working-group/working-group.service.ts';
import { getBoard, getContribution } from '../participation/contribution.service.ts';
import { boardQuerySchema } from '../participation/contribution.schema.ts';
import { eventSchema, paperSchema, type EventInput } from './event.schema.ts';
import {
	cancelEvent,
	createEvent,
	enterPaperContribution,
	eventFeed,
	eventFormOptions,
	getEvent,
	listEvents,
	listRegistrations,
	myRegistrations,
	register,
	registrationsCsv,
	unregister,
	updateEvent,
	type EventContext
} from './event.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null): EventContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		smtp: false,
		meta: { ip: '', lang: 'de', origin: 'https://heimatleben.example' }
	};
}

const inDays = (days: number, hour = 18) => {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
};

const rawInput = {
	kind: 'workshop',
	topicField: 'regionale-produkte',
	title: 'Workshop Regionale Produkte',
	startsAt: inDays(10, 17),
	endsAt: inDays(10, 20),
	municipality: 'heppenheim'
};

function input(overrides: Record<string, string> = {}): EventInput {
	return eventSchema.parse({
		kind: 'workshop',
		topicField: 'regionale-produkte',
		title: 'Workshop Regionale Produkte',
		description: 'Wir sammeln **Ideen**.',
		startsAt: inDays(10, 17),
		endsAt: inDays(10, 20),
		municipality: 'heppenheim',
		address: 'Marktplatz 1',
		capacity: '10',
		agenda: '17:00 Begrüßung\n17:15 Arbeit in Gruppen\nAbschluss',
		...overrides
	});
}

const mails = (to: string) =>
	t.db.selectFrom('mail').select(['subject', 'body']).where('to_address', '=', to).execute();

describe('events', () => {
	test('only organisers create and edit; region isolation; agenda and Markdown', async () => {
		await expect(createEvent(ctx(demo, await person(demo)), input())).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createEvent(ctx(demo, null), input())).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const moderator = await person(demo, 'moderator');
		const id = await createEvent(ctx(demo, moderator), input());
		const shown = await getEvent(ctx(demo, null), id);
		expect(shown.agenda).toEqual([
			{ time: '17:00', title: 'Begrüßung' },
			{ time: '17:15', title: 'Arbeit in Gruppen' },
			{ time: null, title: 'Abschluss' }
		]);
		expect(shown.descriptionHtml).toContain('<strong>Ideen</strong>');
		expect(shown.municipality).toBe('Heppenheim');
		expect(shown.nearby).toHaveLength(4);
		expect(shown.nearby.map((n) => n.name)).not.toContain('Heppenheim');
		expect(shown.nearby.map((n) => n.name)).toContain('Lorsch');
		expect(shown.canRegister).toBe(false);
		await expect(getEvent(ctx(other, null), id)).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			updateEvent(ctx(other, await person(other, 'moderator')), id, input())
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			updateEvent(ctx(demo, await person(demo)), id, input({ title: 'Geändert' }))
		).rejects.toMatchObject({ code: 'forbidden' });
		await updateEvent(ctx(demo, moderator), id, input({ title: 'Geänderter Titel', agenda: '' }));
		expect((await getEvent(ctx(demo, null), id)).agenda).toEqual([]);
		expect((await listEvents(ctx(other, null), {})).upcoming).toHaveLength(0);
		expect(
			(await listEvents(ctx(demo, null), { topicField: 'regionale-produkte' })).upcoming.map(
				(e) => e.id
			)
		).toContain(id);
		expect(
			(await listEvents(ctx(demo, null), { topicField: 'wohnen-arbeiten' })).upcoming.map(
				(e) => e.id
			)
		).not.toContain(id);
		// a javascript: link is refused by the schema, an unknown municipality by the service
		expect(eventSchema.safeParse({ ...input(), onlineUrl: 'javascript:alert(1)' }).success).toBe(
			false
		);
		await expect(
			createEvent(ctx(demo, moderator), { ...input(), municipality: 'nirgendwo' })
		).rejects.toMatchObject({ code: 'invalid' });
	});

	test('50 concurrent registrations for 10 places: 10 confirmed, 40 waiting at 1..40', async () => {
		const id = await createEvent(ctx(demo, await person(demo, 'moderator')), input());
		const people = await Promise.all(Array.from({ length: 50 }, () => person(demo)));
		const results = await Promise.all(people.map((p) => register(ctx(demo, p), id)));
		expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(10);
		const rows = await t.db
			.selectFrom('event_registration')
			.select(['status', 'waiting_position'])
			.where('event_id', '=', id)
			.execute();
		expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(10);
		const positions = rows
			.filter((r) => r.status === 'waiting')
			.map((r) => r.waiting_position!)
			.sort((a, b) => a - b);
		expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		const event = await getEvent(ctx(demo, null), id);
		expect([event.confirmed, event.waiting, event.full]).toEqual([10, 40, true]);
		// registering twice changes nothing
		expect(await register(ctx(demo, people[0]!), id)).toEqual(results[0]);
		// the database refuses overbooking whatever the application does
		await expect(
			t.db.updateTable('event').set({ confirmed_count: 11 }).where('id', '=', id).execute()
		).rejects.toThrow(/event_capacity/);
	}, 60_000);

	test('concurrent cancellations and registrations never overbook; the first waiting moves up', async () => {
		const id = await createEvent(
			ctx(demo, await person(demo, 'moderator')),
			input({ capacity: '5' })
		);
		const first = await Promise.all(Array.from({ length: 5 }, () => person(demo)));
		for (const p of first) await register(ctx(demo, p), id);
		const waiting = await person(demo);
		expect(await register(ctx(demo, waiting), id)).toEqual({
			status: 'waiting',
			waitingPosition: 1
		});
		// first of the waiting list is promoted and mailed
		await unregister(ctx(demo, first[0]!), id);
		expect((await getEvent(ctx(demo, waiting), id)).registration).toEqual({
			status: 'confirmed',
			waitingPosition: null
		});
		const promotedMail = await mails(waiting.email);
		expect(promotedMail).toHaveLength(1);
		expect(promotedMail[0]!.subject).toContain('Ein Platz ist frei');
		expect(promotedMail[0]!.body).toContain(`https://heimatleben.example/veranstaltungen/${id}`);

		// now 4 leave while 20 others register at once
		const newcomers = await Promise.all(Array.from({ length: 20 }, () => person(demo)));
		await Promise.all([
			...first.slice(1).map((p) => unregister(ctx(demo, p), id)),
			...newcomers.map((p) => register(ctx(demo, p), id))
		]);
		const rows = await t.db
			.selectFrom('event_registration')
			.select(['status', 'waiting_position'])
			.where('event_id', '=', id)
			.execute();
		const confirmed = rows.filter((r) => r.status === 'confirmed').length;
		const positions = rows
			.filter((r) => r.status === 'waiting')
			.map((r) => r.waiting_position!)
			.sort((a, b) => a - b);
		expect(confirmed).toBe(5);
		expect(positions).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
		const count = await t.db
			.selectFrom('event')
			.select('confirmed_count')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(count.confirmed_count).toBe(5);

		// leaving the waiting list closes the gap
		const third = await t.db
			.selectFrom('event_registration')
			.select('person_id')
			.where('event_id', '=', id)
			.where('waiting_position', '=', 3)
			.executeTakeFirstOrThrow();
		const leaver = newcomers.find((p) => p.id === third.person_id)!;
		await unregister(ctx(demo, leaver), id);
		const after = await t.db
			.selectFrom('event_registration')
			.select('waiting_position')
			.where('event_id', '=', id)
			.where('status', '=', 'waiting')
			.orderBy('waiting_position')
			.execute();
		expect(after.map((r) => r.waiting_position)).toEqual(
			Array.from({ length: 15 }, (_, i) => i + 1)
		);

		// more places: the waiting move up
		await updateEvent(ctx(demo, await person(demo, 'moderator')), id, input({ capacity: '8' }));
		expect((await getEvent(ctx(demo, null), id)).confirmed).toBe(8);
		await expect(
			updateEvent(ctx(demo, await person(demo, 'moderator')), id, input({ capacity: '2' }))
		).rejects.toMatchObject({ messageKey: 'event.capacity.belowConfirmed' });

		const list = await listRegistrations(ctx(demo, await person(demo, 'moderator')), id);
		expect(list.confirmed).toHaveLength(8);
		expect(list.waiting.map((w) => w.waitingPosition)).toEqual(
			Array.from({ length: 12 }, (_, i) => i + 1)
		);
		await expect(listRegistrations(ctx(demo, waiting), id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const csv = await registrationsCsv(ctx(demo, await person(demo, 'moderator')), id);
		expect(csv.split('\r\n')).toHaveLength(8 + 12 + 2);
		expect((await myRegistrations(ctx(demo, waiting)))[0]).toMatchObject({
			id,
			status: 'confirmed'
		});

		// deleting accounts (cascade, without the service) keeps the count and the list right
		const firstWaiting = await t.db
			.selectFrom('event_registration')
			.select('person_id')
			.where('event_id', '=', id)
			.where('waiting_position', '=', 1)
			.executeTakeFirstOrThrow();
		await t.db
			.deleteFrom('person')
			.where('id', 'in', [waiting.id, firstWaiting.person_id])
			.execute();
		const left = await listRegistrations(ctx(demo, await person(demo, 'moderator')), id);
		expect(left.confirmed).toHaveLength(7);
		expect((await getEvent(ctx(demo, null), id)).confirmed).toBe(7);
		expect(left.waiting.map((w) => w.waitingPosition)).toEqual(
			Array.from({ length: 11 }, (_, i) => i + 1)
		);
	}, 60_000);

	test('a person’s registrations are in their data export', async () => {
		const id = await createEvent(ctx(demo, await person(demo, 'moderator')), input());
		const citizen = await person(demo);
		await register(ctx(demo, citizen), id);
		const exported = await exportData(
			{
				db: t.db,
				smtp: false,
				region: { id: demo.id, name: demo.name },
				meta: { ip: '', userAgent: '', origin: '', lang: 'de' }
			},
			citizen
		);
		expect(exported.eventRegistrations).toMatchObject([{ event_id: id, status: 'confirmed' }]);
	});

	test('deleting an account gives its places to those waiting, and tells them', async () => {
		const id = await createEvent(
			ctx(demo, await person(demo, 'moderator')),
			input({ capacity: '1' })
		);
		const leaving = await createPerson(t.db, demo, {
			passwordHash: await hashPassword('Heimat-Leben-2026!')
		});
		const next = await person(demo);
		await register(ctx(demo, leaving), id);
		await register(ctx(demo, next), id);
		const accountCtx = {
			db: t.db,
			region: demo,
			smtp: false,
			meta: { ip: '', userAgent: '', origin: 'https://heimatleben.example', lang: 'de' as const }
		};
		await expect(
			deleteAccount(accountCtx, leaving, { currentPassword: 'falsch', contributions: 'anonymise' })
		).rejects.toBeTruthy();
		expect((await getEvent(ctx(demo, next), id)).registration?.status).toBe('waiting');
		await deleteAccount(accountCtx, leaving, {
			currentPassword: 'Heimat-Leben-2026!',
			contributions: 'anonymise'
		});
		expect((await getEvent(ctx(demo, next), id)).registration?.status).toBe('confirmed');
		expect(await mails(next.email)).toHaveLength(1);
	});

	test('meetings of a working group and events of a process: chosen by slug, listed and in their feeds', async () => {
		const moderator = await person(demo, 'moderator');
		const group = await createGroup(
			{
				db: t.db,
				region: demo,
				actor: { regionId: demo.id, person: moderator },
				meta: { ip: '' }
			},
			{ topicField: 'regionale-produkte', name: 'AG Wochenmärkte', description: '' }
		);
		const { id: processId } = await t.db
			.insertInto('participation_process')
			.values({
				region_id: demo.id,
				slug: 'werkstatt-2027',
				title: 'Werkstatt 2027',
				description: '',
				description_html: ''
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const meeting = await createEvent(
			ctx(demo, moderator),
			input({
				kind: 'working_group',
				title: 'Treffen der AG',
				workingGroup: group,
				process: 'werkstatt-2027'
			})
		);
		await createEvent(ctx(demo, moderator), input({ title: 'Etwas anderes' }));
		const ofGroup = await listEvents(ctx(demo, null), { workingGroup: group });
		expect(ofGroup.upcoming.map((e) => e.id)).toEqual([meeting]);
		const ofProcess = await listEvents(ctx(demo, null), { process: 'werkstatt-2027' });
		expect(ofProcess.upcoming.map((e) => e.id)).toEqual([meeting]);
		expect(await eventFeed(ctx(demo, null), { workingGroup: group })).toContain('Treffen der AG');
		expect(await eventFeed(ctx(demo, null), { workingGroup: group })).not.toContain(
			'Etwas anderes'
		);
		expect((await listEvents(ctx(demo, null), { workingGroup: 'gibt-es-nicht' })).upcoming).toEqual(
			[]
		);
		const row = await t.db
			.selectFrom('event')
			.select(['working_group_id', 'process_id'])
			.where('id', '=', meeting)
			.executeTakeFirstOrThrow();
		expect(row.process_id).toBe(processId);
		await expect(
			createEvent(ctx(demo, moderator), input({ workingGroup: 'gibt-es-nicht' }))
		).rejects.toMatchObject({ code: 'invalid', fields: { workingGroup: 'form.invalid' } });
		// another region's process cannot be named
		await expect(
			createEvent(
				ctx(other, await person(other, 'moderator')),
				input({ municipality: 'marburg', process: 'werkstatt-2027' })
			)
		).rejects.toMatchObject({ code: 'invalid' });
	});

	test('working-group leads organise the meetings of their own group, and only those', async () => {
		const moderator = await person(demo, 'moderator');
		const wg = (who: SessionPerson) => ({
			db: t.db,
			region: demo,
			actor: { regionId: demo.id, person: who },
			meta: { ip: '' }
		});
		const ours = await createGroup(wg(moderator), {
			topicField: 'regionale-produkte',
			name: 'AG Hofläden',
			description: ''
		});
		const theirs = await createGroup(wg(moderator), {
			topicField: 'gesundheit-pflege',
			name: 'AG Bürgerbus',
			description: ''
		});
		const lead = await person(demo);
		await joinGroup(wg(lead), ours);
		await setRole(wg(moderator), ours, lead.id, 'lead');
		const member = await person(demo);
		await joinGroup(wg(member), ours);

		// the form offers a lead their own groups only, with each group's topic field
		const options = await eventFormOptions(ctx(demo, lead));
		expect(options.workingGroups).toEqual([
			{ slug: ours, name: 'AG Hofläden', topicField: 'regionale-produkte' }
		]);
		expect((await eventFormOptions(ctx(demo, moderator))).workingGroups.length).toBeGreaterThan(1);
		await expect(eventFormOptions(ctx(demo, member))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			createEvent(ctx(demo, member), input({ workingGroup: ours }))
		).rejects.toMatchObject({ code: 'forbidden' });

		// a lead's event must be a meeting of their group
		for (const group of [undefined, theirs]) {
			await expect(
				createEvent(ctx(demo, lead), input(group ? { workingGroup: group } : {}))
			).rejects.toMatchObject({
				code: 'invalid',
				fields: { workingGroup: 'event.workingGroup.notLead' }
			});
		}
		const id = await createEvent(
			ctx(demo, lead),
			input({ kind: 'working_group', title: 'Treffen der AG Hofläden', workingGroup: ours })
		);
		expect((await getEvent(ctx(demo, lead), id)).canOrganise).toBe(true);
		expect((await getEvent(ctx(demo, member), id)).canOrganise).toBe(false);
		expect((await getEvent(ctx(demo, moderator), id)).canOrganise).toBe(true);
		await expect(listRegistrations(ctx(demo, member), id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		expect(await listRegistrations(ctx(demo, lead), id)).toBeTruthy();

		// they edit it, but cannot move it to another group
		await expect(
			updateEvent(ctx(demo, lead), id, input({ title: 'Verschoben', workingGroup: theirs }))
		).rejects.toMatchObject({ code: 'invalid' });
		await updateEvent(ctx(demo, lead), id, input({ title: 'Treffen, neu', workingGroup: ours }));
		expect((await getEvent(ctx(demo, null), id)).title).toBe('Treffen, neu');

		// stepping down ends it; a moderator's events stay out of reach
		await setRole(wg(moderator), ours, lead.id, 'member');
		expect((await getEvent(ctx(demo, lead), id)).canOrganise).toBe(false);
		await expect(cancelEvent(ctx(demo, lead), id)).rejects.toMatchObject({ code: 'forbidden' });
		const workshop = await createEvent(ctx(demo, moderator), input());
		await expect(
			updateEvent(ctx(demo, lead), workshop, input({ workingGroup: ours }))
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('unverified people cannot register; registration closes at the start', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createEvent(ctx(demo, moderator), input());
		await expect(
			register(ctx(demo, await person(demo, 'citizen', false)), id)
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(register(ctx(demo, null), id)).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(register(ctx(other, await person(other)), id)).rejects.toMatchObject({
			code: 'not_found'
		});
		await t.db
			.updateTable('event')
			.set({ starts_at: new Date(Date.now() - 60_000) })
			.where('id', '=', id)
			.execute();
		await expect(register(ctx(demo, await person(demo)), id)).rejects.toMatchObject({
			messageKey: 'event.registrationClosed'
		});
	});

	test('cancelling notifies everyone registered or waiting; the feed says CANCELLED', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createEvent(ctx(demo, moderator), input({ capacity: '1' }));
		const a = await person(demo);
		const b = await person(demo);
		await register(ctx(demo, a), id);
		await register(ctx(demo, b), id);
		await expect(cancelEvent(ctx(demo, a), id)).rejects.toMatchObject({ code: 'forbidden' });
		await cancelEvent(ctx(demo, moderator), id);
		for (const who of [a, b]) {
			const sent = await mails(who.email);
			expect(sent).toHaveLength(1);
			expect(sent[0]!.subject).toBe('Abgesagt: Workshop Regionale Produkte');
		}
		await expect(register(ctx(demo, await person(demo)), id)).rejects.toMatchObject({
			messageKey: 'event.cancelledAlready'
		});
		await expect(cancelEvent(ctx(demo, moderator), id)).rejects.toMatchObject({
			code: 'conflict'
		});
		const feed = await eventFeed(ctx(demo, null), {});
		const block = feed.split('BEGIN:VEVENT').find((v) => v.includes(`UID:${id}@`))!;
		expect(block).toContain('STATUS:CANCELLED');
	});

	test('paper contributions: organisers only, no author, shown with the event on the topic map', async () => {
		const moderator = await person(demo, 'moderator');
		const id = await createEvent(ctx(demo, moderator), input());
		const paper = paperSchema.parse({
			topicField: 'regionale-produkte',
			title: 'Hofladen mit Kühlschrank rund um die Uhr',
			body: 'Auf der Karte notiert.',
			category: 'herausforderungen',
			targetGroups: ['senioren'],
			municipality: 'lindenfels',
			onBehalfOf: 'Frau K.'
		});
		await expect(
			enterPaperContribution(ctx(demo, await person(demo)), id, paper)
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			enterPaperContribution(ctx(other, await person(other, 'moderator')), id, paper)
		).rejects.toMatchObject({ code: 'not_found' });
		const contributionId = await enterPaperContribution(ctx(demo, moderator), id, paper);
		const row = await t.db
			.selectFrom('contribution')
			.select(['author_id', 'entered_by', 'event_id', 'on_behalf_of'])
			.where('id', '=', contributionId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			author_id: null,
			entered_by: moderator.id,
			event_id: id,
			on_behalf_of: 'Frau K.'
		});
		const audited = await t.db
			.selectFrom('audit_entry')
			.select('actor_id')
			.where('action', '=', 'contribution.paper_entered')
			.where('target_id', '=', contributionId)
			.executeTakeFirstOrThrow();
		expect(audited.actor_id).toBe(moderator.id);
		const pctx = { db: t.db, region: demo, actor: { regionId: demo.id, person: null } };
		const shown = await getContribution({ ...pctx, meta: { ip: '', lang: 'de' } }, contributionId);
		expect(shown.paper).toEqual({
			eventId: id,
			eventTitle: 'Workshop Regionale Produkte',
			onBehalfOf: 'Frau K.'
		});
		const board = await getBoard(
			{ ...pctx, meta: { ip: '', lang: 'de' } },
			'regionale-produkte',
			boardQuerySchema.parse({})
		);
		expect(board.items.find((i) => i.id === contributionId)?.paper).toEqual({
			eventId: id,
			eventTitle: 'Workshop Regionale Produkte'
		});
		// organisers see them on the event page at once, everybody after the event
		expect((await getEvent(ctx(demo, moderator), id)).paper).toHaveLength(1);
		expect((await getEvent(ctx(demo, null), id)).paper).toHaveLength(0);

		// minutes link contributions of the region; unknown ones are refused
		const withLinks = (linked: string) =>
			eventSchema.parse({ ...rawInput, minutes: '## Ergebnis', linked });
		await expect(
			updateEvent(ctx(demo, moderator), id, withLinks(`https://x/beitraege/${id}`))
		).rejects.toMatchObject({ messageKey: 'event.linked.invalid' });
		await updateEvent(
			ctx(demo, moderator),
			id,
			withLinks(`https://heimatleben.example/beitraege/${contributionId}\n${contributionId}`)
		);
		await t.db
			.updateTable('event')
			.set({ starts_at: new Date(Date.now() - 7200_000), ends_at: new Date(Date.now() - 60_000) })
			.where('id', '=', id)
			.execute();
		const after = await getEvent(ctx(demo, null), id);
		expect(after.linked.map((l) => l.id)).toEqual([contributionId]);
		expect(after.minutesHtml).toContain('Ergebnis');
		expect(after.paper).toHaveLength(1);
	});
});
