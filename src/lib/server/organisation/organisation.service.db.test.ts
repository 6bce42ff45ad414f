/**
 * The organisations capability on real PostgreSQL: creating (slugs decided by the database),
 * editing rights, verification, invitations, roles, the last-admin rule under concurrency, and
 * that nothing of it reaches across regions.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { importRegion, readRegionFile } from '../region/region-import.service.ts';
import { search } from '../search/search.service.ts';
import type { SessionPerson } from '../account/session.ts';
import type { PersonRole } from '../db/schema.ts';
import type { OrganisationContext } from './organisation.context.ts';
import type { OrganisationInput } from './organisation.schema.ts';
import {
	createOrganisation,
	getOrganisation,
	getOrganisationForEdit,
	listMyOrganisations,
	listOrganisations,
	setOrganisationVerified,
	updateOrganisation
} from './organisation.service.ts';
import {
	acceptInvitation,
	changeMemberRole,
	getInvitation,
	getMembers,
	inviteMember,
	leaveOrganisation,
	removeMember
} from './membership.service.ts';

type Region = { id: string; name: string; state: string | null };

let t: TestDatabase;
let demo: Region;
let marburg: Region;
let counter = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	await importRegion(t.db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
	await importRegion(t.db, await readRegionFile('regions/marburg-biedenkopf.yaml'));
	const regions = await t.db.selectFrom('region').select(['id', 'name', 'slug', 'state']).execute();
	demo = regions.find((r) => r.slug === 'bergstrasse-odenwald')!;
	marburg = regions.find((r) => r.slug === 'marburg-biedenkopf')!;
});
afterAll(async () => {
	await t?.destroy();
});

/** A person straight in the database (the account capability has its own tests). */
async function person(
	options: { region?: Region; verified?: boolean; role?: PersonRole; email?: string } = {}
): Promise<SessionPerson> {
	const region = options.region ?? demo;
	const email = options.email ?? `person${++counter}.${randomUUID().slice(0, 6)}@example.org`;
	const row = await t.db
		.insertInto('person')
		.values({
			region_id: region.id,
			email,
			display_name: `Person ${counter}`,
			password_hash: 'not used here',
			email_verified_at: options.verified === false ? null : new Date(),
			terms_accepted_at: new Date(),
			role: options.role ?? 'citizen'
		})
		.returning(['id', 'email', 'display_name', 'role'])
		.executeTakeFirstOrThrow();
	return {
		sessionHash: 'test',
		id: row.id,
		regionId: region.id,
		email: row.email,
		displayName: row.display_name,
		emailVerified: options.verified !== false,
		role: row.role,
		isPlatformAdmin: false,
		language: 'de'
	};
}

/** The service context of a request to `region` by `who` (null: a visitor). */
function as(who: SessionPerson | null, region: Region = demo): OrganisationContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		smtp: false,
		meta: { ip: '10.1.0.1', origin: 'http://localhost:3000', lang: 'de' }
	};
}

function input(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
	return {
		name: 'Hofladen Sonnenhof',
		kind: 'farm_shop',
		sector: 'wirtschaft',
		description: 'Eier, Kartoffeln und Äpfel vom eigenen Hof.\n\nSamstags auch Kuchen.',
		street: 'Hauptstraße 1',
		postcode: '64646',
		municipality: 'heppenheim',
		lat: null,
		lon: null,
		email: 'hof@example.org',
		phone: '06252 12345',
		website: 'https://sonnenhof.example.org/',
		openingHours: 'Mo–Fr 9–18 Uhr',
		...overrides
	};
}

async function members(slug: string, region: Region = demo) {
	return t.db
		.selectFrom('organisation_member')
		.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
		.select(['organisation_member.person_id', 'organisation_member.role'])
		.where('organisation.slug', '=', slug)
		.where('organisation.region_id', '=', region.id)
		.execute();
}

async function auditActions(slug: string) {
	const rows = await t.db
		.selectFrom('audit_entry')
		.innerJoin('organisation', (join) =>
			join.on(sql`organisation.id::text`, '=', sql.ref('audit_entry.target_id'))
		)
		.select('audit_entry.action')
		.where('organisation.slug', '=', slug)
		.where('organisation.region_id', '=', demo.id)
		.orderBy('audit_entry.id')
		.execute();
	return rows.map((r) => r.action);
}

