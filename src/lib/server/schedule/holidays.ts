/**
 * Public holidays in Germany, nationwide and per state, computed (Easter by the Gregorian
 * computus), so schedules can skip them ("no market on public holidays") without a list that
 * runs out. States are named by their ISO 3166-2 code without the country (HE = Hessen).
 */
import { addDays } from './zoned-time.ts';

export type HolidayKey =
	| 'neujahr'
	| 'heilige-drei-koenige'
	| 'karfreitag'
	| 'ostermontag'
	| 'tag-der-arbeit'
	| 'christi-himmelfahrt'
	| 'pfingstmontag'
	| 'fronleichnam'
	| 'tag-der-deutschen-einheit'
	| 'reformationstag'
	| 'allerheiligen'
	| 'erster-weihnachtstag'
	| 'zweiter-weihnachtstag';

/** Holidays beyond the nationwide ones, by state. */
const STATE_HOLIDAYS: Record<string, HolidayKey[]> = {
	BW: ['heilige-drei-koenige', 'fronleichnam', 'allerheiligen'],
	BY: ['heilige-drei-koenige', 'fronleichnam', 'allerheiligen'],
	HE: ['fronleichnam'],
	NW: ['fronleichnam', 'allerheiligen'],
	RP: ['fronleichnam', 'allerheiligen'],
	SL: ['fronleichnam', 'allerheiligen'],
	SN: ['reformationstag'],
	ST: ['heilige-drei-koenige', 'reformationstag'],
	TH: ['reformationstag'],
	BB: ['reformationstag'],
	MV: ['reformationstag'],
	HB: ['reformationstag'],
	HH: ['reformationstag'],
	NI: ['reformationstag'],
	SH: ['reformationstag'],
	BE: [],
	DE: []
};

export const STATES = Object.keys(STATE_HOLIDAYS);

/** Easter Sunday of a year (Gregorian calendar, anonymous computus). */
export function easterSunday(year: number): string {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const computed = new Map<string, ReadonlyMap<string, HolidayKey>>();

/**
 * The public holidays of one year in a state, as a map from date to holiday. Remembered: every
 * expansion of a schedule asks for them, a calendar of 100 markets 100 times.
 */
export function publicHolidays(year: number, state: string): ReadonlyMap<string, HolidayKey> {
	const key = `${year} ${state}`;
	let found = computed.get(key);
	if (!found) {
		if (computed.size >= 1000) computed.clear();
		computed.set(key, (found = computeHolidays(year, state)));
	}
	return found;
}

function computeHolidays(year: number, state: string): Map<string, HolidayKey> {
	const easter = easterSunday(year);
	const fixed = (md: string) => `${year}-${md}`;
	const all: [string, HolidayKey][] = [
		[fixed('01-01'), 'neujahr'],
		[fixed('01-06'), 'heilige-drei-koenige'],
		[addDays(easter, -2), 'karfreitag'],
		[addDays(easter, 1), 'ostermontag'],
		[fixed('05-01'), 'tag-der-arbeit'],
		[addDays(easter, 39), 'christi-himmelfahrt'],
		[addDays(easter, 50), 'pfingstmontag'],
		[addDays(easter, 60), 'fronleichnam'],
		[fixed('10-03'), 'tag-der-deutschen-einheit'],
		[fixed('10-31'), 'reformationstag'],
		[fixed('11-01'), 'allerheiligen'],
		[fixed('12-25'), 'erster-weihnachtstag'],
		[fixed('12-26'), 'zweiter-weihnachtstag']
	];
	const regional = new Set<HolidayKey>([
		'heilige-drei-koenige',
		'fronleichnam',
		'reformationstag',
		'allerheiligen'
	]);
	const extra = new Set(STATE_HOLIDAYS[state] ?? []);
	// the 500th anniversary of the Reformation was a holiday everywhere
	if (year === 2017) extra.add('reformationstag');
	return new Map(all.filter(([, key]) => !regional.has(key) || extra.has(key)));
}
