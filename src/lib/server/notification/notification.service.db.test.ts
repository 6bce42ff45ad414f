import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import type { Database, PersonRole } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import {
	createContribution,
	setSupport,
	type ParticipationContext
} from '../participation/contribution.service.ts';
import { addComment, replyToComment } from '../participation/discussion.service.ts';
import { hideItem, restoreItem } from '../participation/moderation.service.ts';
import { exportData } from '../account/account.service.ts';
import { follow, notifyFollowers } from './notify.ts';
import { runDigest } from './digest.ts';
import {
	followContribution,
	getNotificationsPage,
	markAllRead,
	openNotification,
	setDigest,
	unfollowItem,
	unreadCount,
	type NotificationContext
} from './notification.service.ts';
import { getContributionExtras, saveOfficialAnswer } from './official-answer.service.ts';

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

const person = (region: RegionContext = demo, role: PersonRole = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function pctx(region: RegionContext, who: SessionPerson | null): ParticipationContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { ip: '', lang: 'de' }
	};
}
function nctx(
	region: RegionContext,
	who: SessionPerson | null
): NotificationContext & {
	meta: { ip: string };
} {
	return { db: t.db, region, actor: { regionId: region.id, person: who }, meta: { ip: '' } };
}

async function contribution(author: SessionPerson, region = demo) {
	return createContribution(pctx(region, author), 'regionale-produkte', {
		title: `Wochenmarkt in Lindenfels ${author.id.slice(0, 8)}`,
		body: 'Ein Markt mit Erzeugern aus dem Odenwald.',
		category: 'nutzerbeduerfnisse',
		targetGroups: [],
		municipality: undefined,
		organisation: undefined
	});
}

async function code(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (caught) {
		if (caught instanceof AppError) return caught.code;
		throw caught;
	}
	return 'ok';
}

async function followers(contributionId: string) {
	const rows = await t.db
		.selectFrom('follow')
		.select('person_id')
		.where('target_type', '=', 'contribution')
		.where('target_id', '=', contributionId)
		.execute();
	return rows.map((r) => r.person_id).sort();
}

async function notificationsOf(personId: string) {
	return t.db
		.selectFrom('notification')
		.selectAll()
		.where('person_id', '=', personId)
		.orderBy('created_at')
		.execute();
}

describe('follows', () => {
	test('authors, commenters and supporters follow the contribution automatically', async () => {
		const author = await person();
		const commenter = await person();
		const supporter = await person();
		const id = await contribution(author);
		expect(await followers(id)).toEqual([author.id]);
		await addComment(pctx(demo, commenter), id, { body: 'Gute Idee!' });
		await setSupport(pctx(demo, supporter), id, true);
		// withdrawing the support keeps the follow; supporting twice adds nothing
		await setSupport(pctx(demo, supporter), id, false);
		await setSupport(pctx(demo, supporter), id, true);
		expect(await followers(id)).toEqual([author.id, commenter.id, supporter.id].sort());
	});

	test('follow and unfollow by hand; many clicks at once make one row', async () => {
		const author = await person();
		const reader = await person();
		const id = await contribution(author);
		await Promise.all(Array.from({ length: 20 }, () => followContribution(nctx(demo, reader), id)));
		expect(await followers(id)).toEqual([author.id, reader.id].sort());
		await unfollowItem(nctx(demo, reader), { targetType: 'contribution', target: id });
		expect(await followers(id)).toEqual([author.id]);
		expect(await code(followContribution(nctx(demo, null), id))).toBe('unauthenticated');
		// a contribution of another region is not found
		const foreign = await contribution(await person(other), other);
		expect(await code(followContribution(nctx(demo, reader), foreign))).toBe('not_found');
		expect(await code(followContribution(nctx(demo, reader), 'no-uuid'))).toBe('not_found');
	});

	test('the database refuses an unknown target type and a person of another region', async () => {
		const a = await person();
		await expect(
			sql`insert into follow (region_id, person_id, target_type, target_id)
				values (${demo.id}, ${a.id}, 'pizza', gen_random_uuid())`.execute(t.db)
		).rejects.toThrow(/check/);
		await expect(follow(t.db, other.id, a.id, 'use_case', crypto.randomUUID())).rejects.toThrow(
			/foreign key/
		);
	});
});

