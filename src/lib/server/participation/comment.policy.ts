/** Who may do what with comments and flags, in one place. Services check these first. */
import { isSignedIn, isVerified, type Actor } from '../security/actor.ts';
import type { CommentStatus } from '../db/schema.ts';

/** An author may correct a comment this long after writing it; after that it stands. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** Comments are public and carry a name: writing needs a confirmed address. */
export const canComment = (actor: Actor) => isVerified(actor);
export const canFlag = (actor: Actor) => isVerified(actor);

interface CommentFacts {
	authorId: string | null;
	status: CommentStatus;
	createdAt: Date;
}

const isAuthorOf = (actor: Actor, facts: CommentFacts) =>
	isSignedIn(actor) && facts.authorId !== null && actor.person.id === facts.authorId;

export const canEditComment = (actor: Actor, facts: CommentFacts, now = new Date()) =>
	isAuthorOf(actor, facts) &&
	facts.status === 'published' &&
	now.getTime() - facts.createdAt.getTime() < EDIT_WINDOW_MS;

/** Authors may delete any time, also a hidden comment; a deleted one is gone already. */
export const canDeleteComment = (actor: Actor, facts: CommentFacts) =>
	isAuthorOf(actor, facts) && facts.status !== 'deleted';
