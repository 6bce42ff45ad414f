/** Who may do what on the topic map, in one place. Services check these first. */
import { isModerator, isSignedIn, isVerified, type Actor } from '../security/actor.ts';

/** Writing needs a confirmed address: contributions are public and carry a name. */
export const canContribute = (actor: Actor) => isVerified(actor);
export const canSupport = (actor: Actor) => isVerified(actor);
/** Moderators see hidden contributions (with their note); everybody else does not. */
export const canSeeHidden = (actor: Actor) => isModerator(actor);
export const isAuthor = (actor: Actor, authorId: string | null) =>
	isSignedIn(actor) && authorId !== null && actor.person.id === authorId;
