/**
 * Who may do what with follows, notifications and official answers, in one place. Services
 * check these first.
 */
import { isModerator, isSignedIn, type Actor } from '../security/actor.ts';

export const notificationPolicy = {
	/** following is private and needs no confirmed address */
	follow: isSignedIn,
	/** people read and manage only their own notifications and settings */
	readOwn: isSignedIn,
	/** moderators and region admins answer on behalf of the administration */
	answerOfficially: isModerator
} satisfies Record<string, (actor: Actor) => boolean>;

export type NotificationPermission = keyof typeof notificationPolicy;

export function can(actor: Actor, permission: NotificationPermission): boolean {
	return notificationPolicy[permission](actor);
}
