import { describe, expect, test } from 'vitest';
import type { SessionPerson } from '../account/session.ts';
import type { Actor } from '../security/actor.ts';
import {
	canAcceptInvitation,
	canCreate,
	canEdit,
	canLeave,
	canManageMembers,
	canSeeMemberEmails,
	canVerify,
	canViewMembers,
	type Membership
} from './organisation.policy.ts';

const REGION = 'region-a';
const OTHER = 'region-b';
const organisation = { regionId: REGION };

function person(overrides: Partial<SessionPerson> = {}): SessionPerson {
	return {
		sessionHash: 'h',
		id: 'p1',
		regionId: REGION,
		email: 'p1@example.org',
		displayName: 'P',
		emailVerified: true,
		role: 'citizen',
		isPlatformAdmin: false,
		language: 'de',
		...overrides
	};
}
const actor = (p: SessionPerson | null, regionId = REGION): Actor => ({ regionId, person: p });
const admin: Membership = { personId: 'p1', role: 'admin' };
const member: Membership = { personId: 'p1', role: 'member' };

describe('organisation rules', () => {
	test('creating needs a signed-in person with a confirmed address', () => {
		expect(canCreate(actor(null))).toBe(false);
		expect(canCreate(actor(person({ emailVerified: false })))).toBe(false);
		expect(canCreate(actor(person()))).toBe(true);
		// a session of another region counts as nobody
		expect(canCreate(actor(person({ regionId: OTHER })))).toBe(false);
	});

	test('admins and moderators edit; members and others do not', () => {
		expect(canEdit(actor(person()), organisation, admin)).toBe(true);
		expect(canEdit(actor(person()), organisation, member)).toBe(false);
		expect(canEdit(actor(person()), organisation, null)).toBe(false);
		expect(canEdit(actor(person({ role: 'moderator' })), organisation, null)).toBe(true);
		expect(canEdit(actor(person({ role: 'region_admin' })), organisation, null)).toBe(true);
		expect(canEdit(actor(person({ isPlatformAdmin: true })), organisation, null)).toBe(true);
		expect(canEdit(actor(null), organisation, null)).toBe(false);
	});

	test('a membership counts only when it is the actor’s own', () => {
		const someoneElses: Membership = { personId: 'p2', role: 'admin' };
		expect(canEdit(actor(person()), organisation, someoneElses)).toBe(false);
		expect(canManageMembers(actor(person()), organisation, someoneElses)).toBe(false);
		expect(canLeave(actor(person()), organisation, someoneElses)).toBe(false);
		expect(canEdit(actor(null), organisation, admin)).toBe(false);
	});

	test('members: admins manage, members see, moderators see (addresses only for region admins)', () => {
		const moderator = actor(person({ role: 'moderator' }));
		expect(canManageMembers(actor(person()), organisation, admin)).toBe(true);
		expect(canManageMembers(actor(person()), organisation, member)).toBe(false);
		expect(canManageMembers(moderator, organisation, null)).toBe(false);
		expect(canViewMembers(actor(person()), organisation, member)).toBe(true);
		expect(canViewMembers(actor(person()), organisation, null)).toBe(false);
		expect(canViewMembers(moderator, organisation, null)).toBe(true);
		expect(canSeeMemberEmails(actor(person()), organisation, member)).toBe(false);
		expect(canSeeMemberEmails(actor(person()), organisation, admin)).toBe(true);
		// as in the admin area: e-mail addresses are for region admins, not for moderators
		expect(canSeeMemberEmails(moderator, organisation, null)).toBe(false);
		expect(canSeeMemberEmails(actor(person({ role: 'region_admin' })), organisation, null)).toBe(
			true
		);
		expect(canLeave(actor(person()), organisation, member)).toBe(true);
		expect(canLeave(actor(person()), organisation, null)).toBe(false);
	});

	test('only moderators verify', () => {
		expect(canVerify(actor(person()), organisation)).toBe(false);
		expect(canVerify(actor(person({ role: 'moderator' })), organisation)).toBe(true);
		expect(canVerify(actor(null), organisation)).toBe(false);
	});

	test('nothing crosses regions, not even for moderators and platform admins', () => {
		const elsewhere = { regionId: OTHER };
		for (const p of [person({ role: 'moderator' }), person({ isPlatformAdmin: true })]) {
			expect(canEdit(actor(p), elsewhere, admin)).toBe(false);
			expect(canViewMembers(actor(p), elsewhere, admin)).toBe(false);
			expect(canManageMembers(actor(p), elsewhere, admin)).toBe(false);
			expect(canLeave(actor(p), elsewhere, admin)).toBe(false);
			expect(canVerify(actor(p), elsewhere)).toBe(false);
			// the person's session is for region A; acting on region B's host makes them nobody
			expect(canVerify(actor(p, OTHER), elsewhere)).toBe(false);
		}
	});

	test('accepting an invitation needs a signed-in person of the region', () => {
		expect(canAcceptInvitation(actor(null))).toBe(false);
		expect(canAcceptInvitation(actor(person({ emailVerified: false })))).toBe(true);
		expect(canAcceptInvitation(actor(person(), OTHER))).toBe(false);
	});
});
