/**
 * The collection and delivery tour of an order cycle: from the depot to every producer whose
 * products were ordered (collect), then to every pickup point (drop), back to the depot.
 *
 * Every collection must come before every drop, so the tour is planned in two legs: the
 * collection sequence is a path from the depot over the producers; the drop sequence a path
 * from the last producer over the pickup points back to the depot. Each leg starts with
 * nearest neighbour and is improved by 2-opt (reversing a stretch while that shortens it).
 * Splitting this way respects the precedence by construction and keeps both problems small;
 * it can miss a shorter tour only by choosing the hand-over producer, which the drop leg's
 * optimisation then starts from — good enough for a village tour of a dozen stops.
 *
 * Pure and deterministic: ties are broken by the stops' ids.
 */
import { distanceKm, type LatLon } from '../place/geo.ts';

export interface TourStop extends LatLon {
	id: string;
}

export interface PlannedStop<S extends TourStop> {
	stop: S;
	kind: 'collect' | 'drop';
	/** distance from the previous point (depot or stop) */
	legKm: number;
}

export interface Tour<S extends TourStop> {
	stops: PlannedStop<S>[];
	/** the last leg, back to the depot */
	returnKm: number;
	totalKm: number;
}

/** Length of a path start → points… → end (end optional). */
export function pathLength(start: LatLon, points: LatLon[], end?: LatLon): number {
	let total = 0;
	let at = start;
	for (const p of points) {
		total += distanceKm(at, p);
		at = p;
	}
	if (end) total += distanceKm(at, end);
	return total;
}

const byId = <S extends TourStop>(a: S, b: S) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Nearest neighbour from `start`: always the closest stop not yet visited. */
export function nearestNeighbour<S extends TourStop>(start: LatLon, stops: S[]): S[] {
	const left = [...stops].sort(byId);
	const order: S[] = [];
	let at: LatLon = start;
	while (left.length > 0) {
		let best = 0;
		let bestKm = Infinity;
		left.forEach((s, i) => {
			const km = distanceKm(at, s);
			if (km < bestKm - 1e-12) {
				best = i;
				bestKm = km;
			}
		});
		const [next] = left.splice(best, 1);
		order.push(next!);
		at = next!;
	}
	return order;
}

/**
 * 2-opt on an open path with fixed start (and optional fixed end): reverse the stretch i..j
 * whenever that makes the path shorter, until no reversal helps. Never returns a longer path.
 */
export function twoOpt<S extends TourStop>(start: LatLon, path: S[], end?: LatLon): S[] {
	const route = [...path];
	const n = route.length;
	const point = (k: number): LatLon | undefined =>
		k < 0 ? start : k >= n ? end : (route[k] as LatLon);
	let improved = true;
	let rounds = 0;
	while (improved && rounds < 1000) {
		improved = false;
		rounds++;
		for (let i = 0; i < n - 1; i++) {
			for (let j = i + 1; j < n; j++) {
				const a = point(i - 1)!;
				const b = point(i)!;
				const c = point(j)!;
				const d = point(j + 1);
				const before = distanceKm(a, b) + (d ? distanceKm(c, d) : 0);
				const after = distanceKm(a, c) + (d ? distanceKm(b, d) : 0);
				if (after < before - 1e-9) {
					route.splice(i, j - i + 1, ...route.slice(i, j + 1).reverse());
					improved = true;
				}
			}
		}
	}
	return route;
}

/** Plans the tour: collections (nearest neighbour + 2-opt), then drops, from and to the depot. */
export function planTour<S extends TourStop>(depot: LatLon, collect: S[], drop: S[]): Tour<S> {
	const collectOrder = twoOpt(depot, nearestNeighbour(depot, collect));
	const handOver: LatLon = collectOrder.at(-1) ?? depot;
	const dropOrder = twoOpt(handOver, nearestNeighbour(handOver, drop), depot);
	const stops: PlannedStop<S>[] = [];
	let at: LatLon = depot;
	for (const [kind, list] of [
		['collect', collectOrder],
		['drop', dropOrder]
	] as const) {
		for (const stop of list) {
			stops.push({ stop, kind, legKm: distanceKm(at, stop) });
			at = stop;
		}
	}
	const returnKm = stops.length > 0 ? distanceKm(at, depot) : 0;
	const totalKm = stops.reduce((sum, s) => sum + s.legKm, 0) + returnKm;
	return { stops, returnKm, totalKm };
}
