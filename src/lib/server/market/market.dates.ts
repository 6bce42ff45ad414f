/**
 * Calendar arithmetic for market pages, without time-zone surprises: dates are local
 * calendar days (YYYY-MM-DD) in Europe/Berlin, computed from an instant once.
 */
import { addDays, instantToZoned, isCalendarDate, weekdayOf } from '../schedule/zoned-time.ts';
import type { Schedule } from '../schedule/schedule.ts';

export const ZONE = 'Europe/Berlin';

/** Today's local date in Berlin. */
export function today(now: Date): string {
	return instantToZoned(now, ZONE).date;
}

/** "This week": from today until Sunday; "next 7 days": today and the six days after. */
export function periodRange(now: Date, period: 'week' | 'days7'): { from: string; to: string } {
	const from = today(now);
	if (period === 'days7') return { from, to: addDays(from, 6) };
	return { from, to: addDays(from, 7 - weekdayOf(from)) };
}

/** A month `YYYY-MM` as its first and last day; null when it is not a month. */
export function monthRange(month: string): { from: string; to: string } | null {
	if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
	const from = `${month}-01`;
	if (!isCalendarDate(from)) return null;
	return { from, to: addDays(shiftMonth(month, 1) + '-01', -1) };
}

/** The month `n` months after (or before) `YYYY-MM`. */
export function shiftMonth(month: string, n: number): string {
	const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The weeks of a month as rows of 7 cells (Monday first), null outside the month. */
export function monthGrid(month: string): (string | null)[][] {
	const range = monthRange(month);
	if (!range) return [];
	const cells: (string | null)[] = Array.from({ length: weekdayOf(range.from) - 1 }, () => null);
	for (let day = range.from; day <= range.to; day = addDays(day, 1)) cells.push(day);
	while (cells.length % 7 !== 0) cells.push(null);
	const weeks: (string | null)[][] = [];
	for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
	return weeks;
}

/** Runs of consecutive weekdays: [1,2,3,4,5,6] → [[1,6]], [3,6] → [[3,3],[6,6]]. */
export function weekdayRuns(weekdays: number[]): [number, number][] {
	const runs: [number, number][] = [];
	for (const day of [...weekdays].sort((a, b) => a - b)) {
		const last = runs.at(-1);
		if (last && last[1] === day - 1) last[1] = day;
		else runs.push([day, day]);
	}
	return runs;
}

/** The parts a page needs to say a schedule in words, per rule. */
export function describeRules(schedule: Schedule) {
	return schedule.rules.map((rule) => ({
		runs: weekdayRuns(rule.weekdays),
		start: rule.start,
		end: rule.end,
		season: rule.season ?? null
	}));
}
