/**
 * Who may do what with order cycles, in one place.
 *
 * A cycle is run by its coordinator organisation: that organisation's admins and the region's
 * moderators manage it and see who ordered (names for the packing list). A producer's members
 * see what to bring where — quantities, never names. Ordering needs a confirmed address, as
 * registering for an event does.
 */
import type { MemberRole } from '../db/schema.ts';
import { isModerator, isSignedIn, isVerified, type Actor } from '../security/actor.ts';

/** The acting person's role in an organisation, or null. */
export type Role = MemberRole | null;

/** Kinds of organisation that may coordinate a cycle: shops, market organisers, producers. */
export const COORDINATOR_KINDS = ['village_shop', 'farm_shop', 'market_organiser', 'producer'];

/** Starting a cycle for an organisation: its admins, or moderators. */
export const canCreateCycle = (actor: Actor, coordinatorRole: Role) =>
	isVerified(actor) && (coordinatorRole === 'admin' || isModerator(actor));

/** Managing a cycle (offers, pickups, all orders with names, the tour). */
export const canCoordinate = (actor: Actor, coordinatorRole: Role) =>
	isSignedIn(actor) && (coordinatorRole === 'admin' || isModerator(actor));

/** A producer's view: its admins and members, and the coordinators. */
export const canViewProducer = (actor: Actor, producerRole: Role, coordinatorRole: Role) =>
	isSignedIn(actor) && (producerRole !== null || canCoordinate(actor, coordinatorRole));

/** Customer names are for the coordinators only. */
export const canSeeCustomers = canCoordinate;

export const canOrder = (actor: Actor) => isVerified(actor);