describe('notifyFollowers', () => {
	test('one notification per follower and extra person, never the actor, in one statement', async () => {
		const author = await person();
		const f1 = await person();
		const f2 = await person();
		const actor = await person();
		const foreign = await person(other);
		const target = crypto.randomUUID();
		for (const p of [f1, f2, actor]) await follow(t.db, demo.id, p.id, 'use_case', target);
		let statements = 0;
		const counted = new Kysely<Database>({
			dialect: new PostgresDialect({ pool: testPool(t.url, 1) }),
			log: (event) => {
				if (event.level === 'query') statements++;
			}
		});
		try {
			const count = await notifyFollowers(counted, {
				regionId: demo.id,
				targetType: 'use_case',
				targetId: target,
				kind: 'use_case_status',
				title: 'Dorfladen',
				url: '/anwendungsfaelle/x',
				actorId: actor.id,
				// f1 twice (follower and extra), the actor and a person of another region are not told
				alsoNotify: [author.id, f1.id, actor.id, foreign.id]
			});
			expect(count).toBe(3);
			expect(statements).toBe(1);
		} finally {
			await counted.destroy();
		}
		for (const p of [author, f1, f2]) {
			const rows = await notificationsOf(p.id);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				kind: 'use_case_status',
				target_id: target,
				actor_id: actor.id,
				read_at: null,
				emailed_at: null
			});
		}
		expect(await notificationsOf(actor.id)).toHaveLength(0);
		expect(await notificationsOf(foreign.id)).toHaveLength(0);
	});

	test('a comment tells the followers; a reply tells the comment author once, as a reply', async () => {
		const author = await person();
		const first = await person();
		const second = await person();
		const id = await contribution(author);
		const comment = await addComment(pctx(demo, first), id, { body: 'Dienstags wäre gut.' });
		expect((await notificationsOf(author.id)).map((n) => n.kind)).toEqual(['comment']);
		expect(await notificationsOf(first.id)).toHaveLength(0);
		await replyToComment(pctx(demo, second), id, { parent: comment, body: 'Oder freitags.' });
		expect((await notificationsOf(author.id)).map((n) => n.kind)).toEqual(['comment', 'comment']);
		const told = await notificationsOf(first.id);
		expect(told.map((n) => n.kind)).toEqual(['reply']);
		expect(told[0]!.url).toMatch(new RegExp(`^/beitraege/${id}#kommentar-`));
		expect(told[0]!.title).toContain('Wochenmarkt in Lindenfels');
		expect(await notificationsOf(second.id)).toHaveLength(0);
	});

	test('hiding and restoring by the moderation tells only the author', async () => {
		const author = await person();
		const follower = await person();
		const moderator = await person(demo, 'moderator');
		const id = await contribution(author);
		await followContribution(nctx(demo, follower), id);
		await hideItem(pctx(demo, moderator), {
			targetType: 'contribution',
			target: id,
			note: 'Enthält eine Telefonnummer.'
		});
		await restoreItem(pctx(demo, moderator), { targetType: 'contribution', target: id });
		expect((await notificationsOf(author.id)).map((n) => n.kind)).toEqual([
			'contribution_hidden',
			'contribution_restored'
		]);
		expect(await notificationsOf(follower.id)).toHaveLength(0);
	});
});

