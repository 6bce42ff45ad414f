/**
 * The admin area against a real database: who may call what (every function, every kind of
 * actor, in their own region and in another), the role-change rules including the last-admin
 * invariant under concurrency, who sees e-mail addresses, and that nothing crosses regions.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { importRegion, readRegionFile } from '../region/region-import.service.ts';
import { createRegionResolver, type RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import type { PersonRole } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import { audit } from '../security/audit.ts';
import { placeSchema } from '../place/place.schema.ts';
import { createPlace } from '../place/place.service.ts';
import {
	adminMenu,
	assignRoleFromCommandLine,
	changeRole,
	getOverview,
	getRegionSummary,
	listAuditEntries,
	listMail,
	listOrganisations,
	listPeople,
	type AdminContext
} from './admin.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let marburg: RegionContext;
let counter = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	await importRegion(t.db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
	await importRegion(t.db, await readRegionFile('regions/marburg-biedenkopf.yaml'));
	const regions = createRegionResolver(t.db);
	demo = (await regions.bySlug('bergstrasse-odenwald'))!;
	marburg = (await regions.bySlug('marburg-biedenkopf'))!;
});
afterAll(async () => {
	await t?.destroy();
});

/** A person in the database, returned as the session would describe them. */
async function person(
	region: RegionContext,
	options: { role?: PersonRole; platformAdmin?: boolean; name?: string; verified?: boolean } = {}
): Promise<SessionPerson> {
	counter++;
	const email = `person${counter}.${region.slug}@example.org`;
	const displayName = options.name ?? `Person ${counter}`;
	const row = await t.db
		.insertInto('person')
		.values({
			region_id: region.id,
			email,
			display_name: displayName,
			password_hash: 'not used here',
			email_verified_at: options.verified === false ? null : new Date(),
			terms_accepted_at: new Date(),
			role: options.role ?? 'citizen',
			is_platform_admin: options.platformAdmin ?? false
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return {
		sessionHash: `session-${counter}`,
		id: row.id,
		regionId: region.id,
		email,
		displayName,
		emailVerified: options.verified !== false,
		role: options.role ?? 'citizen',
		isPlatformAdmin: options.platformAdmin ?? false,
		language: 'de'
	};
}

function ctx(region: RegionContext, who: SessionPerson | null): AdminContext {
	return { db: t.db, region, person: who, ip: '192.0.2.7' };
}

/** 'ok', or the AppError code the call failed with. */
async function outcome(call: () => unknown): Promise<string> {
	try {
		await call();
		return 'ok';
	} catch (error) {
		if (error instanceof AppError) return error.code;
		throw error;
	}
}

async function roleOf(id: string) {
	const row = await t.db
		.selectFrom('person')
		.select('role')
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return row.role;
}

async function regionAdminCount(region: RegionContext) {
	const row = await t.db
		.selectFrom('person')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', region.id)
		.where('role', '=', 'region_admin')
		.executeTakeFirstOrThrow();
	return row.count;
}

async function organisation(region: RegionContext, name: string, verified: boolean) {
	const municipality = await t.db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.executeTakeFirstOrThrow();
	const slug = `${name.toLowerCase().replace(/\W+/g, '-')}-${++counter}`;
	await t.db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug,
			name,
			kind: 'association',
			sector: 'zivilgesellschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			verified_at: verified ? new Date() : null
		})
		.execute();
	return slug;
}

