/** Who may do what with events, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

/**
 * Organising an event (create, edit, cancel, agenda, minutes, participant list, paper
 * contributions). Today moderators; working-group leads are meant to join here later, for the
 * events of their group, which is why the event is passed along.
 */
export const canOrganise = (actor: Actor, _event?: { topicFieldId: string | null }) =>
	isModerator(actor);

/** Registering needs a confirmed address: one person, one place. */
export const canRegister = (actor: Actor) => isVerified(actor);
