/**
 * Who may do what with organisations: every rule of this capability, in one place. The services
 * check these at the top of each function (after loading the organisation in the actor's
 * region); pages use the same rules only to decide which links and buttons to show.
 *
 * Organisation profiles are public. Only the people in them, and region moderators, see who
 * belongs to an organisation; only its admins change that.
 */
import type { MemberRole } from '../db/schema.ts';
import {
	isModerator,
	isRegionAdmin,
	isSignedIn,
	isVerified,
	type Actor
} from '../security/actor.ts';

/** The acting person's own membership in the organisation, or null. */
export type Membership = { personId: string; role: MemberRole } | null;

/** Only what the rules need to know about an organisation. */
export interface OrganisationRef {
	regionId: string;
}

/** Nothing crosses regions: a person acts only on organisations of their own region. */
function sameRegion(actor: Actor, organisation: OrganisationRef): boolean {
	return isSignedIn(actor) && organisation.regionId === actor.regionId;
}

/** The membership counts only when it is the actor's own. */
function roleOf(actor: Actor, membership: Membership): MemberRole | null {
	if (!isSignedIn(actor) || !membership || membership.personId !== actor.person.id) return null;
	return membership.role;
}

/** Anyone signed in with a confirmed e-mail address may add an organisation to the region. */
export function canCreate(actor: Actor): boolean {
	return isVerified(actor);
}

/** The organisation's admins keep its profile; moderators may correct it. */
export function canEdit(actor: Actor, organisation: OrganisationRef, membership: Membership) {
	return (
		sameRegion(actor, organisation) && (roleOf(actor, membership) === 'admin' || isModerator(actor))
	);
}

/** Members see each other; moderators see every organisation's members. */
export function canViewMembers(
	actor: Actor,
	organisation: OrganisationRef,
	membership: Membership
): boolean {
	return (
		sameRegion(actor, organisation) && (roleOf(actor, membership) !== null || isModerator(actor))
	);
}

/** Inviting, changing roles and removing members is for the organisation's admins. */
export function canManageMembers(
	actor: Actor,
	organisation: OrganisationRef,
	membership: Membership
): boolean {
	return sameRegion(actor, organisation) && roleOf(actor, membership) === 'admin';
}

/** E-mail addresses of members are shown to those who manage or moderate, not to every member. */
export function canSeeMemberEmails(
	actor: Actor,
	organisation: OrganisationRef,
	membership: Membership
): boolean {
	// e-mail addresses are for the organisation's admins and region admins (as in the admin area)
	return canManageMembers(actor, organisation, membership) || isRegionAdmin(actor);
}

/** Every member may leave (the last admin is stopped by the service, under a lock). */
export function canLeave(actor: Actor, organisation: OrganisationRef, membership: Membership) {
	return sameRegion(actor, organisation) && roleOf(actor, membership) !== null;
}

/** Region moderators confirm that an organisation is what it says it is. */
export function canVerify(actor: Actor, organisation: OrganisationRef): boolean {
	return sameRegion(actor, organisation) && isModerator(actor);
}

/** An invitation is accepted by a signed-in person (whose address the service compares). */
export function canAcceptInvitation(actor: Actor): boolean {
	return isSignedIn(actor);
}

/** What a page may offer the actor for one organisation. */
export function permissionsFor(
	actor: Actor,
	organisation: OrganisationRef,
	membership: Membership
) {
	return {
		edit: canEdit(actor, organisation, membership),
		viewMembers: canViewMembers(actor, organisation, membership),
		manageMembers: canManageMembers(actor, organisation, membership),
		leave: canLeave(actor, organisation, membership),
		verify: canVerify(actor, organisation)
	};
}
export type OrganisationPermissions = ReturnType<typeof permissionsFor>;