describe('access: every function, every kind of actor', () => {
	type Expect = 'ok' | 'unauthenticated' | 'forbidden';
	const everyone = { moderator: 'ok', admin: 'ok' } as const;
	const adminsOnly = { moderator: 'forbidden', admin: 'ok' } as const;
	let target: SessionPerson;

	const functions: {
		name: string;
		level: { moderator: Expect; admin: Expect };
		call: (c: AdminContext) => unknown;
	}[] = [
		{ name: 'adminMenu', level: everyone, call: (c) => adminMenu(c) },
		{ name: 'getOverview', level: everyone, call: (c) => getOverview(c) },
		{ name: 'listPeople', level: everyone, call: (c) => listPeople(c, { seite: 1, suche: '' }) },
		{
			name: 'listOrganisations',
			level: everyone,
			call: (c) => listOrganisations(c, { seite: 1, status: 'alle' })
		},
		{ name: 'getRegionSummary', level: everyone, call: (c) => getRegionSummary(c) },
		{
			name: 'changeRole',
			level: adminsOnly,
			// to the role the target already has: allowed calls change nothing
			call: (c) => changeRole(c, { person: target.id, role: 'citizen' })
		},
		{ name: 'listMail', level: adminsOnly, call: (c) => listMail(c, { seite: 1 }) },
		{
			name: 'listAuditEntries',
			level: adminsOnly,
			call: (c) => listAuditEntries(c, { seite: 1, aktion: '' })
		}
	];

	let actors: { name: string; person: SessionPerson | null; kind: keyof Kinds }[];
	type Kinds = {
		anonymous: Expect;
		citizen: Expect;
		moderator: Expect;
		admin: Expect;
		otherRegion: Expect;
	};

	beforeAll(async () => {
		target = await person(demo);
		actors = [
			{ name: 'anonymous', person: null, kind: 'anonymous' },
			{ name: 'citizen', person: await person(demo), kind: 'citizen' },
			{
				name: 'unverified citizen',
				person: await person(demo, { verified: false }),
				kind: 'citizen'
			},
			{ name: 'moderator', person: await person(demo, { role: 'moderator' }), kind: 'moderator' },
			{
				name: 'region admin',
				person: await person(demo, { role: 'region_admin' }),
				kind: 'admin'
			},
			{
				name: 'platform admin (citizen role)',
				person: await person(demo, { platformAdmin: true }),
				kind: 'admin'
			},
			// people of another region, with the session of their region, acting on this one
			{ name: 'citizen of Marburg', person: await person(marburg), kind: 'otherRegion' },
			{
				name: 'moderator of Marburg',
				person: await person(marburg, { role: 'moderator' }),
				kind: 'otherRegion'
			},
			{
				name: 'region admin of Marburg',
				person: await person(marburg, { role: 'region_admin' }),
				kind: 'otherRegion'
			},
			{
				name: 'platform admin of Marburg',
				person: await person(marburg, { role: 'region_admin', platformAdmin: true }),
				kind: 'otherRegion'
			}
		];
	});

	test.each(functions.map((fn) => [fn.name, fn] as const))('%s', async (_name, fn) => {
		const expected: Kinds = {
			anonymous: 'unauthenticated',
			citizen: 'forbidden',
			moderator: fn.level.moderator,
			admin: fn.level.admin,
			// nobody's permissions reach into another region: there they are not signed in
			otherRegion: 'unauthenticated'
		};
		const results: Record<string, string> = {};
		const wanted: Record<string, string> = {};
		for (const actor of actors) {
			results[actor.name] = await outcome(() => fn.call(ctx(demo, actor.person)));
			wanted[actor.name] = expected[actor.kind];
		}
		expect({ fn: fn.name, results }).toEqual({ fn: fn.name, results: wanted });
	});

	test('the menu shows region admins the outbox and the audit log, moderators not', async () => {
		const moderator = actors.find((a) => a.kind === 'moderator')!.person;
		const admin = actors.find((a) => a.kind === 'admin')!.person;
		expect(adminMenu(ctx(demo, moderator))).toEqual({
			changeRoles: false,
			outbox: false,
			auditLog: false
		});
		expect(adminMenu(ctx(demo, admin))).toEqual({
			changeRoles: true,
			outbox: true,
			auditLog: true
		});
	});
});

