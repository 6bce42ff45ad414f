import { describe, expect, test } from 'vitest';
import { distanceKm } from '../place/geo.ts';
import { nearestNeighbour, pathLength, planTour, twoOpt, type TourStop } from './tour.ts';

const depot = { lat: 49.65, lon: 8.75 };
const stop = (id: string, lat: number, lon: number): TourStop => ({ id, lat, lon });

/** A small deterministic pseudo-random generator (mulberry32), for reproducible instances. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function scatter(seed: number, n: number, prefix: string): TourStop[] {
	const next = random(seed);
	return Array.from({ length: n }, (_, i) =>
		stop(`${prefix}${i}`, 49.5 + next() * 0.3, 8.6 + next() * 0.4)
	);
}

describe('tour', () => {
	test('2-opt never makes a path longer than nearest neighbour', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const stops = scatter(seed, 3 + (seed % 10), 's');
			const nn = nearestNeighbour(depot, stops);
			const improved = twoOpt(depot, nn, depot);
			expect(pathLength(depot, improved, depot)).toBeLessThanOrEqual(
				pathLength(depot, nn, depot) + 1e-9
			);
			expect(improved.map((s) => s.id).sort()).toEqual(stops.map((s) => s.id).sort());
		}
	});

	test('2-opt undoes a crossing', () => {
		// a square: depot at one corner; visiting the far corner second makes the legs cross
		const a = stop('a', 49.65, 8.76);
		const b = stop('b', 49.66, 8.76);
		const c = stop('c', 49.66, 8.75);
		const crossing = [a, c, b];
		const fixed = twoOpt(depot, crossing, depot);
		expect(fixed.map((s) => s.id)).toEqual(['a', 'b', 'c']);
		expect(pathLength(depot, fixed, depot)).toBeLessThan(pathLength(depot, crossing, depot));
	});

	test('every collection comes before every drop, also when a drop lies on the way', () => {
		const producers = [stop('p1', 49.8, 8.9), stop('p2', 49.85, 8.95)];
		// this pickup point lies right next to the depot: a free tour would drop there first
		const pickups = [stop('d1', 49.651, 8.751), stop('d2', 49.82, 8.92)];
		const tour = planTour(depot, producers, pickups);
		const kinds = tour.stops.map((s) => s.kind);
		expect(kinds).toEqual(['collect', 'collect', 'drop', 'drop']);
		expect(tour.stops.slice(0, 2).map((s) => s.stop.id)).toEqual(['p1', 'p2']);
		expect(tour.stops.slice(2).map((s) => s.stop.id)).toEqual(['d2', 'd1']);
		const legs = tour.stops.reduce((sum, s) => sum + s.legKm, 0) + tour.returnKm;
		expect(tour.totalKm).toBeCloseTo(legs, 9);
		expect(tour.stops[0]!.legKm).toBeCloseTo(distanceKm(depot, producers[0]!), 9);
	});

	test('0, 1 and 2 stops', () => {
		expect(planTour(depot, [], [])).toEqual({ stops: [], returnKm: 0, totalKm: 0 });
		const one = planTour(depot, [stop('p', 49.7, 8.8)], []);
		expect(one.stops.map((s) => s.stop.id)).toEqual(['p']);
		expect(one.totalKm).toBeCloseTo(2 * distanceKm(depot, { lat: 49.7, lon: 8.8 }), 9);
		const onlyDrop = planTour(depot, [], [stop('d', 49.7, 8.8)]);
		expect(onlyDrop.stops.map((s) => s.kind)).toEqual(['drop']);
		const two = planTour(depot, [stop('p', 49.7, 8.8)], [stop('d', 49.6, 8.7)]);
		expect(two.stops.map((s) => s.stop.id)).toEqual(['p', 'd']);
	});

	test('deterministic, whatever the input order', () => {
		const producers = scatter(7, 8, 'p');
		const pickups = scatter(8, 5, 'd');
		const first = planTour(depot, producers, pickups);
		const again = planTour(depot, [...producers].reverse(), [...pickups].reverse());
		expect(again.stops.map((s) => s.stop.id)).toEqual(first.stops.map((s) => s.stop.id));
		expect(again.totalKm).toBe(first.totalKm);
	});
});
