/** Who may do what in working groups, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

/** Moderators set up working groups. */
export const canCreateGroup = (actor: Actor) => isModerator(actor);
/** Joining and pledging need a confirmed address. */
export const canJoin = (actor: Actor) => isVerified(actor);
export const canPledge = (actor: Actor) => isVerified(actor);
/** Leads (and moderators) manage the group: leads, members, needs; they see pledgers' contacts. */
export const canManageGroup = (actor: Actor, isLead: boolean) =>
	isModerator(actor) || (isVerified(actor) && isLead);
