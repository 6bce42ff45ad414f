/**
 * Intl formatters, made once per locale and options and then reused. Making one costs tens of
 * microseconds (it loads locale data); a page that formats 40 prices with a fresh formatter
 * each spent more CPU on that than on the rest of its rendering. Formatters are immutable, so
 * sharing them between requests is safe.
 */
import type { Language } from '#lib/i18n/index.ts';

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function remembered<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
	key: string,
	make: () => T
): T {
	let found = formatters.get(key) as T | undefined;
	if (!found) {
		found = make();
		// options come from code, not from requests, so this stays small; the bound is a guard
		if (formatters.size >= 500) formatters.clear();
		formatters.set(key, found);
	}
	return found;
}

/** The locale a language formats in: German as in Germany, English as in the UK (24-hour time, day first). */
export function localeOf(lang: Language): string {
	return lang === 'de' ? 'de-DE' : 'en-GB';
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}) {
	return remembered(
		`n|${locale}|${JSON.stringify(options)}`,
		() => new Intl.NumberFormat(locale, options)
	);
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}) {
	return remembered(
		`d|${locale}|${JSON.stringify(options)}`,
		() => new Intl.DateTimeFormat(locale, options)
	);
}

/*
 * Ready-made formatters for pages: given the person's language, a function from an ISO date
 * (or a number) to text. Dates are shown in the region's time zone, whatever the server's is.
 * Each is built on the remembered formatters above, so making one costs a map lookup.
 */

const REGION_TIME_ZONE = 'Europe/Berlin';
const DATE_TIME: Intl.DateTimeFormatOptions = {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: REGION_TIME_ZONE
};
const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: REGION_TIME_ZONE };
const LONG_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: REGION_TIME_ZONE };
const DECIMAL: Intl.NumberFormatOptions = { minimumFractionDigits: 2, maximumFractionDigits: 2 };

function isoFormatter(lang: Language, options: Intl.DateTimeFormatOptions) {
	const format = dateTimeFormat(localeOf(lang), options);
	return (iso: string) => format.format(new Date(iso));
}

function numberFormatterWith(lang: Language, options: Intl.NumberFormatOptions) {
	const format = numberFormat(localeOf(lang), options);
	return (value: number) => format.format(value);
}

/** Date and time (“28.11.2026, 14:05” / “28 Nov 2026, 14:05”). */
export function dateTimeFormatter(lang: Language): (iso: string) => string {
	return isoFormatter(lang, DATE_TIME);
}

/** A date (“28.11.2026” / “28 Nov 2026”). */
export function dateFormatter(lang: Language): (iso: string) => string {
	return isoFormatter(lang, DATE);
}

/** A long date (“28. November 2026” / “28 November 2026”). */
export function longDateFormatter(lang: Language): (iso: string) => string {
	return isoFormatter(lang, LONG_DATE);
}

/** A number with the language's grouping (“1.234” / “1,234”). */
export function numberFormatter(lang: Language): (value: number) => string {
	return numberFormatterWith(lang, {});
}

/** Two decimals (means, average ranks). */
export function decimalFormatter(lang: Language): (value: number) => string {
	return numberFormatterWith(lang, DECIMAL);
}
