/**
 * Event times are stored as instants (timestamptz) and entered and shown as wall-clock time in
 * Europe/Berlin, whatever the server's zone, correctly on both sides of a daylight-saving change.
 */
export const EVENT_ZONE = 'Europe/Berlin';

const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: EVENT_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Offset of Berlin from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetAt(instant: number): number {
	const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
	const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2027-03-28T10:00" in Berlin → the instant, or null if it is no valid local time. A time
 * that does not exist (the skipped hour in March) is taken as the same wall time in summer
 * time's reckoning after the jump; an ambiguous one (October) as the earlier instant.
 */
export function berlinToInstant(local: string): Date | null {
	const m = LOCAL.exec(local);
	if (!m) return null;
	const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
		number,
		number,
		number,
		number,
		number
	];
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute);
	if (new Date(wall).getUTCDate() !== day) return null;
	// try the two possible offsets; the earlier instant that shows this wall time wins
	for (const guess of [2, 1].map((h) => wall - h * 3600_000)) {
		if (guess + offsetAt(guess) === wall) return new Date(guess);
	}
	return new Date(wall - offsetAt(wall));
}

/** The instant → "2027-03-28T10:00" in Berlin (for the value of a datetime-local field). */
export function instantToBerlin(instant: Date): string {
	const shifted = new Date(instant.getTime() + offsetAt(instant.getTime()));
	return shifted.toISOString().slice(0, 16);
}
