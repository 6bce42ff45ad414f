/** Who may do what with use cases, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

/** Moderators create use cases (directly or from a contribution) and set their working group. */
export const canCreateUseCase = (actor: Actor) => isModerator(actor);
export const canSetWorkingGroup = (actor: Actor) => isModerator(actor);
/** Status, updates and actors: moderators and the leads of the use case's working group. */
export const canEditUseCase = (actor: Actor, leadsItsGroup: boolean) =>
	isModerator(actor) || (isVerified(actor) && leadsItsGroup);
