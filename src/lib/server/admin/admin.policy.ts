/**
 * Who may do what in the admin area of a region — every rule of this capability, in one place.
 * The service checks these first; pages only use them to decide which links to show.
 *
 * Moderators (and everyone above them) open the admin area and see people's display names and
 * roles, organisations and the region's configuration. E-mail addresses, roles, the outbox (its
 * held mails contain live sign-in links) and the audit log (IP addresses) are for region admins.
 * Every predicate requires the actor to be signed in *in this region*, so nothing crosses regions.
 */
import type { PersonRole } from '../db/schema.ts';
import { isModerator, isRegionAdmin, type Actor } from '../security/actor.ts';

export const adminPolicy = {
	openAdminArea: isModerator,
	viewOverview: isModerator,
	listPeople: isModerator,
	seeEmails: isRegionAdmin,
	changeRoles: isRegionAdmin,
	listOrganisations: isModerator,
	viewRegionSettings: isModerator,
	readOutbox: isRegionAdmin,
	readAuditLog: isRegionAdmin
} satisfies Record<string, (actor: Actor) => boolean>;

export type AdminPermission = keyof typeof adminPolicy;

export function can(actor: Actor, permission: AdminPermission): boolean {
	return adminPolicy[permission](actor);
}

export const ROLES = [
	'citizen',
	'moderator',
	'region_admin'
] as const satisfies readonly PersonRole[];

/** What the service knows, with the rows locked, when someone's role is to change. */
export interface RoleChangeFacts {
	/** the acting person, null for the operator's command line */
	actorId: string | null;
	target: { id: string; role: PersonRole };
	newRole: PersonRole;
	/** region admins of the region other than the target, as of the locked rows */
	otherRegionAdmins: number;
}

/**
 * The message key of the rule a role change breaks, or null when it may happen. Nobody changes
 * their own role (an admin cannot lock themselves out by a slip), and a region never loses its
 * last region admin — only another region admin can step in, so someone must remain.
 */
export function roleChangeProblem(facts: RoleChangeFacts): string | null {
	if (facts.actorId !== null && facts.actorId === facts.target.id) return 'admin.role.ownRole';
	if (
		facts.target.role === 'region_admin' &&
		facts.newRole !== 'region_admin' &&
		facts.otherRegionAdmins === 0
	)
		return 'admin.role.lastAdmin';
	return null;
}
