/**
 * Who may do what with products: every rule of this capability, in one place. Products are
 * public. A producer organisation's admins and members keep its products; region moderators may
 * correct any. Pages use the same rules to decide which links and buttons to show.
 */
import type { MemberRole } from '../db/schema.ts';
import { isModerator, isSignedIn, isVerified, type Actor } from '../security/actor.ts';

/** Only what the rules need to know about a producer organisation. */
export interface ProducerRef {
	regionId: string;
	kind: string;
	/** the acting person's role in it, or null */
	myRole: MemberRole | null;
}

export function isProducerKind(kind: string): boolean {
	return kind === 'producer' || kind === 'farm_shop';
}

/** Adding, editing and removing the products of this producer. */
export function canManageProducts(actor: Actor, producer: ProducerRef): boolean {
	if (!isSignedIn(actor) || actor.regionId !== producer.regionId) return false;
	if (!isProducerKind(producer.kind)) return false;
	return (isVerified(actor) && producer.myRole !== null) || isModerator(actor);
}

/** Whether the "add a product" form is worth offering at all (the service checks the producer). */
export function canAddProducts(actor: Actor): boolean {
	return isSignedIn(actor) && (isVerified(actor) || isModerator(actor));
}
