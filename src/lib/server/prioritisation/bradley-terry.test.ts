import { describe, expect, test } from 'vitest';
import { bradleyTerry } from './bradley-terry.ts';

describe('Bradley–Terry by MM', () => {
	test('one comparison, worked by hand', () => {
		// A beat B once. With the prior (one virtual win and loss against a reference of
		// strength 1) the fixed point has pA·pB = 1 and pA³ − pA² − 2 = 0, so pA ≈ 1.69562.
		const p = bradleyTerry(['A', 'B'], [{ a: 'A', b: 'B', winner: 'A' }]);
		expect(p.get('A')).toBeCloseTo(1.69562, 4);
		expect(p.get('B')).toBeCloseTo(1 / 1.69562, 4);
	});

	test('no comparisons: everyone equal; undecided answers change nothing in the order', () => {
		const p = bradleyTerry(['A', 'B', 'C'], [{ a: 'A', b: 'B', winner: null }]);
		expect(p.get('A')).toBeCloseTo(1, 6);
		expect(p.get('B')).toBeCloseTo(1, 6);
		expect(p.get('C')).toBeCloseTo(1, 6);
	});

	test('an item that always wins stays finite and ranks first; order follows the wins', () => {
		const comparisons = [
			{ a: 'A', b: 'B', winner: 'A' },
			{ a: 'A', b: 'C', winner: 'A' },
			{ a: 'B', b: 'C', winner: 'B' },
			{ a: 'A', b: 'B', winner: 'A' },
			{ a: 'B', b: 'C', winner: 'C' },
			{ a: 'B', b: 'C', winner: 'B' }
		];
		const p = bradleyTerry(['A', 'B', 'C'], comparisons, 200);
		expect(Number.isFinite(p.get('A'))).toBe(true);
		expect(p.get('A')!).toBeGreaterThan(p.get('B')!);
		expect(p.get('B')!).toBeGreaterThan(p.get('C')!);
		// at the fixed point each item's wins (with the prior) equal its expected wins
		const wins = { A: 3 + 1, B: 2 + 1, C: 1 + 1 };
		for (const id of ['A', 'B', 'C'] as const) {
			const pi = p.get(id)!;
			let expected = 2 * (pi / (pi + 1));
			for (const c of comparisons) {
				if (c.a === id || c.b === id) {
					const other = p.get(c.a === id ? c.b : c.a)!;
					expected += pi / (pi + other);
				}
			}
			expect(expected).toBeCloseTo(wins[id], 4);
		}
	});

	test('comparisons with unknown items are ignored', () => {
		const p = bradleyTerry(['A', 'B'], [{ a: 'A', b: 'X', winner: 'A' }]);
		expect(p.get('A')).toBeCloseTo(1, 6);
	});
});