describe('people and e-mail addresses', () => {
	let admin: SessionPerson;
	let moderator: SessionPerson;
	let erika: SessionPerson;

	beforeAll(async () => {
		admin = await person(demo, { role: 'region_admin', name: 'Anna Admin' });
		moderator = await person(demo, { role: 'moderator', name: 'Moritz Moderator' });
		erika = await person(demo, { name: 'Erika Mustermann' });
		await t.db
			.updateTable('person')
			.set({ email: 'erika.geheim@example.org' })
			.where('id', '=', erika.id)
			.execute();
	});

	test('moderators see names and roles, never e-mail addresses', async () => {
		const list = await listPeople(ctx(demo, moderator), { seite: 1, suche: 'Erika' });
		expect(list.showEmails).toBe(false);
		expect(list.canChangeRoles).toBe(false);
		expect(list.items).toHaveLength(1);
		expect(list.items[0]).toMatchObject({ displayName: 'Erika Mustermann', role: 'citizen' });
		expect(list.items[0]!.email).toBeNull();
		expect(JSON.stringify(list)).not.toContain('@');
	});

	test('a moderator cannot find people by e-mail address (no way to probe for one)', async () => {
		const list = await listPeople(ctx(demo, moderator), { seite: 1, suche: 'erika.geheim' });
		expect(list.total).toBe(0);
	});

	test('region admins see e-mail addresses and search by them', async () => {
		const list = await listPeople(ctx(demo, admin), { seite: 1, suche: 'erika.geheim' });
		expect(list.showEmails).toBe(true);
		expect(list.canChangeRoles).toBe(true);
		expect(list.items.map((p) => p.email)).toEqual(['erika.geheim@example.org']);
	});

	test('the list marks the viewer, and search treats % and _ literally', async () => {
		const list = await listPeople(ctx(demo, admin), { seite: 1, suche: 'Anna Admin' });
		expect(list.items.map((p) => [p.displayName, p.isSelf])).toEqual([['Anna Admin', true]]);
		expect((await listPeople(ctx(demo, admin), { seite: 1, suche: '%' })).total).toBe(0);
		expect((await listPeople(ctx(demo, admin), { seite: 1, suche: '_' })).total).toBe(0);
	});

	test('50 people per page', async () => {
		await t.db
			.insertInto('person')
			.values(
				Array.from({ length: 55 }, (_, i) => ({
					region_id: demo.id,
					email: `paging${i}@example.org`,
					display_name: `Seitenweise ${String(i).padStart(2, '0')}`,
					password_hash: 'x',
					terms_accepted_at: new Date()
				}))
			)
			.execute();
		const first = await listPeople(ctx(demo, admin), { seite: 1, suche: 'Seitenweise' });
		expect(first).toMatchObject({ total: 55, pages: 2, page: 1, hasNext: true });
		expect(first.items).toHaveLength(50);
		expect(first.items[0]!.displayName).toBe('Seitenweise 00');
		const second = await listPeople(ctx(demo, admin), { seite: 2, suche: 'Seitenweise' });
		expect(second).toMatchObject({ total: 55, pages: 2, page: 2, hasNext: false });
		expect(second.items.map((p) => p.displayName)).toEqual([
			'Seitenweise 50',
			'Seitenweise 51',
			'Seitenweise 52',
			'Seitenweise 53',
			'Seitenweise 54'
		]);
	});

	test('a region admin lists only the people of their own region', async () => {
		const marburgAdmin = await person(marburg, { role: 'region_admin' });
		const list = await listPeople(ctx(marburg, marburgAdmin), { seite: 1, suche: '' });
		const ids = list.items.map((p) => p.id);
		expect(ids).toContain(marburgAdmin.id);
		expect(ids).not.toContain(erika.id);
		expect((await listPeople(ctx(marburg, marburgAdmin), { seite: 1, suche: 'Erika' })).total).toBe(
			0
		);
	});
});

