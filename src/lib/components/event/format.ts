/** Dates of events, always in the region's zone (Europe/Berlin), in the reader's language. */
import type { Language } from '#lib/i18n/index.ts';

export function eventDates(lang: Language) {
	const locale = lang === 'de' ? 'de-DE' : 'en-GB';
	const zone = 'Europe/Berlin';
	const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: zone });
	const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
	const full = new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: zone
	});
	return {
		/** "Samstag, 28. März 2027, 10:00–16:00" (or both dates when it spans days) */
		range(startsAt: string, endsAt: string): string {
			const [start, end] = [new Date(startsAt), new Date(endsAt)];
			if (day.format(start) === day.format(end))
				return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
			return `${full.format(start)} – ${full.format(end)}`;
		},
		full: (iso: string) => full.format(new Date(iso))
	};
}