describe('the notifications page', () => {
	test('newest first, unread count, open one, mark all read; only one’s own', async () => {
		const author = await person();
		const id = await contribution(author);
		for (let i = 0; i < 3; i++) {
			await addComment(pctx(demo, await person()), id, { body: `Kommentar ${i}` });
		}
		expect(await unreadCount(t.db, demo.id, author.id)).toBe(3);
		// another region never counts
		expect(await unreadCount(t.db, other.id, author.id)).toBe(0);
		const page = await getNotificationsPage(nctx(demo, author));
		expect(page.items).toHaveLength(3);
		expect(page.unread).toBe(3);
		expect(page.digest).toBe('daily');
		expect(page.follows.map((f) => f.targetId)).toEqual([id]);
		const times = page.items.map((i) => i.createdAt);
		expect([...times].sort().reverse()).toEqual(times);

		const stranger = await person();
		expect(await code(openNotification(nctx(demo, stranger), page.items[0]!.id))).toBe('not_found');
		expect(await openNotification(nctx(demo, author), page.items[0]!.id)).toMatch(/^\/beitraege\//);
		expect(await unreadCount(t.db, demo.id, author.id)).toBe(2);
		expect(await markAllRead(nctx(demo, stranger))).toBe(0);
		expect(await markAllRead(nctx(demo, author))).toBe(2);
		expect(await unreadCount(t.db, demo.id, author.id)).toBe(0);
		expect(await code(getNotificationsPage(nctx(demo, null)))).toBe('unauthenticated');
	});

	test('the account export has follows, notifications and the digest; deletion removes them', async () => {
		const author = await person();
		const id = await contribution(author);
		await addComment(pctx(demo, await person()), id, { body: 'Sehr gut.' });
		await setDigest(nctx(demo, author), { frequency: 'weekly' });
		const exported = await exportData(
			{
				db: t.db,
				region: { id: demo.id, name: demo.name },
				smtp: false,
				meta: { ip: '', userAgent: '', origin: 'http://localhost', lang: 'de' }
			},
			author
		);
		expect(exported.follows).toHaveLength(1);
		expect(exported.notifications).toHaveLength(1);
		expect(exported.notificationDigest).toMatchObject({ digest_frequency: 'weekly' });
		await t.db.deleteFrom('person').where('id', '=', author.id).execute();
		for (const table of ['follow', 'notification', 'notification_setting'] as const) {
			const rows = await t.db
				.selectFrom(table)
				.select('person_id')
				.where('person_id', '=', author.id)
				.execute();
			expect(rows).toHaveLength(0);
		}
	});
});

describe('the e-mail digest', () => {
	const origin = () => 'https://beteiligung.example';
	const options = { smtp: false, origin };

	async function mailsTo(email: string) {
		return t.db.selectFrom('mail').selectAll().where('to_address', '=', email).execute();
	}

	async function commentedOn(author: SessionPerson, times: number, region = demo) {
		const id = await contribution(author, region);
		for (let i = 0; i < times; i++) {
			await addComment(pctx(region, await person(region)), id, { body: `Beitrag ${i}` });
		}
		return id;
	}

	test('one mail per person with all new items, marked as mailed; nothing twice', async () => {
		const a = await person();
		const b = await person();
		await commentedOn(a, 3);
		await commentedOn(b, 1);
		const later = new Date(Date.now() + 60_000);
		const result = await runDigest(t.db, later, options);
		expect(result.ran).toBe(true);
		const toA = await mailsTo(a.email);
		expect(toA).toHaveLength(1);
		expect(toA[0]!.subject).toContain('3 neue Benachrichtigungen');
		expect(toA[0]!.body.match(/Neuer Kommentar zu/g)).toHaveLength(3);
		expect(toA[0]!.body).toContain('https://beteiligung.example/konto/benachrichtigungen');
		expect(toA[0]!.region_id).toBe(demo.id);
		expect(toA[0]!.status).toBe('held');
		expect(await mailsTo(b.email)).toHaveLength(1);
		for (const n of await notificationsOf(a.id)) expect(n.emailed_at).not.toBeNull();
		// the next run (even a day later) has nothing new to say
		await runDigest(t.db, new Date(later.getTime() + 25 * 3600_000), options);
		expect(await mailsTo(a.email)).toHaveLength(1);
	});

	test('daily waits a day, weekly a week, off never; read ones are not mailed', async () => {
		const daily = await person();
		const weekly = await person();
		const off = await person();
		const reader = await person();
		await setDigest(nctx(demo, weekly), { frequency: 'weekly' });
		await setDigest(nctx(demo, off), { frequency: 'off' });
		const now = Date.now() + 60_000;
		const at = (hours: number) => new Date(now + hours * 3600_000);
		for (const p of [daily, weekly, off, reader]) await commentedOn(p, 1);
		await markAllRead(nctx(demo, reader));
		await runDigest(t.db, at(0), options);
		expect(await mailsTo(daily.email)).toHaveLength(1);
		expect(await mailsTo(weekly.email)).toHaveLength(1);
		expect(await mailsTo(off.email)).toHaveLength(0);
		expect(await mailsTo(reader.email)).toHaveLength(0);

		// new notifications an hour later: both wait
		await sql`update notification set created_at = ${at(1)} where person_id in (${daily.id}, ${weekly.id})`.execute(
			t.db
		);
		await sql`update notification set emailed_at = null where person_id in (${daily.id}, ${weekly.id})`.execute(
			t.db
		);
		await runDigest(t.db, at(2), options);
		expect(await mailsTo(daily.email)).toHaveLength(1);
		expect(await mailsTo(weekly.email)).toHaveLength(1);
		await runDigest(t.db, at(24), options);
		expect(await mailsTo(daily.email)).toHaveLength(2);
		expect(await mailsTo(weekly.email)).toHaveLength(1);
		await runDigest(t.db, at(24 * 7), options);
		expect(await mailsTo(weekly.email)).toHaveLength(2);
		expect(await mailsTo(off.email)).toHaveLength(0);
		const english = (await mailsTo(weekly.email))[1]!;
		expect(english.body).toContain('wöchentlich');
	});

	test('in English for English speakers', async () => {
		const a = await person();
		await t.db.updateTable('person').set({ language: 'en' }).where('id', '=', a.id).execute();
		await commentedOn(a, 1);
		await runDigest(t.db, new Date(Date.now() + 60_000), options);
		const [mail] = await mailsTo(a.email);
		expect(mail!.subject).toContain('one new notification');
		expect(mail!.body).toContain('New comment on');
		expect(mail!.body).toContain('switch it off');
	});

	test('runs once under concurrent runners; each region’s mail in its region', async () => {
		const people = await Promise.all(Array.from({ length: 6 }, () => person()));
		const foreign = await person(other);
		for (const p of people) await commentedOn(p, 2);
		await commentedOn(foreign, 1, other);
		const now = new Date(Date.now() + 60_000);
		const results = await Promise.all(
			Array.from({ length: 4 }, () => runDigest(t.db, now, options))
		);
		expect(results.filter((r) => r.ran && r.mails > 0)).toHaveLength(1);
		for (const p of people) expect(await mailsTo(p.email)).toHaveLength(1);
		const [foreignMail] = await mailsTo(foreign.email);
		expect(foreignMail!.region_id).toBe(other.id);
	});

	test('an unverified address gets no digest', async () => {
		const a = await person(demo, 'citizen', false);
		const id = await contribution(await person());
		await notifyFollowers(t.db, {
			regionId: demo.id,
			targetType: 'contribution',
			targetId: id,
			kind: 'comment',
			title: 'x',
			url: `/beitraege/${id}`,
			actorId: null,
			alsoNotify: [a.id]
		});
		await runDigest(t.db, new Date(Date.now() + 60_000), options);
		expect(await mailsTo(a.email)).toHaveLength(0);
	});
});

describe('official answers', () => {
	async function organisation(sector: 'verwaltung' | 'politik' | 'wirtschaft', member?: string) {
		const municipality = await t.db
			.selectFrom('municipality')
			.select('id')
			.where('region_id', '=', demo.id)
			.executeTakeFirstOrThrow();
		const slug = `org-${crypto.randomUUID().slice(0, 8)}`;
		const org = await t.db
			.insertInto('organisation')
			.values({
				region_id: demo.id,
				slug,
				name: `Gemeinde ${slug}`,
				kind: 'municipality',
				sector,
				municipality_id: municipality.id,
				lat: 49.6,
				lon: 8.7,
				verified_at: null,
				verified_by: null,
				created_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (member) {
			await t.db
				.insertInto('organisation_member')
				.values({ region_id: demo.id, organisation_id: org.id, person_id: member, role: 'member' })
				.execute();
		}
		return slug;
	}

	test('only moderators and region admins of the region answer, for their own administration', async () => {
		const author = await person();
		const id = await contribution(author);
		const citizen = await person();
		const moderator = await person(demo, 'moderator');
		const admin = await person(demo, 'region_admin');
		const foreignModerator = await person(other, 'moderator');
		const answer = { body: 'Wir prüfen einen Standort am Rathaus.', organisation: undefined };
		expect(await code(saveOfficialAnswer(nctx(demo, null), id, answer))).toBe('unauthenticated');
		expect(await code(saveOfficialAnswer(nctx(demo, citizen), id, answer))).toBe('forbidden');
		expect(await code(saveOfficialAnswer(nctx(other, foreignModerator), id, answer))).toBe(
			'not_found'
		);
		const business = await organisation('wirtschaft', moderator.id);
		const notMine = await organisation('verwaltung');
		const mine = await organisation('verwaltung', moderator.id);
		for (const slug of [business, notMine]) {
			expect(
				await code(saveOfficialAnswer(nctx(demo, moderator), id, { ...answer, organisation: slug }))
			).toBe('invalid');
		}
		expect(await t.db.selectFrom('official_answer').selectAll().execute()).toHaveLength(0);
		expect(
			await saveOfficialAnswer(nctx(demo, moderator), id, { ...answer, organisation: mine })
		).toEqual({ created: true });
		expect(
			await saveOfficialAnswer(nctx(demo, admin), id, {
				body: '**Update:** genehmigt.',
				organisation: undefined
			})
		).toEqual({ created: false });
		const extras = await getContributionExtras(nctx(demo, citizen), id);
		expect(extras.answer?.bodyHtml).toContain('<strong>Update:</strong>');
		expect(extras.answer?.updatedAt).not.toBeNull();
		expect(extras.answerForm).toBeNull();
		const audits = await t.db
			.selectFrom('audit_entry')
			.select('action')
			.where('target_id', '=', id)
			.where('action', 'like', 'official_answer.%')
			.orderBy('id')
			.execute();
		expect(audits.map((a) => a.action)).toEqual([
			'official_answer.given',
			'official_answer.updated'
		]);
	});

	test('one per contribution even when given at once; followers and author told once', async () => {
		const author = await person();
		const id = await contribution(author);
		const follower = await person();
		await followContribution(nctx(demo, follower), id);
		const moderators = await Promise.all(
			Array.from({ length: 8 }, () => person(demo, 'moderator'))
		);
		const results = await Promise.all(
			moderators.map((m, i) =>
				saveOfficialAnswer(nctx(demo, m), id, { body: `Antwort ${i}`, organisation: undefined })
			)
		);
		expect(results.filter((r) => r.created)).toHaveLength(1);
		const rows = await t.db
			.selectFrom('official_answer')
			.select('id')
			.where('contribution_id', '=', id)
			.execute();
		expect(rows).toHaveLength(1);
		// the first one is the answer, each later one (a different text) an edit of it
		for (const who of [author, follower]) {
			const kinds = (await notificationsOf(who.id)).map((n) => n.kind);
			expect(kinds.filter((k) => k === 'official_answer')).toHaveLength(1);
			expect(kinds.filter((k) => k === 'official_answer_updated')).toHaveLength(7);
			// (no order asserted: created_at is each transaction's start, and these waited on a lock)
		}
	});

	test('an edit tells the followers and the author again; saving it unchanged tells nobody', async () => {
		const author = await person();
		const id = await contribution(author);
		const follower = await person();
		await followContribution(nctx(demo, follower), id);
		const moderator = await person(demo, 'moderator');
		const colleague = await person(demo, 'moderator');
		await followContribution(nctx(demo, colleague), id);
		const first = { body: 'Wir prüfen einen Standort.', organisation: undefined };
		await saveOfficialAnswer(nctx(demo, moderator), id, first);
		await saveOfficialAnswer(nctx(demo, colleague), id, first);
		for (const who of [author, follower]) {
			expect((await notificationsOf(who.id)).map((n) => n.kind)).toEqual(['official_answer']);
		}
		await saveOfficialAnswer(nctx(demo, colleague), id, {
			body: 'Der Standort am Rathaus ist genehmigt.',
			organisation: undefined
		});
		for (const who of [author, follower]) {
			const told = await notificationsOf(who.id);
			expect(told.map((n) => n.kind)).toEqual(['official_answer', 'official_answer_updated']);
			expect(told[1]).toMatchObject({
				target_type: 'contribution',
				target_id: id,
				url: `/beitraege/${id}#offizielle-antwort`,
				actor_id: colleague.id
			});
		}
		// the one who edited is not told of their own edit; the first answerer (not following) neither
		expect((await notificationsOf(colleague.id)).map((n) => n.kind)).toEqual(['official_answer']);
		expect(await notificationsOf(moderator.id)).toEqual([]);
	});

	test('a hidden contribution cannot be answered; a malformed markup is escaped', async () => {
		const author = await person();
		const id = await contribution(author);
		const moderator = await person(demo, 'moderator');
		await saveOfficialAnswer(nctx(demo, moderator), id, {
			body: '<script>alert(1)</script> Danke!',
			organisation: undefined
		});
		const extras = await getContributionExtras(nctx(demo, moderator), id);
		expect(extras.answer?.bodyHtml).not.toContain('<script>');
		expect(extras.answerForm?.body).toContain('Danke!');
		await hideItem(pctx(demo, moderator), { targetType: 'contribution', target: id, note: 'x' });
		expect(
			await code(
				saveOfficialAnswer(nctx(demo, moderator), id, {
					body: 'Noch etwas.',
					organisation: undefined
				})
			)
		).toBe('conflict');
	});
});
