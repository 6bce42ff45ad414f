/**
 * Local wall-clock time in a time zone (Europe/Berlin for every region today) ↔ instants, with
 * the daylight-saving rules of the IANA database that Node's Intl carries. No library: two
 * small functions, tested around both changes of the year.
 */

export interface LocalDateTime {
	/** YYYY-MM-DD */
	date: string;
	/** HH:MM, 24-hour */
	time: string;
	/** 1 = Monday … 7 = Sunday (ISO) */
	weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let found = formatters.get(timeZone);
	if (!found) {
		found = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			weekday: 'short'
		});
		formatters.set(timeZone, found);
	}
	return found;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function parts(instant: number, timeZone: string) {
	const values: Record<string, string> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
		values[part.type] = part.value;
	}
	return {
		year: Number(values.year),
		month: Number(values.month),
		day: Number(values.day),
		hour: Number(values.hour),
		minute: Number(values.minute),
		second: Number(values.second),
		weekday: WEEKDAYS[values.weekday ?? ''] ?? 0
	};
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
	const p = parts(instant, timeZone);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`. A time that does not
 * exist (the hour skipped in spring) is moved forward by the gap, as a clock would be; a time
 * that exists twice (the hour repeated in autumn) means its first occurrence.
 */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
	// Six Intl calls per conversion (~65 µs): calendars of many markets convert the same few
	// dates and times over and over, so the results are remembered (bounded).
	const key = `${date} ${time} ${timeZone}`;
	const known = converted.get(key);
	if (known !== undefined) return new Date(known);
	const instant = convert(date, time, timeZone);
	if (converted.size >= 100_000) converted.clear();
	converted.set(key, instant.getTime());
	return instant;
}

const converted = new Map<string, number>();

function convert(date: string, time: string, timeZone: string): Date {
	const d = DATE.exec(date);
	const t = TIME.exec(time);
	if (!d || !t) throw new RangeError(`not a local date and time: ${date} ${time}`);
	const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
	const before = offsetAt(local - 12 * 3_600_000, timeZone);
	const after = offsetAt(local + 12 * 3_600_000, timeZone);
	const valid = [local - before, local - after].filter(
		(candidate, index) => offsetAt(candidate, timeZone) === (index === 0 ? before : after)
	);
	if (valid.length === 0) return new Date(local - before); // in the gap
	return new Date(Math.min(...valid));
}

/** The wall-clock date, time and weekday in `timeZone` at an instant. */
export function instantToZoned(instant: Date, timeZone: string): LocalDateTime {
	const p = parts(instant.getTime(), timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return {
		date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
		time: `${pad(p.hour)}:${pad(p.minute)}`,
		weekday: p.weekday
	};
}

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone involved). */
export function addDays(date: string, days: number): string {
	// expanding schedules steps through the same days again and again (one market after another)
	const key = `${date} ${days}`;
	let found = added.get(key);
	if (found === undefined) {
		if (added.size >= 100_000) added.clear();
		added.set(key, (found = computeAddDays(date, days)));
	}
	return found;
}

const added = new Map<string, string>();

function computeAddDays(date: string, days: number): string {
	const d = DATE.exec(date);
	if (!d) throw new RangeError(`not a date: ${date}`);
	const next = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + days));
	return next.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
	let found = weekdays.get(date);
	if (found === undefined) {
		if (weekdays.size >= 100_000) weekdays.clear();
		weekdays.set(date, (found = computeWeekday(date)));
	}
	return found;
}

const weekdays = new Map<string, number>();

function computeWeekday(date: string): number {
	const d = DATE.exec(date);
	if (!d) throw new RangeError(`not a date: ${date}`);
	const day = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))).getUTCDay();
	return day === 0 ? 7 : day;
}

/** True for a real calendar date (2026-02-30 is not). */
export function isCalendarDate(date: string): boolean {
	const d = DATE.exec(date);
	if (!d) return false;
	const parsed = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
	return parsed.toISOString().slice(0, 10) === date;
}
