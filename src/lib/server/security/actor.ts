/**
 * Who is acting, for the authorisation rules. Each capability declares its rules in one place
 * (`<capability>.policy.ts`) in terms of these predicates, and its services check them first.
 */
import type { SessionPerson } from '../account/session.ts';
import { AppError } from './app-error.ts';

export interface Actor {
	/** the region of the request; an actor never acts in another region */
	regionId: string;
	person: SessionPerson | null;
}

export function isSignedIn(actor: Actor): actor is Actor & { person: SessionPerson } {
	return actor.person !== null && actor.person.regionId === actor.regionId;
}

export function isVerified(actor: Actor): boolean {
	return isSignedIn(actor) && actor.person.emailVerified;
}

/** Moderators verify organisations and moderate content in their region. */
export function isModerator(actor: Actor): boolean {
	return (
		isSignedIn(actor) &&
		(actor.person.role === 'moderator' ||
			actor.person.role === 'region_admin' ||
			actor.person.isPlatformAdmin)
	);
}

/** Region admins manage people, roles, settings, the outbox and read the audit log. */
export function isRegionAdmin(actor: Actor): boolean {
	return (
		isSignedIn(actor) && (actor.person.role === 'region_admin' || actor.person.isPlatformAdmin)
	);
}

export function isPlatformAdmin(actor: Actor): boolean {
	return isSignedIn(actor) && actor.person.isPlatformAdmin;
}

/** Throws 401 for anonymous actors and 403 for signed-in ones when `allowed` is false. */
export function authorise(actor: Actor, allowed: boolean): void {
	if (allowed) return;
	if (!isSignedIn(actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	throw new AppError('forbidden', 'auth.forbidden');
}
