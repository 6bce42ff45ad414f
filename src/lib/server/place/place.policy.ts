/**
 * Who may do what with places: every rule of this capability, in one place. Places are public.
 * Moderators and region admins keep every place of their region; an organisation's admins and
 * members keep the places it operates (a village shop's team keeps the shop's hours).
 */
import type { MemberRole } from '../db/schema.ts';
import { isModerator, isSignedIn, isVerified, type Actor } from '../security/actor.ts';

/** The actor's own role in the place's operating organisation, or null. */
export type OperatorRole = MemberRole | null;

export interface PlaceRef {
	regionId: string;
}

function sameRegion(actor: Actor, place: PlaceRef): boolean {
	return isSignedIn(actor) && place.regionId === actor.regionId;
}

/** A moderator may add any place; anyone else one their organisation operates. */
export function canCreate(actor: Actor, operatorRole: OperatorRole): boolean {
	return isModerator(actor) || (isVerified(actor) && operatorRole !== null);
}

/** Whether /orte/neu is worth offering: moderators, or members of at least one organisation. */
export function canOpenCreateForm(actor: Actor, organisationCount: number): boolean {
	return isModerator(actor) || (isVerified(actor) && organisationCount > 0);
}

export function canEdit(actor: Actor, place: PlaceRef, operatorRole: OperatorRole): boolean {
	return sameRegion(actor, place) && (isModerator(actor) || operatorRole !== null);
}

/**
 * Deleting a place: whoever keeps it may also remove it (moderators, the operator's people).
 * Whether it may go at all — nothing uses it any more — is the service's and the database's
 * concern, not a question of who asks.
 */
export function canDelete(actor: Actor, place: PlaceRef, operatorRole: OperatorRole): boolean {
	return canEdit(actor, place, operatorRole);
}

/**
 * Handing a place to another operator: moderators to any organisation; others only to one
 * they belong to (nobody moves their shop into another organisation's hands).
 */
export function canAssignOperator(actor: Actor, newOperatorRole: OperatorRole): boolean {
	return isModerator(actor) || newOperatorRole !== null;
}

export function permissionsFor(actor: Actor, place: PlaceRef, operatorRole: OperatorRole) {
	return {
		edit: canEdit(actor, place, operatorRole),
		delete: canDelete(actor, place, operatorRole)
	};
}
