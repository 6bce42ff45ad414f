/**
 * The lifecycle of a use case (Anwendungsfall), in one place: idea → prioritised → in work →
 * implemented, paused on the way, or discarded with a reason. Discarded and implemented use
 * cases may be taken up again.
 */
import type { UseCaseStatus } from '../db/schema.ts';

export const USE_CASE_STATUSES = [
	'idea',
	'prioritised',
	'in_progress',
	'paused',
	'implemented',
	'discarded'
] as const satisfies readonly UseCaseStatus[];

export const TRANSITIONS: Readonly<Record<UseCaseStatus, readonly UseCaseStatus[]>> = {
	idea: ['prioritised', 'in_progress', 'discarded'],
	prioritised: ['idea', 'in_progress', 'paused', 'discarded'],
	in_progress: ['implemented', 'paused', 'discarded'],
	paused: ['prioritised', 'in_progress', 'discarded'],
	implemented: ['in_progress'],
	discarded: ['idea']
};

export function canTransition(from: UseCaseStatus, to: UseCaseStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** Discarding needs a reason; no other status has one. */
export const needsReason = (to: UseCaseStatus) => to === 'discarded';

export const ACTOR_ROLES = ['lead', 'partner', 'provider', 'user', 'funder'] as const;
