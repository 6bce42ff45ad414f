/**
 * Distances on the earth's surface for "near me" questions and route planning. Haversine on a
 * sphere is within 0.5 % of the ellipsoid at German latitudes, far below what people notice.
 */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

export interface LatLon {
	lat: number;
	lon: number;
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: LatLon, b: LatLon): number {
	const dLat = (b.lat - a.lat) * RAD;
	const dLon = (b.lon - a.lon) * RAD;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A box that contains every point within `km` of `centre` (for an index scan before the exact
 * distance). Near the poles the longitude span is capped to the whole circle.
 */
export function boundingBox(centre: LatLon, km: number) {
	const dLat = km / 111.195;
	const cos = Math.cos(centre.lat * RAD);
	const dLon = cos < 1e-6 ? 180 : Math.min(180, km / (111.195 * cos));
	return {
		minLat: centre.lat - dLat,
		maxLat: centre.lat + dLat,
		minLon: centre.lon - dLon,
		maxLon: centre.lon + dLon
	};
}
