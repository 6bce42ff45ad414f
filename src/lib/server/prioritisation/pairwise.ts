/**
 * Pairwise comparison ("Was ist wichtiger?"), the pure part: which pair a person sees next,
 * and the ranking from all answers (Bradley–Terry, see bradley-terry.ts). Pairs are unordered
 * and stored with the smaller item id first.
 */
import { bradleyTerry } from './bradley-terry.ts';

export interface PairItem {
	id: string;
	title: string;
	position: number;
}
export interface StoredComparison {
	item_low: string;
	item_high: string;
	winner_id: string | null;
	person_id: string;
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * The next pair for a person: one they have not answered yet, with the fewest answers overall,
 * ties broken by the items' positions (deterministic). Shown in position order.
 */
export function nextPair(
	items: readonly PairItem[],
	comparisons: readonly StoredComparison[],
	personId: string | null
): [PairItem, PairItem] | null {
	const counts = new Map<string, number>();
	const mine = new Set<string>();
	for (const c of comparisons) {
		const key = pairKey(c.item_low, c.item_high);
		counts.set(key, (counts.get(key) ?? 0) + 1);
		if (c.person_id === personId) mine.add(key);
	}
	const sorted = [...items].sort((a, b) => a.position - b.position);
	let best: [PairItem, PairItem] | null = null;
	let bestCount = Infinity;
	for (let i = 0; i < sorted.length; i++) {
		for (let j = i + 1; j < sorted.length; j++) {
			const key = pairKey(sorted[i]!.id, sorted[j]!.id);
			if (mine.has(key)) continue;
			const count = counts.get(key) ?? 0;
			if (count < bestCount) {
				best = [sorted[i]!, sorted[j]!];
				bestCount = count;
			}
		}
	}
	return best;
}

/** Items ranked by strength, with wins and comparisons; score is the share of 100. */
export function pairwiseRanking(
	items: readonly PairItem[],
	comparisons: readonly StoredComparison[]
) {
	const strengths = bradleyTerry(
		items.map((i) => i.id),
		comparisons.map((c) => ({ a: c.item_low, b: c.item_high, winner: c.winner_id }))
	);
	const total = [...strengths.values()].reduce((a, b) => a + b, 0) || 1;
	const wins = new Map<string, number>();
	const games = new Map<string, number>();
	for (const c of comparisons) {
		games.set(c.item_low, (games.get(c.item_low) ?? 0) + 1);
		games.set(c.item_high, (games.get(c.item_high) ?? 0) + 1);
		if (c.winner_id) wins.set(c.winner_id, (wins.get(c.winner_id) ?? 0) + 1);
	}
	return items
		.map((item) => ({
			id: item.id,
			title: item.title,
			score: Math.round((1000 * strengths.get(item.id)!) / total) / 10,
			wins: wins.get(item.id) ?? 0,
			comparisons: games.get(item.id) ?? 0
		}))
		.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}