describe('changing roles', () => {
	test('a region admin appoints a moderator; the audit log records old and new role', async () => {
		const admin = await person(demo, { role: 'region_admin' });
		const citizen = await person(demo, { name: 'Clara Citizen' });
		const change = await changeRole(ctx(demo, admin), { person: citizen.id, role: 'moderator' });
		expect(change).toEqual({
			displayName: 'Clara Citizen',
			oldRole: 'citizen',
			newRole: 'moderator',
			changed: true
		});
		expect(await roleOf(citizen.id)).toBe('moderator');
		const entry = await t.db
			.selectFrom('audit_entry')
			.selectAll()
			.where('action', '=', 'admin.role_changed')
			.where('target_id', '=', citizen.id)
			.executeTakeFirstOrThrow();
		expect(entry).toMatchObject({
			region_id: demo.id,
			actor_id: admin.id,
			target_type: 'person',
			ip: '192.0.2.7',
			details: { oldRole: 'citizen', newRole: 'moderator' }
		});
	});

	test('giving the role a person already has changes and records nothing', async () => {
		const admin = await person(demo, { role: 'region_admin' });
		const mod = await person(demo, { role: 'moderator' });
		const change = await changeRole(ctx(demo, admin), { person: mod.id, role: 'moderator' });
		expect(change.changed).toBe(false);
		const entries = await t.db
			.selectFrom('audit_entry')
			.select('id')
			.where('target_id', '=', mod.id)
			.execute();
		expect(entries).toEqual([]);
	});

	test('nobody changes their own role, not even a platform admin', async () => {
		const admin = await person(demo, { role: 'region_admin' });
		await person(demo, { role: 'region_admin' }); // so that "last admin" is not the reason
		const error = await changeRole(ctx(demo, admin), { person: admin.id, role: 'citizen' }).catch(
			(e: unknown) => e
		);
		expect(error).toMatchObject({ code: 'conflict', messageKey: 'admin.role.ownRole' });
		const platform = await person(demo, { platformAdmin: true });
		await expect(
			changeRole(ctx(demo, platform), { person: platform.id, role: 'region_admin' })
		).rejects.toMatchObject({ messageKey: 'admin.role.ownRole' });
		expect(await roleOf(admin.id)).toBe('region_admin');
	});

	test('a person of another region is not found, and stays unchanged', async () => {
		const admin = await person(demo, { role: 'region_admin' });
		const stranger = await person(marburg);
		await expect(
			changeRole(ctx(demo, admin), { person: stranger.id, role: 'moderator' })
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await roleOf(stranger.id)).toBe('citizen');
	});

	test('a session that still says "region admin" after a demotion no longer counts', async () => {
		const admin = await person(demo, { role: 'region_admin' });
		const target = await person(demo);
		await t.db
			.updateTable('person')
			.set({ role: 'moderator' })
			.where('id', '=', admin.id)
			.execute();
		await expect(
			changeRole(ctx(demo, admin), { person: target.id, role: 'region_admin' })
		).rejects.toMatchObject({ code: 'forbidden' });
		expect(await roleOf(target.id)).toBe('citizen');
	});
});

describe('the last region admin of a region', () => {
	// Marburg gets its own set of admins here, so that the counts are exact.
	async function clearMarburgAdmins() {
		await t.db
			.updateTable('person')
			.set({ role: 'citizen' })
			.where('region_id', '=', marburg.id)
			.where('role', '=', 'region_admin')
			.execute();
	}

	test('cannot be demoted, not even by a platform admin', async () => {
		await clearMarburgAdmins();
		const platform = await person(marburg, { platformAdmin: true });
		const last = await person(marburg, { role: 'region_admin' });
		await expect(
			changeRole(ctx(marburg, platform), { person: last.id, role: 'moderator' })
		).rejects.toMatchObject({ code: 'conflict', messageKey: 'admin.role.lastAdmin' });
		expect(await roleOf(last.id)).toBe('region_admin');
		// with a second admin appointed first, it works
		const second = await person(marburg);
		await changeRole(ctx(marburg, platform), { person: second.id, role: 'region_admin' });
		await changeRole(ctx(marburg, platform), { person: last.id, role: 'moderator' });
		expect(await regionAdminCount(marburg)).toBe(1);
	});

	test('two admins demoting each other at the same moment: one of them remains', async () => {
		for (let round = 0; round < 8; round++) {
			await clearMarburgAdmins();
			const a = await person(marburg, { role: 'region_admin' });
			const b = await person(marburg, { role: 'region_admin' });
			const results = await Promise.all([
				outcome(() => changeRole(ctx(marburg, a), { person: b.id, role: 'citizen' })),
				outcome(() => changeRole(ctx(marburg, b), { person: a.id, role: 'citizen' }))
			]);
			expect(await regionAdminCount(marburg)).toBe(1);
			// the first one wins; the second, demoted meanwhile, may no longer change roles
			expect(results.sort()).toEqual(['forbidden', 'ok']);
		}
	});

	test('one admin demoting the last two at once: one of them remains', async () => {
		for (let round = 0; round < 8; round++) {
			await clearMarburgAdmins();
			const platform = await person(marburg, { platformAdmin: true });
			const a = await person(marburg, { role: 'region_admin' });
			const b = await person(marburg, { role: 'region_admin' });
			const results = await Promise.all([
				outcome(() => changeRole(ctx(marburg, platform), { person: a.id, role: 'moderator' })),
				outcome(() => changeRole(ctx(marburg, platform), { person: b.id, role: 'moderator' }))
			]);
			expect(await regionAdminCount(marburg)).toBe(1);
			expect(results.sort()).toEqual(['conflict', 'ok']);
		}
	});

	test('cannot be demoted from the command line either', async () => {
		await clearMarburgAdmins();
		const last = await person(marburg, { role: 'region_admin' });
		await expect(
			assignRoleFromCommandLine(t.db, {
				regionSlug: 'marburg-biedenkopf',
				email: last.email,
				role: 'citizen'
			})
		).resolves.toEqual({ outcome: 'refused', reason: 'admin.role.lastAdmin' });
		expect(await roleOf(last.id)).toBe('region_admin');
	});
});

