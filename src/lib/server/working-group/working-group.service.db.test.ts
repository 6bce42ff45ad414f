import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisation } from '../../../../test/working-group-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { hashPassword } from '../account/password.ts';
import { deleteAccount } from '../account/account.service.ts';
import {
	addNeed,
	createGroup,
	getGroup,
	joinGroup,
	leaveGroup,
	listGroups,
	pledge,
	removeMember,
	setRole,
	withdrawPledge,
	type WorkingGroupContext
} from './working-group.service.ts';

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

function ctx(region: RegionContext, who: SessionPerson | null): WorkingGroupContext {
	return { db: t.db, region, actor: { regionId: region.id, person: who }, meta: { ip: '' } };
}

const group = {
	name: 'AG Mobilität im Dorf',
	topicField: 'mobilitaet',
	description: 'Wir **organisieren** Mitfahrbänke. <script>alert(1)</script>'
};

async function newGroup() {
	const moderator = await person(demo, 'moderator');
	const slug = await createGroup(ctx(demo, moderator), {
		...group,
		topicField: demo.topicFields[0]!.key
	});
	return { moderator, slug };
}

describe('working groups', () => {
	test('only moderators create groups; the creator leads; slugs are unique; markdown is sanitised', async () => {
		const field = demo.topicFields[0]!.key;
		await expect(
			createGroup(ctx(demo, await person(demo)), { ...group, topicField: field })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			createGroup(ctx(demo, null), { ...group, topicField: field })
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(
			createGroup(ctx(demo, await person(demo, 'moderator')), { ...group, topicField: 'nope' })
		).rejects.toMatchObject({ code: 'invalid' });
		const moderator = await person(demo, 'moderator');
		const first = await createGroup(ctx(demo, moderator), { ...group, topicField: field });
		const second = await createGroup(ctx(demo, moderator), { ...group, topicField: field });
		expect(first).toBe('ag-mobilitaet-im-dorf');
		expect(second).toBe('ag-mobilitaet-im-dorf-2');
		const shown = await getGroup(ctx(demo, null), first);
		expect(shown.leads.map((l) => l.id)).toEqual([moderator.id]);
		expect(shown.descriptionHtml).toContain('<strong>organisieren</strong>');
		expect(shown.descriptionHtml).not.toContain('<script>');
		expect(shown.members).toEqual([]);
		// region isolation
		await expect(getGroup(ctx(other, null), first)).rejects.toMatchObject({ code: 'not_found' });
		expect((await listGroups(ctx(other, null))).map((g) => g.slug)).not.toContain(first);
		expect((await listGroups(ctx(demo, null), field)).map((g) => g.slug)).toContain(first);
	});

	test('people join and leave; leads promote and remove; unverified people cannot join', async () => {
		const { moderator, slug } = await newGroup();
		const citizen = await person(demo);
		await expect(
			joinGroup(ctx(demo, await person(demo, 'citizen', false)), slug)
		).rejects.toMatchObject({ code: 'forbidden' });
		await joinGroup(ctx(demo, citizen), slug);
		await joinGroup(ctx(demo, citizen), slug);
		expect((await getGroup(ctx(demo, citizen), slug)).myRole).toBe('member');
		// a member cannot promote anybody
		const other = await person(demo);
		await joinGroup(ctx(demo, other), slug);
		await expect(setRole(ctx(demo, citizen), slug, other.id, 'lead')).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(removeMember(ctx(demo, citizen), slug, other.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		// the lead promotes; the new lead can then remove the first lead
		await setRole(ctx(demo, moderator), slug, citizen.id, 'lead');
		await removeMember(ctx(demo, citizen), slug, moderator.id);
		const shown = await getGroup(ctx(demo, citizen), slug);
		expect(shown.leads.map((l) => l.id)).toEqual([citizen.id]);
		expect(shown.members).toHaveLength(2);
		await leaveGroup(ctx(demo, other), slug);
		expect((await getGroup(ctx(demo, citizen), slug)).memberCount).toBe(1);
	});

	test('the last lead can neither leave nor step down nor be removed', async () => {
		const { moderator, slug } = await newGroup();
		await expect(leaveGroup(ctx(demo, moderator), slug)).rejects.toMatchObject({
			code: 'conflict',
			messageKey: 'workingGroup.lastLead'
		});
		await expect(setRole(ctx(demo, moderator), slug, moderator.id, 'member')).rejects.toMatchObject(
			{ code: 'conflict' }
		);
	});

	test('four leads leaving at once: three succeed, one lead is kept (20 runs)', async () => {
		for (let run = 0; run < 20; run++) {
			const { moderator, slug } = await newGroup();
			const leads = [moderator];
			for (let i = 0; i < 3; i++) {
				const lead = await person(demo);
				await joinGroup(ctx(demo, lead), slug);
				await setRole(ctx(demo, moderator), slug, lead.id, 'lead');
				leads.push(lead);
			}
			const results = await Promise.allSettled(leads.map((l) => leaveGroup(ctx(demo, l), slug)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
			const shown = await getGroup(ctx(demo, null), slug);
			expect(shown.leads).toHaveLength(1);
		}
	});

	test('needs: only leads add them; pledges for oneself or an own organisation; coverage summed', async () => {
		const { moderator, slug } = await newGroup();
		const need = {
			kind: 'skills' as const,
			title: 'Fahrerinnen und Fahrer',
			description: '',
			quantity: 10,
			unit: 'Personen'
		};
		await expect(addNeed(ctx(demo, await person(demo)), slug, need)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const needId = await addNeed(ctx(demo, moderator), slug, need);
		const citizen = await person(demo);
		const organisation = await createOrganisation(t.db, demo, citizen);
		const stranger = await createOrganisation(t.db, demo);
		await pledge(ctx(demo, citizen), slug, { need: needId, quantity: 2, note: 'abends' });
		await pledge(ctx(demo, citizen), slug, {
			need: needId,
			quantity: 3,
			note: '',
			organisation: organisation.slug
		});
		await expect(
			pledge(ctx(demo, citizen), slug, {
				need: needId,
				quantity: 3,
				note: '',
				organisation: stranger.slug
			})
		).rejects.toMatchObject({ code: 'invalid' });
		// pledging again replaces the earlier pledge
		await pledge(ctx(demo, citizen), slug, { need: needId, quantity: 4, note: 'abends' });
		let shown = (await getGroup(ctx(demo, null), slug)).needs[0]!;
		expect(shown.pledged).toBe(7);
		expect(shown.pledgeCount).toBe(2);
		expect(shown.organisations.map((o) => o.name)).toEqual([organisation.name]);
		// contact details only for leads
		expect(shown.pledgers).toEqual([]);
		const forLead = (await getGroup(ctx(demo, moderator), slug)).needs[0]!;
		expect(forLead.pledgers.map((p) => p.email).sort()).toEqual([citizen.email, citizen.email]);
		await withdrawPledge(ctx(demo, citizen), slug, needId, organisation.slug);
		shown = (await getGroup(ctx(demo, citizen), slug)).needs[0]!;
		expect(shown.pledged).toBe(4);
		expect(shown.mine).toEqual([{ quantity: 4, note: 'abends', organisation: null }]);
		// a need of another group is not reachable through this group
		const { slug: otherSlug } = await newGroup();
		await expect(
			pledge(ctx(demo, citizen), otherSlug, { need: needId, quantity: 1, note: '' })
		).rejects.toMatchObject({ code: 'not_found' });
		// nor from another region
		await expect(
			pledge(ctx(other, await person(other)), slug, { need: needId, quantity: 1, note: '' })
		).rejects.toMatchObject({ code: 'not_found' });
	});

	test('pledges at the same time: one row per person and need, the sum exact', async () => {
		const { moderator, slug } = await newGroup();
		const needId = await addNeed(ctx(demo, moderator), slug, {
			kind: 'money',
			title: 'Anschubfinanzierung',
			description: '',
			quantity: 5000,
			unit: 'Euro'
		});
		const people = await Promise.all(Array.from({ length: 8 }, () => person(demo)));
		// each person pledges five times at once with different amounts; the last write wins
		await Promise.all(
			people.flatMap((p) =>
				[1, 2, 3, 4, 5].map((q) =>
					pledge(ctx(demo, p), slug, { need: needId, quantity: q * 10, note: '' })
				)
			)
		);
		const rows = await t.db
			.selectFrom('working_group_pledge')
			.select(['person_id', 'quantity'])
			.where('need_id', '=', needId)
			.execute();
		expect(rows).toHaveLength(8);
		const shown = (await getGroup(ctx(demo, null), slug)).needs[0]!;
		expect(shown.pledged).toBe(rows.reduce((a, r) => a + r.quantity, 0));
		expect(shown.pledgeCount).toBe(8);
	});

	test('deleting the account of a group’s only lead is refused until another lead is named', async () => {
		const password = 'Lange Leitung im Odenwald';
		const lead = await createPerson(t.db, demo, { passwordHash: await hashPassword(password) });
		const moderator = await person(demo, 'moderator');
		const slug = await createGroup(ctx(demo, moderator), {
			...group,
			topicField: demo.topicFields[1]!.key
		});
		await joinGroup(ctx(demo, lead), slug);
		await setRole(ctx(demo, moderator), slug, lead.id, 'lead');
		await leaveGroup(ctx(demo, moderator), slug);
		const account = {
			db: t.db,
			region: demo,
			smtp: false,
			meta: { ip: '', userAgent: 'vitest', origin: 'http://localhost', lang: 'de' as const }
		};
		const input = { currentPassword: password, contributions: 'anonymise' as const };
		await expect(deleteAccount(account, lead, input)).rejects.toMatchObject({
			code: 'conflict',
			messageKey: 'workingGroup.deleteLastLead'
		});
		const helper = await person(demo);
		await joinGroup(ctx(demo, helper), slug);
		await setRole(ctx(demo, lead), slug, helper.id, 'lead');
		await deleteAccount(account, lead, input);
		const shown = await getGroup(ctx(demo, null), slug);
		expect(shown.leads.map((l) => l.id)).toEqual([helper.id]);
	});
});
