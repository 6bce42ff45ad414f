import { expect, test } from 'vitest';
import { boundingBox, distanceKm } from './geo.ts';

const lindenfels = { lat: 49.684, lon: 8.781 };
const bensheim = { lat: 49.684, lon: 8.618 };
const michelstadt = { lat: 49.678, lon: 9.004 };

test('distances between Odenwald towns match the map', () => {
	// 0.163° of longitude at 49.68° N is about 11.7 km
	expect(distanceKm(lindenfels, bensheim)).toBeCloseTo(11.73, 1);
	expect(distanceKm(lindenfels, michelstadt)).toBeGreaterThan(15);
	expect(distanceKm(lindenfels, michelstadt)).toBeLessThan(17);
	expect(distanceKm(bensheim, bensheim)).toBe(0);
	expect(distanceKm(lindenfels, bensheim)).toBeCloseTo(distanceKm(bensheim, lindenfels), 9);
});

test('the bounding box contains every point within the radius', () => {
	const box = boundingBox(lindenfels, 10);
	for (let bearing = 0; bearing < 360; bearing += 15) {
		const r = (bearing * Math.PI) / 180;
		// a point about 9.9 km away in this direction
		const p = {
			lat: lindenfels.lat + (9.9 / 111.195) * Math.cos(r),
			lon:
				lindenfels.lon +
				(9.9 / (111.195 * Math.cos((lindenfels.lat * Math.PI) / 180))) * Math.sin(r)
		};
		expect(distanceKm(lindenfels, p)).toBeLessThan(10);
		expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
		expect(p.lat).toBeLessThanOrEqual(box.maxLat);
		expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
		expect(p.lon).toBeLessThanOrEqual(box.maxLon);
	}
	expect(distanceKm(lindenfels, { lat: box.maxLat, lon: lindenfels.lon })).toBeCloseTo(10, 1);
});
