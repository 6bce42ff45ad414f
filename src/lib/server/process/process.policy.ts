/** Who may do what with participation processes, in one place. */
import { isModerator, type Actor } from '../security/actor.ts';

export const canManageProcess = (actor: Actor) => isModerator(actor);
/** Moderators may always act, whatever the current phase allows. */
export const bypassesPhase = (actor: Actor) => isModerator(actor);