describe('the command line', () => {
	test('appoints the first region admin and records it without an actor', async () => {
		const someone = await person(demo, { name: 'Erste Admin', verified: false });
		const result = await assignRoleFromCommandLine(t.db, {
			regionSlug: 'bergstrasse-odenwald',
			email: someone.email.toUpperCase(),
			role: 'region_admin'
		});
		expect(result).toEqual({
			outcome: 'changed',
			displayName: 'Erste Admin',
			oldRole: 'citizen',
			newRole: 'region_admin',
			verified: false
		});
		expect(await roleOf(someone.id)).toBe('region_admin');
		const entry = await t.db
			.selectFrom('audit_entry')
			.selectAll()
			.where('target_id', '=', someone.id)
			.executeTakeFirstOrThrow();
		expect(entry).toMatchObject({
			region_id: demo.id,
			actor_id: null,
			action: 'admin.role_changed',
			details: { via: 'cli', oldRole: 'citizen', newRole: 'region_admin' }
		});
		await expect(
			assignRoleFromCommandLine(t.db, {
				regionSlug: 'bergstrasse-odenwald',
				email: someone.email,
				role: 'region_admin'
			})
		).resolves.toMatchObject({ outcome: 'unchanged' });
	});

	test('names the regions when the slug is wrong, and finds people only in that region', async () => {
		await expect(
			assignRoleFromCommandLine(t.db, { regionSlug: 'nirgendwo', email: 'x@y.de', role: 'citizen' })
		).resolves.toEqual({
			outcome: 'unknown_region',
			regions: ['bergstrasse-odenwald', 'marburg-biedenkopf']
		});
		const marburger = await person(marburg);
		await expect(
			assignRoleFromCommandLine(t.db, {
				regionSlug: 'bergstrasse-odenwald',
				email: marburger.email,
				role: 'moderator'
			})
		).resolves.toEqual({ outcome: 'unknown_person' });
	});
});

