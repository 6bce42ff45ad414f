/**
 * The moderation rules, in one place. Moderators (and region and platform admins) of the
 * region see the flag queue, hide items with a visible note, restore them and dismiss flags.
 * Everybody else sees the note instead of a hidden item's text.
 */
import { isModerator, type Actor } from '../security/actor.ts';

export const moderationPolicy = {
	readQueue: isModerator,
	hide: isModerator,
	restore: isModerator,
	dismissFlags: isModerator,
	/** moderators see a hidden item's text next to the note */
	seeHiddenText: isModerator
} satisfies Record<string, (actor: Actor) => boolean>;

export type ModerationPermission = keyof typeof moderationPolicy;

export function canModerate(actor: Actor, permission: ModerationPermission): boolean {
	return moderationPolicy[permission](actor);
}
