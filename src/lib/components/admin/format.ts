/** Dates in the admin area: always in the region's time zone, whatever the server's is. */
import type { Language } from '#lib/i18n/index.ts';

export function dateTimeFormatter(lang: Language): (iso: string) => string {
	const format = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	});
	return (iso) => format.format(new Date(iso));
}

export function dateFormatter(lang: Language): (iso: string) => string {
	const format = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
		dateStyle: 'medium',
		timeZone: 'Europe/Berlin'
	});
	return (iso) => format.format(new Date(iso));
}

export function numberFormatter(lang: Language): (value: number) => string {
	const format = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB');
	return (value) => format.format(value);
}