describe('organisations, region, outbox and audit log', () => {
	let admin: SessionPerson;
	let marburgAdmin: SessionPerson;

	beforeAll(async () => {
		admin = await person(demo, { role: 'region_admin', name: 'Olga Overview' });
		marburgAdmin = await person(marburg, { role: 'region_admin' });
	});

	test('the overview counts the region’s people, organisations and mail', async () => {
		await organisation(marburg, 'Zählverein', true);
		await organisation(marburg, 'Noch offen', false);
		await t.db
			.insertInto('mail')
			.values([
				{ region_id: marburg.id, to_address: 'a@x.de', subject: 's', body: 'b', status: 'held' },
				{ region_id: marburg.id, to_address: 'a@x.de', subject: 's', body: 'b', status: 'failed' }
			])
			.execute();
		const overview = await getOverview(ctx(marburg, marburgAdmin));
		const people = await t.db
			.selectFrom('person')
			.select(sql<number>`count(*)::int`.as('count'))
			.where('region_id', '=', marburg.id)
			.executeTakeFirstOrThrow();
		expect(overview.people.total).toBe(people.count);
		expect(overview.organisations.total).toBeGreaterThanOrEqual(2);
		expect(overview.organisations.verified).toBeLessThan(overview.organisations.total);
		expect(overview.mail.held).toBeGreaterThanOrEqual(1);
		expect(overview.mail.failed).toBeGreaterThanOrEqual(1);
	});

	test('organisations: own region only, filtered by status, with slug for the link', async () => {
		const verified = await organisation(demo, 'Bestätigter Verein', true);
		const open = await organisation(demo, 'Offene Genossenschaft', false);
		const all = await listOrganisations(ctx(demo, admin), { seite: 1, status: 'alle' });
		const slugs = all.items.map((o) => o.slug);
		expect(slugs).toEqual(expect.arrayContaining([verified, open]));
		expect(all.items.find((o) => o.slug === verified)).toMatchObject({
			name: 'Bestätigter Verein',
			kind: 'association',
			sector: 'zivilgesellschaft'
		});
		expect(all.items.find((o) => o.slug === verified)!.verifiedAt).not.toBeNull();
		const onlyOpen = await listOrganisations(ctx(demo, admin), { seite: 1, status: 'offen' });
		expect(onlyOpen.items.every((o) => o.verifiedAt === null)).toBe(true);
		expect(onlyOpen.items.map((o) => o.slug)).toContain(open);
		const marburgList = await listOrganisations(ctx(marburg, marburgAdmin), {
			seite: 1,
			status: 'alle'
		});
		expect(marburgList.items.map((o) => o.slug)).not.toContain(verified);
	});

	test('the region summary is the region’s own configuration', () => {
		const summary = getRegionSummary(ctx(demo, admin));
		expect(summary.slug).toBe('bergstrasse-odenwald');
		expect(summary.hosts.length).toBeGreaterThan(0);
		expect(summary.topicFields.length).toBe(demo.topicFields.length);
		expect(summary.municipalityCount).toBe(demo.municipalityCount);
	});

	test('the outbox: own region, newest first, text only of held mails, 50 per page', async () => {
		const base = Date.parse('2026-12-01T10:00:00Z');
		await t.db
			.insertInto('mail')
			.values([
				...Array.from({ length: 50 }, (_, i) => ({
					region_id: demo.id,
					to_address: `old${i}@example.org`,
					subject: `Alt ${i}`,
					body: 'alt',
					status: 'sent' as const,
					created_at: new Date(base - (i + 1) * 60_000)
				})),
				{
					region_id: demo.id,
					to_address: 'held@example.org',
					subject: 'Bitte bestätigen',
					body: 'Link: http://localhost/konto/bestaetigen?token=geheim',
					status: 'held',
					created_at: new Date(base + 60_000)
				},
				{
					region_id: demo.id,
					to_address: 'queued@example.org',
					subject: 'In der Warteschlange',
					body: 'Link: http://localhost/konto/passwort-neu?token=auch-geheim',
					status: 'queued',
					created_at: new Date(base)
				},
				{
					region_id: marburg.id,
					to_address: 'marburg@example.org',
					subject: 'Marburg',
					body: 'nicht für Bergstraße',
					status: 'held',
					created_at: new Date(base + 120_000)
				}
			])
			.execute();
		const first = await listMail(ctx(demo, admin), { seite: 1 });
		expect(first.items).toHaveLength(50);
		expect(first.hasNext).toBe(true);
		expect(first.items[0]).toMatchObject({
			to: 'held@example.org',
			status: 'held',
			body: 'Link: http://localhost/konto/bestaetigen?token=geheim'
		});
		expect(first.items[1]).toMatchObject({ to: 'queued@example.org', body: null });
		expect(first.items.some((m) => m.to === 'marburg@example.org')).toBe(false);
		const second = await listMail(ctx(demo, admin), { seite: 2 });
		expect(second.items.length).toBeGreaterThan(0);
		expect(second.items.every((m) => m.status !== 'held' || m.body !== null)).toBe(true);
	});

	test('the audit log names actors and targets, keeps deleted ones apart, filters', async () => {
		const actor = await person(demo, { name: 'Paula Protokoll', role: 'region_admin' });
		const gone = await person(demo, { name: 'Gustav Gelöscht' });
		const target = await person(demo, { name: 'Tina Target' });
		await changeRole(ctx(demo, actor), { person: target.id, role: 'moderator' });
		await audit(t.db, {
			regionId: demo.id,
			actorId: gone.id,
			action: 'account.login',
			ip: '198.51.100.1'
		});
		await audit(t.db, {
			regionId: demo.id,
			actorId: null,
			action: 'account.login_failed',
			ip: '198.51.100.2',
			details: { unknownEmail: true }
		});
		await audit(t.db, {
			regionId: marburg.id,
			actorId: marburgAdmin.id,
			action: 'account.login',
			ip: '203.0.113.9'
		});
		await t.db.deleteFrom('person').where('id', '=', gone.id).execute();

		const log = await listAuditEntries(ctx(demo, admin), { seite: 1, aktion: '' });
		expect(log.items.some((e) => e.ip === '203.0.113.9')).toBe(false);
		const [failed, deletedLogin, roleChange] = log.items;
		expect(failed).toMatchObject({
			action: 'account.login_failed',
			actor: { kind: 'unknown' },
			ip: '198.51.100.2',
			details: [{ key: 'unknownEmail', value: 'true' }]
		});
		expect(deletedLogin).toMatchObject({ action: 'account.login', actor: { kind: 'deleted' } });
		expect(roleChange).toMatchObject({
			action: 'admin.role_changed',
			actor: { kind: 'person', name: 'Paula Protokoll' },
			target: { kind: 'person', name: 'Tina Target' },
			ip: '192.0.2.7',
			details: expect.arrayContaining([
				{ key: 'oldRole', value: 'citizen' },
				{ key: 'newRole', value: 'moderator' }
			])
		});

		const roles = await listAuditEntries(ctx(demo, admin), { seite: 1, aktion: 'admin.' });
		expect(roles.items.length).toBeGreaterThan(0);
		expect(roles.items.every((e) => e.action.startsWith('admin.'))).toBe(true);
		const cli = roles.items.find((e) => e.actor.kind === 'commandLine');
		expect(cli?.details).toContainEqual({ key: 'via', value: 'cli' });
	});

	test('the audit log links places, markets and products, and marks removed ones', async () => {
		const moderator = await person(demo, { role: 'moderator' });
		const { slug } = await createPlace(
			{
				db: t.db,
				region: { id: demo.id, name: demo.name },
				actor: { regionId: demo.id, person: moderator },
				meta: { lang: 'de' }
			},
			placeSchema.parse({ name: 'Protokolladen', kind: 'farm', municipality: 'lindenfels' })
		);
		for (const [action, targetType] of [
			['market.updated', 'market'],
			['product.deleted', 'product']
		] as const) {
			await audit(t.db, {
				regionId: demo.id,
				actorId: moderator.id,
				action,
				targetType,
				targetId: crypto.randomUUID()
			});
		}
		const log = await listAuditEntries(ctx(demo, admin), { seite: 1, aktion: '' });
		const [product, market, place] = log.items;
		expect(place).toMatchObject({
			action: 'place.created',
			target: { kind: 'record', type: 'place', name: 'Protokolladen', href: `/orte/${slug}` }
		});
		expect(market).toMatchObject({ target: { kind: 'deleted', type: 'market' } });
		expect(product).toMatchObject({ target: { kind: 'deleted', type: 'product' } });
		const places = await listAuditEntries(ctx(demo, admin), { seite: 1, aktion: 'place.' });
		expect(places.items.map((e) => e.action)).toEqual(['place.created']);
	});
});