/** An organisation with an admin (and optionally more admins and members). */
async function organisationWith(
	name: string,
	extra: { admins?: number; members?: number } = {}
): Promise<{
	slug: string;
	admin: SessionPerson;
	admins: SessionPerson[];
	members: SessionPerson[];
}> {
	const admin = await person();
	const { slug } = await createOrganisation(as(admin), input({ name }));
	const id = (
		await t.db
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', slug)
			.where('region_id', '=', demo.id)
			.executeTakeFirstOrThrow()
	).id;
	const add = async (role: 'admin' | 'member') => {
		const p = await person();
		await t.db
			.insertInto('organisation_member')
			.values({ region_id: demo.id, organisation_id: id, person_id: p.id, role })
			.execute();
		return p;
	};
	const admins = [admin];
	for (let i = 0; i < (extra.admins ?? 0); i++) admins.push(await add('admin'));
	const plain: SessionPerson[] = [];
	for (let i = 0; i < (extra.members ?? 0); i++) plain.push(await add('member'));
	return { slug, admin, admins, members: plain };
}

/** The invitation link's token from the queued mail. */
async function invitationToken(email: string): Promise<string> {
	const mail = await t.db
		.selectFrom('mail')
		.select(['body', 'status'])
		.where('to_address', '=', email)
		.orderBy('created_at', 'desc')
		.executeTakeFirstOrThrow();
	expect(mail.status).toBe('held');
	const link = /http:\/\/localhost:3000\/einladung\?token=([\w-]+)/.exec(mail.body);
	expect(link, mail.body).not.toBeNull();
	return link![1]!;
}

describe('creating an organisation', () => {
	test('a verified person creates one and becomes its admin; it is listed and searchable', async () => {
		const creator = await person();
		const { slug } = await createOrganisation(as(creator), input({ name: 'Imkerei Bienenweide' }));
		expect(slug).toBe('imkerei-bienenweide');
		expect(await members(slug)).toEqual([{ person_id: creator.id, role: 'admin' }]);

		const { profile, permissions } = await getOrganisation(as(null), slug);
		expect(profile).toMatchObject({
			name: 'Imkerei Bienenweide',
			kind: 'farm_shop',
			municipality: { slug: 'heppenheim', name: 'Heppenheim' },
			// no coordinates given: the municipality's point, marked as approximate
			lat: 49.641,
			lon: 8.632,
			exactLocation: false,
			verified: false
		});
		expect(permissions).toEqual({
			edit: false,
			viewMembers: false,
			manageMembers: false,
			leave: false,
			verify: false
		});
		expect((await getOrganisation(as(creator), slug)).permissions).toMatchObject({
			edit: true,
			manageMembers: true,
			verify: false
		});

		const hits = await search(t.db, demo.id, 'Bienenweide');
		expect(hits.map((h) => [h.kind, h.path])).toEqual([
			['organisation', '/organisationen/imkerei-bienenweide']
		]);
		const list = await listOrganisations(as(null), { seite: 1, art: 'farm_shop' });
		expect(list.items.map((i) => i.slug)).toContain(slug);
		expect(await listMyOrganisations(as(creator))).toEqual([
			{ slug, name: 'Imkerei Bienenweide', role: 'admin' }
		]);
		expect(await auditActions(slug)).toEqual(['organisation.created']);
	});

	test('exact coordinates are kept and marked as exact', async () => {
		const { slug } = await createOrganisation(
			as(await person()),
			input({ name: 'Praxis am Markt', kind: 'practice', lat: 49.6421, lon: 8.6305 })
		);
		const { profile } = await getOrganisation(as(null), slug);
		expect(profile).toMatchObject({ lat: 49.6421, lon: 8.6305, exactLocation: true });
	});

	test('visitors, unverified people and unknown municipalities are refused; nothing is written', async () => {
		const before = await t.db
			.selectFrom('organisation')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		await expect(createOrganisation(as(null), input())).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(
			createOrganisation(as(await person({ verified: false })), input())
		).rejects.toMatchObject({ code: 'forbidden', messageKey: 'organisation.error.verifyFirst' });
		// a municipality of another region is unknown here
		await expect(
			createOrganisation(as(await person()), input({ municipality: 'marburg' }))
		).rejects.toMatchObject({
			code: 'invalid',
			fields: { municipality: 'organisation.municipality.required' }
		});
		const after = await t.db
			.selectFrom('organisation')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});
});

