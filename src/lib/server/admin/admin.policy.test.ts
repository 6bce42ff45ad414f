import { describe, expect, test } from 'vitest';
import type { SessionPerson } from '../account/session.ts';
import type { Actor } from '../security/actor.ts';
import { adminPolicy, can, roleChangeProblem } from './admin.policy.ts';

function actor(person: Partial<SessionPerson> | null, regionId = 'r1'): Actor {
	return {
		regionId,
		person: person && {
			sessionHash: 'h',
			id: 'p1',
			regionId: 'r1',
			email: 'a@b.de',
			displayName: 'A',
			emailVerified: true,
			role: 'citizen',
			isPlatformAdmin: false,
			language: 'de',
			...person
		}
	};
}

describe('admin policy', () => {
	test('moderators open the area; e-mails, roles, outbox and audit log are for admins', () => {
		const moderator = actor({ role: 'moderator' });
		const admin = actor({ role: 'region_admin' });
		const platform = actor({ isPlatformAdmin: true });
		for (const permission of Object.keys(adminPolicy) as (keyof typeof adminPolicy)[]) {
			expect(can(admin, permission), permission).toBe(true);
			expect(can(platform, permission), permission).toBe(true);
			expect(can(actor({}), permission), permission).toBe(false);
			expect(can(actor(null), permission), permission).toBe(false);
			// signed in elsewhere: nothing here
			expect(can(actor({ role: 'region_admin', isPlatformAdmin: true }, 'r2'), permission)).toBe(
				false
			);
		}
		expect(can(moderator, 'listPeople')).toBe(true);
		expect(can(moderator, 'seeEmails')).toBe(false);
		expect(can(moderator, 'changeRoles')).toBe(false);
		expect(can(moderator, 'readOutbox')).toBe(false);
		expect(can(moderator, 'readAuditLog')).toBe(false);
	});

	test('role changes: never one’s own, never the last region admin away', () => {
		const target = { id: 't', role: 'region_admin' as const };
		expect(
			roleChangeProblem({ actorId: 't', target, newRole: 'citizen', otherRegionAdmins: 3 })
		).toBe('admin.role.ownRole');
		expect(
			roleChangeProblem({ actorId: 'a', target, newRole: 'moderator', otherRegionAdmins: 0 })
		).toBe('admin.role.lastAdmin');
		expect(
			roleChangeProblem({ actorId: null, target, newRole: 'citizen', otherRegionAdmins: 0 })
		).toBe('admin.role.lastAdmin');
		expect(
			roleChangeProblem({ actorId: 'a', target, newRole: 'moderator', otherRegionAdmins: 1 })
		).toBeNull();
		expect(
			roleChangeProblem({
				actorId: 'a',
				target: { id: 't', role: 'citizen' },
				newRole: 'region_admin',
				otherRegionAdmins: 0
			})
		).toBeNull();
	});
});
