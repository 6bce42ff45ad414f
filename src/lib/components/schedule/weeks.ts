/**
 * Weeks of the month in words, for every page that describes a schedule: "1. und 3. Samstag im
 * Monat" / "1st and 3rd Saturday of the month", "letzter Freitag im Monat".
 */
import { translator, type Language, type MessageKey } from '#lib/i18n/index.ts';

/** The order weeks are named in: first to fifth, then the last. */
const ORDER = [1, 2, 3, 4, 5, -1];

/** "1., 3. und letzter" / "1st, 3rd and last" */
export function weeksList(lang: Language, weeks: readonly number[]): string {
	const tr = translator(lang);
	const names = ORDER.filter((w) => weeks.includes(w)).map((w) =>
		tr(`schedule.week.${w}` as MessageKey)
	);
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')}${tr('schedule.weeks.and')}${names.at(-1)}`;
}

/**
 * Days limited to weeks of the month: one weekday reads "1. und 3. Samstag im Monat"; several
 * (already in words) read "Freitag und Samstag (jeweils nur der 1. im Monat)".
 */
export function daysInWeeks(
	lang: Language,
	weeks: readonly number[],
	days: { single: string } | { several: string }
): string {
	const tr = translator(lang);
	const list = weeksList(lang, weeks);
	return 'single' in days
		? tr('schedule.weeks.one', { weeks: list, day: days.single })
		: tr('schedule.weeks.many', { weeks: list, days: days.several });
}
