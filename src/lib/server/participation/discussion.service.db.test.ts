import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import type { PersonRole } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import {
	createContribution,
	getContribution,
	type ParticipationContext
} from './contribution.service.ts';
import {
	addComment,
	deleteComment,
	editComment,
	flagItem,
	getDiscussion,
	getHiddenContributionNotice,
	replyToComment
} from './discussion.service.ts';
import { dismissFlags, getModerationQueue, hideItem, restoreItem } from './moderation.service.ts';

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

const person = (region: RegionContext, role: PersonRole = 'citizen', verified = true) =>
	createPerson(t.db, region, { role, verified });

function ctx(region: RegionContext, who: SessionPerson | null): ParticipationContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { ip: '', lang: 'de' }
	};
}

async function contribution(author: SessionPerson) {
	return createContribution(ctx(demo, author), 'regionale-produkte', {
		title: `Dorfladen mit Kühltheke ${author.id.slice(0, 8)}`,
		body: 'Frische Milch im Ort.',
		category: 'nutzerbeduerfnisse',
		targetGroups: [],
		municipality: undefined,
		organisation: undefined
	});
}

async function storedCount(id: string) {
	const row = await t.db
		.selectFrom('contribution')
		.select('comment_count')
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	const real = await t.db
		.selectFrom('comment')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('contribution_id', '=', id)
		.where('status', '=', 'published')
		.executeTakeFirstOrThrow();
	expect(row.comment_count).toBe(real.n);
	return row.comment_count;
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

async function auditActions(targetId: string) {
	const rows = await t.db
		.selectFrom('audit_entry')
		.select('action')
		.where('target_id', '=', targetId)
		.orderBy('created_at')
		.execute();
	return rows.map((r) => r.action);
}

describe('comments', () => {
	test('comment and reply; a reply to a reply attaches to the top-level comment', async () => {
		const erika = await person(demo);
		const max = await person(demo);
		const id = await contribution(erika);
		const top = await addComment(ctx(demo, erika), id, { body: 'Gute Idee.\nUnd günstig.' });
		const reply = await replyToComment(ctx(demo, max), id, {
			parent: top,
			body: 'Finde ich auch.'
		});
		const deeper = await replyToComment(ctx(demo, erika), id, { parent: reply, body: 'Danke!' });
		const discussion = await getDiscussion(ctx(demo, null), id);
		expect(discussion.total).toBe(1);
		expect(discussion.comments[0]).toMatchObject({
			id: top,
			body: 'Gute Idee.\nUnd günstig.',
			author: erika.displayName
		});
		expect(discussion.comments[0]!.replies.map((r) => r.id)).toEqual([reply, deeper]);
		expect(await storedCount(id)).toBe(3);
		expect((await getContribution(ctx(demo, null), id)).comments).toBe(3);
	});

	test('anonymous and unverified people cannot comment', async () => {
		const erika = await person(demo);
		const id = await contribution(erika);
		expect(await code(addComment(ctx(demo, null), id, { body: 'x' }))).toBe('unauthenticated');
		const unverified = await person(demo, 'citizen', false);
		expect(await code(addComment(ctx(demo, unverified), id, { body: 'x' }))).toBe('forbidden');
		// a person of another region is no one here
		const stranger = await person(other);
		expect(
			await code(
				addComment({ ...ctx(demo, stranger), actor: { regionId: demo.id, person: stranger } }, id, {
					body: 'x'
				})
			)
		).toBe('unauthenticated');
	});

	test('the author edits within 15 minutes, nobody else and not later', async () => {
		const erika = await person(demo);
		const max = await person(demo);
		const id = await contribution(erika);
		const comment = await addComment(ctx(demo, erika), id, { body: 'Erst.' });
		expect(await code(editComment(ctx(demo, max), id, { comment, body: 'Fremd' }))).toBe(
			'forbidden'
		);
		await editComment(ctx(demo, erika), id, { comment, body: 'Korrigiert.' });
		let shown = (await getDiscussion(ctx(demo, erika), id)).comments[0]!;
		expect(shown).toMatchObject({ body: 'Korrigiert.', edited: true, canEdit: true });
		await t.db
			.updateTable('comment')
			.set({ created_at: sql<Date>`now() - interval '16 minutes'` })
			.where('id', '=', comment)
			.execute();
		expect(await code(editComment(ctx(demo, erika), id, { comment, body: 'Zu spät' }))).toBe(
			'forbidden'
		);
		shown = (await getDiscussion(ctx(demo, erika), id)).comments[0]!;
		expect(shown).toMatchObject({ body: 'Korrigiert.', canEdit: false, canDelete: true });
	});

	test('no editing under a contribution the moderation has hidden', async () => {
		const erika = await person(demo);
		const id = await contribution(erika);
		const comment = await addComment(ctx(demo, erika), id, { body: 'Vorher.' });
		await t.db.updateTable('contribution').set({ status: 'hidden' }).where('id', '=', id).execute();
		expect(await code(editComment(ctx(demo, erika), id, { comment, body: 'Nachher' }))).toBe(
			'forbidden'
		);
		const stored = await t.db
			.selectFrom('comment')
			.select('body')
			.where('id', '=', comment)
			.executeTakeFirstOrThrow();
		expect(stored.body).toBe('Vorher.');
	});

	test('delete: a placeholder while it has replies, else removed; the count stays exact', async () => {
		const erika = await person(demo);
		const max = await person(demo);
		const id = await contribution(erika);
		const top = await addComment(ctx(demo, erika), id, { body: 'Oben.' });
		const reply = await replyToComment(ctx(demo, max), id, { parent: top, body: 'Unten.' });
		const lone = await addComment(ctx(demo, max), id, { body: 'Allein.' });
		expect(await code(deleteComment(ctx(demo, max), id, top))).toBe('forbidden');
		await deleteComment(ctx(demo, erika), id, top);
		let discussion = await getDiscussion(ctx(demo, null), id);
		expect(discussion.comments[0]).toMatchObject({
			id: top,
			status: 'deleted',
			body: null,
			author: null
		});
		expect(await storedCount(id)).toBe(2);
		await deleteComment(ctx(demo, max), id, lone);
		await deleteComment(ctx(demo, max), id, reply);
		discussion = await getDiscussion(ctx(demo, null), id);
		// the placeholder went with its last reply
		expect(discussion.comments).toEqual([]);
		expect(await storedCount(id)).toBe(0);
		expect(await auditActions(top)).toEqual(['comment.created', 'comment.deleted']);
	});

	test('comment_count stays exact under concurrent comments and deletes', async () => {
		const erika = await person(demo);
		const id = await contribution(erika);
		const writers = await Promise.all(Array.from({ length: 6 }, () => person(demo)));
		const ids = await Promise.all(
			writers.map((w, i) => addComment(ctx(demo, w), id, { body: `Kommentar ${i}` }))
		);
		expect(await storedCount(id)).toBe(6);
		const outcomes = await Promise.all([
			code(deleteComment(ctx(demo, writers[0]!), id, ids[0]!)),
			// the same deletion twice at once: one wins, the other finds nothing
			code(deleteComment(ctx(demo, writers[1]!), id, ids[1]!)),
			code(deleteComment(ctx(demo, writers[1]!), id, ids[1]!)),
			code(replyToComment(ctx(demo, writers[2]!), id, { parent: ids[2]!, body: 'Antwort' })),
			code(replyToComment(ctx(demo, writers[3]!), id, { parent: ids[2]!, body: 'Antwort' }))
		]);
		expect(outcomes.slice(1, 3).sort()).toEqual(['not_found', 'ok']);
		expect(await storedCount(id)).toBe(6);
	});

	test('30 comments per hour and person', async () => {
		const erika = await person(demo);
		const id = await contribution(erika);
		for (let i = 0; i < 30; i++) await addComment(ctx(demo, erika), id, { body: `Nr. ${i}` });
		expect(await code(addComment(ctx(demo, erika), id, { body: 'eins zu viel' }))).toBe(
			'rate_limited'
		);
		expect(await storedCount(id)).toBe(30);
	});
});

describe('flags and moderation', () => {
	test('a person flags an item once; not their own', async () => {
		const erika = await person(demo);
		const max = await person(demo);
		const id = await contribution(erika);
		const comment = await addComment(ctx(demo, erika), id, { body: 'Kauft bei mir!' });
		const flag = {
			targetType: 'comment' as const,
			target: comment,
			reason: 'spam' as const,
			note: null
		};
		await flagItem(ctx(demo, max), id, flag);
		expect(await code(flagItem(ctx(demo, max), id, { ...flag, reason: 'other' }))).toBe('conflict');
		expect(await code(flagItem(ctx(demo, erika), id, flag))).toBe('forbidden');
		await flagItem(ctx(demo, max), id, { ...flag, targetType: 'contribution', target: id });
		// the database itself refuses a second flag
		await expect(
			t.db
				.insertInto('flag')
				.values({
					region_id: demo.id,
					target_type: 'comment',
					target_id: comment,
					person_id: max.id,
					reason: 'spam'
				})
				.execute()
		).rejects.toThrow(/flag_pk/);
		expect((await getDiscussion(ctx(demo, max), id)).comments[0]).toMatchObject({
			flagged: true,
			canFlag: false
		});
	});

	test('citizens and moderators of another region cannot moderate', async () => {
		const erika = await person(demo);
		const id = await contribution(erika);
		const comment = await addComment(ctx(demo, erika), id, { body: 'Text' });
		const target = { targetType: 'comment' as const, target: comment };
		expect(await code(getModerationQueue(ctx(demo, erika), { ansicht: 'offen', seite: 1 }))).toBe(
			'forbidden'
		);
		expect(await code(hideItem(ctx(demo, erika), { ...target, note: 'Nein' }))).toBe('forbidden');
		expect(await code(dismissFlags(ctx(demo, null), target))).toBe('unauthenticated');
		const foreign = await person(other, 'moderator');
		// signed in elsewhere: no one here
		expect(
			await code(
				hideItem(
					{ ...ctx(demo, foreign), actor: { regionId: demo.id, person: foreign } },
					{ ...target, note: 'Weg damit' }
				)
			)
		).toBe('unauthenticated');
		// a moderator of the other region does not find this region's comment
		expect(await code(hideItem(ctx(other, foreign), { ...target, note: 'Weg damit' }))).toBe(
			'not_found'
		);
		expect((await getDiscussion(ctx(demo, null), id)).comments[0]!.status).toBe('published');
	});

	test('hide, restore and dismiss, with audit entries; hidden text only for moderators', async () => {
		const erika = await person(demo);
		const max = await person(demo);
		const mod = await person(demo, 'moderator');
		const id = await contribution(erika);
		const comment = await addComment(ctx(demo, erika), id, {
			body: 'Herr X wohnt in der Hauptstr. 3'
		});
		await flagItem(ctx(demo, max), id, {
			targetType: 'comment',
			target: comment,
			reason: 'personal_data',
			note: 'Adresse'
		});
		const queue = await getModerationQueue(ctx(demo, mod), { ansicht: 'offen', seite: 1 });
		expect(queue.items.find((i) => i.targetId === comment)).toMatchObject({
			flags: 1,
			reasons: [{ reason: 'personal_data', count: 1 }],
			notes: ['Adresse'],
			contributionId: id
		});

		await hideItem(ctx(demo, mod), {
			targetType: 'comment',
			target: comment,
			note: 'Persönliche Daten entfernt'
		});
		expect(await storedCount(id)).toBe(0);
		const forMax = (await getDiscussion(ctx(demo, max), id)).comments[0]!;
		expect(forMax).toMatchObject({
			status: 'hidden',
			body: null,
			moderationNote: 'Persönliche Daten entfernt'
		});
		expect(JSON.stringify(await getDiscussion(ctx(demo, null), id))).not.toContain('Hauptstr');
		const forMod = (await getDiscussion(ctx(demo, mod), id)).comments[0]!;
		expect(forMod).toMatchObject({
			body: 'Herr X wohnt in der Hauptstr. 3',
			moderationNote: 'Persönliche Daten entfernt'
		});
		// hiding resolves the flags: the item leaves the queue and shows under "hidden"
		expect(
			(await getModerationQueue(ctx(demo, mod), { ansicht: 'offen', seite: 1 })).items.map(
				(i) => i.targetId
			)
		).not.toContain(comment);
		expect(
			(await getModerationQueue(ctx(demo, mod), { ansicht: 'ausgeblendet', seite: 1 })).items.map(
				(i) => i.targetId
			)
		).toContain(comment);

		await restoreItem(ctx(demo, mod), { targetType: 'comment', target: comment });
		expect(await storedCount(id)).toBe(1);
		expect((await getDiscussion(ctx(demo, null), id)).comments[0]!.body).toContain('Hauptstr');

		const other2 = await person(demo);
		await flagItem(ctx(demo, other2), id, {
			targetType: 'comment',
			target: comment,
			reason: 'other',
			note: null
		});
		await dismissFlags(ctx(demo, mod), { targetType: 'comment', target: comment });
		expect(
			await code(dismissFlags(ctx(demo, mod), { targetType: 'comment', target: comment }))
		).toBe('not_found');
		expect(await auditActions(comment)).toEqual([
			'comment.created',
			'comment.flagged',
			'moderation.hidden',
			'moderation.restored',
			'comment.flagged',
			'moderation.flags_dismissed'
		]);
		const hidden = await t.db
			.selectFrom('audit_entry')
			.select(['actor_id', 'details'])
			.where('target_id', '=', comment)
			.where('action', '=', 'moderation.hidden')
			.executeTakeFirstOrThrow();
		expect(hidden.actor_id).toBe(mod.id);
		expect(JSON.stringify(hidden.details)).toContain('Persönliche Daten entfernt');
	});

	test('a hidden contribution shows the note to everybody but moderators; no new comments', async () => {
		const erika = await person(demo);
		const mod = await person(demo, 'moderator');
		const id = await contribution(erika);
		await hideItem(ctx(demo, mod), {
			targetType: 'contribution',
			target: id,
			note: 'Doppelt eingestellt'
		});
		expect(await code(getContribution(ctx(demo, erika), id))).toBe('not_found');
		expect(await getHiddenContributionNotice(ctx(demo, null), id)).toMatchObject({
			moderationNote: 'Doppelt eingestellt'
		});
		expect((await getDiscussion(ctx(demo, mod), id)).contribution.moderationNote).toBe(
			'Doppelt eingestellt'
		);
		expect(await code(addComment(ctx(demo, erika), id, { body: 'Noch was' }))).toBe('conflict');
		await restoreItem(ctx(demo, mod), { targetType: 'contribution', target: id });
		expect(await code(getHiddenContributionNotice(ctx(demo, null), id))).toBe('not_found');
		expect(await auditActions(id)).toEqual([
			'contribution.created',
			'moderation.hidden',
			'moderation.restored'
		]);
	});
});
