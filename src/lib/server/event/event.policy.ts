/** Who may do what with events, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

/**
 * Organising an event (create, edit, cancel, agenda, minutes, participant list, paper
 * contributions): moderators, for every event; and the leads of a working group (with a
 * confirmed address), for the meetings of their group — events linked to a group they lead.
 * `leadsGroup` says whether the actor leads the event's group; before an event exists (the
 * form), whether they lead any group at all.
 */
export const canOrganise = (actor: Actor, event: { leadsGroup: boolean } = { leadsGroup: false }) =>
	isModerator(actor) || (isVerified(actor) && event.leadsGroup);

/** Registering needs a confirmed address: one person, one place. */
export const canRegister = (actor: Actor) => isVerified(actor);
