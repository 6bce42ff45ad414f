/**
 * Bradley–Terry strengths from pairwise comparisons, by the MM algorithm (Hunter 2004).
 * Every item gets a small prior: one virtual win and one virtual loss against a reference item
 * of strength 1, so an item that was never beaten (or never won) still has a finite strength.
 * A "cannot decide" answer counts half a win for each side.
 */
export interface Comparison {
	a: string;
	b: string;
	/** the id of the preferred item, or null for "cannot decide" */
	winner: string | null;
}

export function bradleyTerry(
	items: readonly string[],
	comparisons: readonly Comparison[],
	iterations = 50
): Map<string, number> {
	const index = new Map(items.map((id, i) => [id, i]));
	const n = items.length;
	const wins = new Array<number>(n).fill(0);
	const games: number[][] = items.map(() => new Array<number>(n).fill(0));
	for (const c of comparisons) {
		const a = index.get(c.a);
		const b = index.get(c.b);
		if (a === undefined || b === undefined || a === b) continue;
		games[a]![b]!++;
		games[b]![a]!++;
		if (c.winner === null) {
			wins[a]! += 0.5;
			wins[b]! += 0.5;
		} else if (c.winner === c.a) wins[a]!++;
		else if (c.winner === c.b) wins[b]!++;
	}
	let p = new Array<number>(n).fill(1);
	for (let round = 0; round < iterations; round++) {
		p = p.map((pi, i) => {
			let denominator = 2 / (pi + 1); // the prior's two games against the reference
			for (let j = 0; j < n; j++) {
				const g = games[i]![j]!;
				if (g > 0) denominator += g / (pi + p[j]!);
			}
			return (wins[i]! + 1) / denominator;
		});
	}
	return new Map(items.map((id, i) => [id, p[i]!]));
}
