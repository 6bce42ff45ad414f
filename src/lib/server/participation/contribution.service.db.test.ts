import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import {
	createContribution,
	getBoard,
	getContribution,
	setSupport,
	similarContributions,
	type ParticipationContext
} from './contribution.service.ts';
import { boardQuerySchema } from './contribution.schema.ts';
import { deleteAccount, exportData } from '../account/account.service.ts';
import { hashPassword } from '../account/password.ts';
import { addComment } from './discussion.service.ts';

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

const person = (region: RegionContext, verified = true) => createPerson(t.db, region, { verified });

function ctx(region: RegionContext, who: SessionPerson | null): ParticipationContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { ip: '', lang: 'de' }
	};
}

const input = {
	title: 'Wochenmarkt am Samstag auch in Fürth',
	body: 'Viele **Berufstätige** können nur samstags einkaufen. <script>alert(1)</script>',
	category: 'nutzerbeduerfnisse',
	targetGroups: ['familien', 'senioren'],
	municipality: 'fuerth',
	organisation: undefined
};

describe('topic map contributions', () => {
	test('a verified person contributes; the board shows it with category, groups and place', async () => {
		const erika = await person(demo);
		const id = await createContribution(ctx(demo, erika), 'regionale-produkte', input);
		const shown = await getContribution(ctx(demo, null), id);
		expect(shown).toMatchObject({
			title: input.title,
			category: 'nutzerbeduerfnisse',
			targetGroups: ['familien', 'senioren'],
			municipality: 'Fürth',
			author: erika.displayName,
			supports: 0
		});
		// Markdown rendered, raw HTML escaped
		expect(shown.bodyHtml).toContain('<strong>Berufstätige</strong>');
		expect(shown.bodyHtml).toContain('&lt;script&gt;');
		const board = await getBoard(
			ctx(demo, null),
			'regionale-produkte',
			boardQuerySchema.parse({ zielgruppe: 'senioren' })
		);
		expect(board.items.map((i) => i.id)).toContain(id);
		const none = await getBoard(
			ctx(demo, null),
			'regionale-produkte',
			boardQuerySchema.parse({ zielgruppe: 'jugend' })
		);
		expect(none.items.map((i) => i.id)).not.toContain(id);
		expect(board.categoryCounts.nutzerbeduerfnisse).toBeGreaterThan(0);
	});

	test('similar contributions are found from German word forms', async () => {
		const similar = await similarContributions(
			ctx(demo, await person(demo)),
			'regionale-produkte',
			'Wochenmärkte samstags'
		);
		expect(similar.map((s) => s.title)).toContain(input.title);
		// only for people who may write: it is a step of writing
		await expect(
			similarContributions(ctx(demo, null), 'regionale-produkte', 'Wochenmärkte')
		).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	test('anonymous and unverified people cannot contribute; bad references are refused', async () => {
		await expect(
			createContribution(ctx(demo, null), 'regionale-produkte', input)
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(
			createContribution(ctx(demo, await person(demo, false)), 'regionale-produkte', input)
		).rejects.toMatchObject({ code: 'forbidden' });
		const someone = await person(demo);
		await expect(
			createContribution(ctx(demo, someone), 'regionale-produkte', {
				...input,
				category: 'gibt-es-nicht'
			})
		).rejects.toMatchObject({ fields: { category: 'topicmap.category.required' } });
		await expect(
			createContribution(ctx(demo, someone), 'regionale-produkte', {
				...input,
				organisation: 'fremde-org'
			})
		).rejects.toMatchObject({ fields: { organisation: 'topicmap.organisation.notMember' } });
		await expect(createContribution(ctx(demo, someone), 'mobilitaet', input)).rejects.toMatchObject(
			{ code: 'not_found' }
		);
	});

	test('nothing crosses regions', async () => {
		const erika = await person(demo);
		const id = await createContribution(ctx(demo, erika), 'wohnen-arbeiten', {
			...input,
			title: 'Coworking im Bahnhof'
		});
		await expect(getContribution(ctx(other, null), id)).rejects.toMatchObject({
			code: 'not_found'
		});
		const marburger = await person(other);
		await expect(setSupport(ctx(other, marburger), id, true)).rejects.toMatchObject({
			code: 'not_found'
		});
		// a person of one region acting with another region's context is not signed in there
		await expect(
			createContribution(ctx(other, erika), 'wohnen-arbeiten', input)
		).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	test('supports: one per person, never lost or doubled under concurrency, and withdrawable', async () => {
		const author = await person(demo);
		const id = await createContribution(ctx(demo, author), 'gesundheit-pflege', {
			...input,
			title: 'Tele-Sprechstunde im Dorfgemeinschaftshaus'
		});
		const people = await Promise.all(Array.from({ length: 40 }, () => person(demo)));
		// everybody clicks twice at once
		await Promise.all(
			people.flatMap((p) => [
				setSupport(ctx(demo, p), id, true),
				setSupport(ctx(demo, p), id, true)
			])
		);
		expect((await getContribution(ctx(demo, null), id)).supports).toBe(40);
		await Promise.all(people.slice(0, 10).map((p) => setSupport(ctx(demo, p), id, false)));
		expect((await getContribution(ctx(demo, null), id)).supports).toBe(30);
		expect((await getContribution(ctx(demo, people[20]!), id)).supported).toBe(true);
		expect((await getContribution(ctx(demo, people[0]!), id)).supported).toBe(false);
		const counted = await t.db
			.selectFrom('contribution_support')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('contribution_id', '=', id)
			.executeTakeFirstOrThrow();
		expect(Number(counted.n)).toBe(30);
	});
});

describe('when an author deletes the account', () => {
	async function author() {
		const p = await person(demo);
		await t.db
			.updateTable('person')
			.set({ password_hash: await hashPassword('Apfelbaum im Odenwald') })
			.where('id', '=', p.id)
			.execute();
		const id = await createContribution(ctx(demo, p), 'freizeit-tourismus', {
			...input,
			title: `Radweg-Karte ${p.id}`
		});
		return { p, id };
	}
	const account = (_p: SessionPerson) => ({
		db: t.db,
		region: { id: demo.id, name: demo.name },
		smtp: false,
		meta: { ip: '', userAgent: '', origin: 'http://localhost', lang: 'de' as const }
	});

	test('the export lists the contributions; "anonymise" keeps them without a name', async () => {
		const { p, id } = await author();
		const exported = await exportData(account(p), p);
		expect(exported.contributions.map((c) => c.id)).toEqual([id]);
		await deleteAccount(account(p), p, {
			currentPassword: 'Apfelbaum im Odenwald',
			contributions: 'anonymise'
		});
		const kept = await getContribution(ctx(demo, null), id);
		expect(kept.author).toBeNull();
		expect(kept.title).toContain('Radweg-Karte');
	});

	test('"remove" deletes them and their search documents, and empties their comments', async () => {
		const { p, id } = await author();
		const reader = await person(demo);
		const readerPost = await createContribution(ctx(demo, reader), 'freizeit-tourismus', {
			...input,
			title: `Wanderkarte ${reader.id}`
		});
		await addComment(ctx(demo, p), readerPost, { body: 'Gute Idee!' });
		await addComment(ctx(demo, reader), readerPost, { body: 'Danke.' });
		expect((await getContribution(ctx(demo, null), readerPost)).comments).toBe(2);
		await deleteAccount(account(p), p, {
			currentPassword: 'Apfelbaum im Odenwald',
			contributions: 'remove'
		});
		await expect(getContribution(ctx(demo, null), id)).rejects.toMatchObject({ code: 'not_found' });
		const documents = await t.db
			.selectFrom('search_document')
			.select('id')
			.where('ref_id', '=', id)
			.execute();
		expect(documents).toEqual([]);
		expect((await getContribution(ctx(demo, null), readerPost)).comments).toBe(1);
		const left = await t.db
			.selectFrom('comment')
			.select(['status', 'body'])
			.where('contribution_id', '=', readerPost)
			.orderBy('created_at')
			.execute();
		expect(left).toEqual([
			{ status: 'deleted', body: '' },
			{ status: 'published', body: 'Danke.' }
		]);
	});
});