describe('slugs', () => {
	test('the same name gets -2, -3; other regions do not count', async () => {
		const slugs = [];
		for (let i = 0; i < 3; i++) {
			slugs.push(
				(await createOrganisation(as(await person()), input({ name: 'Dorfladen Ölberg' }))).slug
			);
		}
		expect(slugs).toEqual(['dorfladen-oelberg', 'dorfladen-oelberg-2', 'dorfladen-oelberg-3']);
		const elsewhere = await createOrganisation(
			as(await person({ region: marburg }), marburg),
			input({ name: 'Dorfladen Ölberg', municipality: 'marburg' })
		);
		expect(elsewhere.slug).toBe('dorfladen-oelberg');
	});

	test('simultaneous creations with one name all succeed with distinct slugs', async () => {
		const people = await Promise.all([1, 2, 3, 4, 5].map(() => person()));
		const results = await Promise.all(
			people.map((p) => createOrganisation(as(p), input({ name: 'Wochenmarkt Lorsch' })))
		);
		expect(results.map((r) => r.slug).sort()).toEqual([
			'wochenmarkt-lorsch',
			'wochenmarkt-lorsch-2',
			'wochenmarkt-lorsch-3',
			'wochenmarkt-lorsch-4',
			'wochenmarkt-lorsch-5'
		]);
	});

	test('page names are never slugs, and names without letters still get one', async () => {
		const neu = await createOrganisation(as(await person()), input({ name: 'Neu' }));
		expect(neu.slug).toBe('neu-2');
		const dots = await createOrganisation(as(await person()), input({ name: '!!' }));
		expect(dots.slug).toMatch(/^organisation(-\d+)?$/);
	});
});

describe('editing', () => {
	test('admins and moderators edit; members, others and visitors do not', async () => {
		const {
			slug,
			admin,
			members: [member]
		} = await organisationWith('Coworking Alte Schule', {
			members: 1
		});
		const moderator = await person({ role: 'moderator' });
		await updateOrganisation(
			as(admin),
			slug,
			input({ name: 'Coworking Alte Schule', phone: '06251 1' })
		);
		await updateOrganisation(
			as(moderator),
			slug,
			input({ name: 'Coworking Alte Schule', phone: '06251 2' })
		);
		for (const [who, code] of [
			[member!, 'forbidden'],
			[await person(), 'forbidden'],
			[null, 'unauthenticated']
		] as const) {
			await expect(
				updateOrganisation(as(who), slug, input({ name: 'Übernommen' }))
			).rejects.toMatchObject({ code });
			await expect(getOrganisationForEdit(as(who), slug)).rejects.toMatchObject({ code });
		}
		const { values } = await getOrganisationForEdit(as(admin), slug);
		expect(values).toMatchObject({
			name: 'Coworking Alte Schule',
			phone: '06251 2',
			lat: '',
			lon: ''
		});
		expect(await auditActions(slug)).toEqual([
			'organisation.created',
			'organisation.updated',
			'organisation.updated'
		]);
	});

	test('a new name keeps the slug and voids the verification, unless a moderator renames', async () => {
		const { slug, admin } = await organisationWith('Landfrauenverein Fürth');
		const moderator = await person({ role: 'moderator' });
		await setOrganisationVerified(as(moderator), slug, true);
		await updateOrganisation(as(admin), slug, input({ name: 'Landfrauenverein Fürth' }));
		expect((await getOrganisation(as(null), slug)).profile.verified).toBe(true);
		await updateOrganisation(as(moderator), slug, input({ name: 'Landfrauen Fürth e. V.' }));
		expect((await getOrganisation(as(null), slug)).profile).toMatchObject({
			slug,
			name: 'Landfrauen Fürth e. V.',
			verified: true
		});
		await updateOrganisation(as(admin), slug, input({ name: 'Ganz anderer Name' }));
		expect((await getOrganisation(as(null), slug)).profile.verified).toBe(false);
		// the search document follows the new name
		expect((await search(t.db, demo.id, 'Ganz anderer')).map((h) => h.path)).toContain(
			`/organisationen/${slug}`
		);
	});
});

