/** Who may do what in prioritisation rounds, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

export const canCreateRound = (actor: Actor) => isModerator(actor);
export const canCloseRound = (actor: Actor) => isModerator(actor);
/** Voting needs a confirmed address: one person, one ballot. */
export const canVote = (actor: Actor) => isVerified(actor);
/** Results: always after the end; while open only if the round shows them live, or to moderators. */
export const canSeeResults = (actor: Actor, round: { open: boolean; showLiveResults: boolean }) =>
	!round.open || round.showLiveResults || isModerator(actor);
