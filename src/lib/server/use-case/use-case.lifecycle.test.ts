import { expect, test } from 'vitest';
import {
	canTransition,
	needsReason,
	TRANSITIONS,
	USE_CASE_STATUSES
} from './use-case.lifecycle.ts';

test('the main path idea → prioritised → in_progress → implemented is allowed', () => {
	expect(canTransition('idea', 'prioritised')).toBe(true);
	expect(canTransition('prioritised', 'in_progress')).toBe(true);
	expect(canTransition('in_progress', 'implemented')).toBe(true);
});

test('every status except discarded may be discarded; discarded only comes back as an idea', () => {
	for (const from of USE_CASE_STATUSES) {
		if (from === 'discarded' || from === 'implemented') continue;
		expect(canTransition(from, 'discarded'), from).toBe(true);
	}
	expect(TRANSITIONS.discarded).toEqual(['idea']);
	expect(canTransition('implemented', 'discarded')).toBe(false);
});

test('no status goes to itself, skipping back from implemented to idea is not allowed', () => {
	for (const from of USE_CASE_STATUSES) expect(canTransition(from, from)).toBe(false);
	expect(canTransition('implemented', 'idea')).toBe(false);
	expect(canTransition('idea', 'implemented')).toBe(false);
});

test('every status is reachable from an idea and every target is a known status', () => {
	const seen = new Set<string>(['idea']);
	const queue = ['idea'] as (typeof USE_CASE_STATUSES)[number][];
	while (queue.length) {
		for (const next of TRANSITIONS[queue.shift()!]) {
			expect(USE_CASE_STATUSES).toContain(next);
			if (!seen.has(next)) {
				seen.add(next);
				queue.push(next);
			}
		}
	}
	expect([...seen].sort()).toEqual([...USE_CASE_STATUSES].sort());
});

test('only discarding needs a reason', () => {
	expect(USE_CASE_STATUSES.filter(needsReason)).toEqual(['discarded']);
});
