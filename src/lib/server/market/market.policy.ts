/**
 * Who may do what with markets, in one place. Markets are public. Moderators (and region
 * admins) and the admins of a market's organiser organisation manage it; members and admins
 * of a producer organisation speak for its attendance.
 */
import type { MemberRole } from '../db/schema.ts';
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

/** A moderator creates any market; an organiser's admin creates markets of that organiser. */
export function canCreateMarket(actor: Actor, adminOfSomeOrganiser: boolean): boolean {
	return isModerator(actor) || (isVerified(actor) && adminOfSomeOrganiser);
}

/** Editing, exceptions and stands: moderators, and admins of the market's organiser. */
export function canManageMarket(actor: Actor, organiserRole: MemberRole | null): boolean {
	return isModerator(actor) || (isVerified(actor) && organiserRole === 'admin');
}

/** Deleting a market (with its stands and attendance): whoever manages it. */
export function canDeleteMarket(actor: Actor, organiserRole: MemberRole | null): boolean {
	return canManageMarket(actor, organiserRole);
}

/** Only a producer's own people (admins or members) announce or cancel its attendance. */
export function canAnnounceAttendance(actor: Actor, producerRole: MemberRole | null): boolean {
	return isVerified(actor) && producerRole !== null;
}