describe('verification', () => {
	test('moderators verify and unverify; admins of the organisation cannot', async () => {
		const { slug, admin } = await organisationWith('Tourist-Info Michelstadt');
		const moderator = await person({ role: 'moderator' });
		const regionAdmin = await person({ role: 'region_admin' });
		await expect(setOrganisationVerified(as(admin), slug, true)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(setOrganisationVerified(as(null), slug, true)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		expect((await getOrganisation(as(moderator), slug)).permissions.verify).toBe(true);
		await setOrganisationVerified(as(moderator), slug, true);
		expect((await getOrganisation(as(null), slug)).profile.verified).toBe(true);
		await setOrganisationVerified(as(regionAdmin), slug, false);
		expect((await getOrganisation(as(null), slug)).profile.verified).toBe(false);
		expect(await auditActions(slug)).toEqual([
			'organisation.created',
			'organisation.verified',
			'organisation.unverified'
		]);
	});
});

describe('invitations', () => {
	test('invite → the mail → accept once, only with the invited address', async () => {
		const { slug, admin } = await organisationWith('Musikverein Lindenfels');
		const invited = await person();
		const stranger = await person();
		await inviteMember(as(admin), slug, { email: invited.email, role: 'member' });
		const token = await invitationToken(invited.email);

		// opening the link reads, it never uses the invitation up
		for (let i = 0; i < 2; i++) {
			expect(await getInvitation(as(null), token)).toMatchObject({
				status: 'open',
				organisation: { slug, name: 'Musikverein Lindenfels' },
				role: 'member',
				signedIn: false
			});
		}
		expect(await getInvitation(as(stranger), token)).toMatchObject({ emailMatches: false });
		expect(await getInvitation(as(invited), token)).toMatchObject({ emailMatches: true });

		await expect(acceptInvitation(as(null), token)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		await expect(acceptInvitation(as(stranger), token)).rejects.toMatchObject({
			code: 'forbidden',
			messageKey: 'organisation.invite.wrongEmail'
		});
		// the refused attempt left the invitation open
		expect(await acceptInvitation(as(invited), token)).toEqual({ slug });
		expect((await members(slug)).find((m) => m.person_id === invited.id)?.role).toBe('member');
		await expect(acceptInvitation(as(invited), token)).rejects.toMatchObject({ code: 'expired' });
		expect(await getInvitation(as(invited), token)).toEqual({ status: 'invalid' });
		expect(await auditActions(slug)).toEqual([
			'organisation.created',
			'organisation.member_invited',
			'organisation.member_joined'
		]);
	});

	test('two clicks at once on the same link: one wins', async () => {
		const { slug, admin } = await organisationWith('Kirchenchor Birkenau');
		const invited = await person();
		await inviteMember(as(admin), slug, { email: invited.email, role: 'admin' });
		const token = await invitationToken(invited.email);
		const results = await Promise.allSettled([
			acceptInvitation(as(invited), token),
			acceptInvitation(as(invited), token)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect((await members(slug)).find((m) => m.person_id === invited.id)?.role).toBe('admin');
	});

	test('expired invitations are refused; a new invitation replaces the open one', async () => {
		const { slug, admin } = await organisationWith('Sportverein Rimbach');
		const invited = await person();
		await inviteMember(as(admin), slug, { email: invited.email, role: 'member' });
		const first = await invitationToken(invited.email);
		await t.db
			.updateTable('email_token')
			.set({ expires_at: sql`now() - interval '1 minute'` })
			.where('purpose', '=', 'invite')
			.where('email', '=', invited.email)
			.execute();
		expect(await getInvitation(as(invited), first)).toEqual({ status: 'invalid' });
		await expect(acceptInvitation(as(invited), first)).rejects.toMatchObject({
			code: 'expired',
			messageKey: 'organisation.invite.invalid'
		});
		// invitations are valid for seven days
		await inviteMember(as(admin), slug, { email: invited.email, role: 'member' });
		const second = await invitationToken(invited.email);
		const row = await t.db
			.selectFrom('email_token')
			.select(
				sql<number>`round(extract(epoch from expires_at - created_at) / 86400)::int`.as('days')
			)
			.where('purpose', '=', 'invite')
			.where('email', '=', invited.email)
			.where('used_at', 'is', null)
			.execute();
		expect(row).toEqual([{ days: 7 }]);
		await acceptInvitation(as(invited), second);
	});

	test('only admins invite; members are not invited twice', async () => {
		const {
			slug,
			admin,
			members: [member]
		} = await organisationWith('Bürgerbus Verein', {
			members: 1
		});
		await expect(
			inviteMember(as(member!), slug, { email: 'x@example.org', role: 'admin' })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			inviteMember(as(await person({ role: 'moderator' })), slug, {
				email: 'x@example.org',
				role: 'member'
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			inviteMember(as(admin), slug, { email: member!.email, role: 'member' })
		).rejects.toMatchObject({
			code: 'conflict',
			fields: { email: 'organisation.invite.alreadyMember' }
		});
	});
});

describe('members and roles', () => {
	test('admins change roles and remove; members see the list but change nothing; members leave', async () => {
		const {
			slug,
			admin,
			members: [m1, m2]
		} = await organisationWith('Heimatverein Grasellenbach', {
			members: 2
		});
		const list = await getMembers(as(m1!), slug);
		expect(list.members).toHaveLength(3);
		expect(list.members[0]).toMatchObject({ id: admin.id, role: 'admin', email: null });
		expect(list.invitations).toEqual([]);
		expect((await getMembers(as(admin), slug)).members[0]!.email).toBe(admin.email);
		await expect(getMembers(as(await person()), slug)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(getMembers(as(null), slug)).rejects.toMatchObject({ code: 'unauthenticated' });
		expect((await getMembers(as(await person({ role: 'moderator' })), slug)).members).toHaveLength(
			3
		);

		await expect(
			changeMemberRole(as(m1!), slug, { person: m2!.id, role: 'admin' })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(removeMember(as(m1!), slug, { person: m2!.id })).rejects.toMatchObject({
			code: 'forbidden'
		});

		await changeMemberRole(as(admin), slug, { person: m1!.id, role: 'admin' });
		await removeMember(as(m1!), slug, { person: m2!.id });
		await leaveOrganisation(as(admin), slug);
		expect(await members(slug)).toEqual([{ person_id: m1!.id, role: 'admin' }]);
		await expect(leaveOrganisation(as(m2!), slug)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(removeMember(as(m1!), slug, { person: admin.id })).rejects.toMatchObject({
			code: 'conflict',
			messageKey: 'organisation.error.notMember'
		});
		expect(await auditActions(slug)).toEqual([
			'organisation.created',
			'organisation.member_role_changed',
			'organisation.member_removed',
			'organisation.member_left'
		]);
	});

	test('the last admin can neither leave, nor be demoted, nor be removed', async () => {
		const { slug, admin } = await organisationWith('Förderverein Schule', { members: 1 });
		for (const attempt of [
			() => leaveOrganisation(as(admin), slug),
			() => changeMemberRole(as(admin), slug, { person: admin.id, role: 'member' }),
			() => removeMember(as(admin), slug, { person: admin.id })
		]) {
			await expect(attempt()).rejects.toMatchObject({
				code: 'conflict',
				messageKey: 'organisation.error.lastAdmin'
			});
		}
		expect((await members(slug)).filter((m) => m.role === 'admin')).toHaveLength(1);
	});

	test('two admins leaving at the same moment: one may, the other is stopped', async () => {
		for (let round = 0; round < 5; round++) {
			const { slug, admins } = await organisationWith(`Gleichzeitig ${round}`, { admins: 1 });
			const results = await Promise.allSettled(admins.map((a) => leaveOrganisation(as(a), slug)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
			expect(refused.reason).toMatchObject({ messageKey: 'organisation.error.lastAdmin' });
			expect((await members(slug)).filter((m) => m.role === 'admin')).toHaveLength(1);
		}
	});

	test('two admins demoting each other at the same moment: one admin stays', async () => {
		for (let round = 0; round < 5; round++) {
			const { slug, admins } = await organisationWith(`Gegenseitig ${round}`, { admins: 1 });
			const [a, b] = admins as [SessionPerson, SessionPerson];
			const results = await Promise.allSettled([
				changeMemberRole(as(a), slug, { person: b.id, role: 'member' }),
				changeMemberRole(as(b), slug, { person: a.id, role: 'member' })
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			expect((await members(slug)).filter((m) => m.role === 'admin')).toHaveLength(1);
		}
	});

	test('rights are read after the lock: an admin demoted meanwhile changes nothing', async () => {
		const { slug, admins } = await organisationWith('Kette', { admins: 2 });
		const [a, b, c] = admins as [SessionPerson, SessionPerson, SessionPerson];
		let pending!: Promise<void>;
		// A's change holds the lock while B's request arrives; A demotes B, then commits
		await t.db.transaction().execute(async (trx) => {
			await trx
				.selectFrom('organisation')
				.select('id')
				.where('slug', '=', slug)
				.where('region_id', '=', demo.id)
				.forUpdate()
				.execute();
			pending = changeMemberRole(as(b), slug, { person: c.id, role: 'member' });
			pending.catch(() => {});
			await new Promise((resolve) => setTimeout(resolve, 300));
			await trx
				.updateTable('organisation_member')
				.set({ role: 'member' })
				.where('person_id', '=', b.id)
				.execute();
		});
		await expect(pending).rejects.toMatchObject({ code: 'forbidden' });
		const roles = new Map((await members(slug)).map((m) => [m.person_id, m.role]));
		expect([roles.get(a.id), roles.get(b.id), roles.get(c.id)]).toEqual([
			'admin',
			'member',
			'admin'
		]);
	});
});

describe('regions', () => {
	test('nothing reaches across regions, for every service function', async () => {
		const {
			slug,
			admin,
			members: [member]
		} = await organisationWith('Nur im Odenwald', {
			members: 1
		});
		await inviteMember(as(admin), slug, { email: 'gast@example.org', role: 'member' });
		const token = await invitationToken('gast@example.org');
		// people of the other region, even its moderators, find nothing of this region
		const moderator = await person({ region: marburg, role: 'moderator' });
		const guest = await person({ region: marburg, email: 'gast@example.org' });
		const there = (who: SessionPerson) => as(who, marburg);
		const notFound = { code: 'not_found' };
		await expect(getOrganisation(there(moderator), slug)).rejects.toMatchObject(notFound);
		await expect(getOrganisationForEdit(there(moderator), slug)).rejects.toMatchObject(notFound);
		await expect(
			updateOrganisation(there(moderator), slug, input({ municipality: 'marburg' }))
		).rejects.toMatchObject(notFound);
		await expect(setOrganisationVerified(there(moderator), slug, true)).rejects.toMatchObject(
			notFound
		);
		await expect(getMembers(there(moderator), slug)).rejects.toMatchObject(notFound);
		await expect(
			inviteMember(there(moderator), slug, { email: 'x@example.org', role: 'member' })
		).rejects.toMatchObject(notFound);
		await expect(
			changeMemberRole(there(moderator), slug, { person: member!.id, role: 'admin' })
		).rejects.toMatchObject(notFound);
		await expect(
			removeMember(there(moderator), slug, { person: member!.id })
		).rejects.toMatchObject(notFound);
		await expect(leaveOrganisation(there(moderator), slug)).rejects.toMatchObject(notFound);
		// the invitation was sent to an address that also has an account over there: no use there
		expect(await getInvitation(there(guest), token)).toEqual({ status: 'invalid' });
		await expect(acceptInvitation(there(guest), token)).rejects.toMatchObject({ code: 'expired' });
		const list = await listOrganisations(there(moderator), { seite: 1 });
		expect(list.items.map((i) => i.slug)).not.toContain(slug);
		expect(await search(t.db, marburg.id, 'Odenwald Nur')).toEqual([]);

		// and this region's own admin, with a session carried over to the other region's host,
		// is nobody there (sessions belong to one region)
		const carried: OrganisationContext = {
			...as(admin, marburg),
			actor: { regionId: marburg.id, person: admin }
		};
		await expect(getMembers(carried, slug)).rejects.toMatchObject(notFound);
		await expect(
			createOrganisation(carried, input({ municipality: 'marburg' }))
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(acceptInvitation(carried, token)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		expect(await listMyOrganisations(carried)).toEqual([]);

		// in its own region everything still stands
		expect((await members(slug)).map((m) => m.role).sort()).toEqual(['admin', 'member']);
		expect((await getOrganisation(as(null), slug)).profile.verified).toBe(false);
	});

	test('the database refuses members and invitations that cross regions', async () => {
		const { slug } = await organisationWith('Grenzfall');
		const org = await t.db
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', slug)
			.where('region_id', '=', demo.id)
			.executeTakeFirstOrThrow();
		const outsider = await person({ region: marburg });
		await expect(
			t.db
				.insertInto('organisation_member')
				.values({
					region_id: marburg.id,
					organisation_id: org.id,
					person_id: outsider.id,
					role: 'admin'
				})
				.execute()
		).rejects.toThrow(/foreign key/);
		await expect(
			t.db
				.insertInto('email_token')
				.values({
					token_hash: randomUUID(),
					region_id: marburg.id,
					purpose: 'invite',
					email: 'x@example.org',
					organisation_id: org.id,
					role: 'admin',
					expires_at: new Date(Date.now() + 60_000)
				})
				.execute()
		).rejects.toThrow(/foreign key/);
		await expect(
			t.db.updateTable('organisation').set({ kind: 'spaceport' }).where('id', '=', org.id).execute()
		).rejects.toThrow(/organisation_kind/);
	});
});
