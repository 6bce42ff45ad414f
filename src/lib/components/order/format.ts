/** Money and pickup windows for the order pages, in the reader's language (Europe/Berlin). */
import type { Language } from '#lib/i18n/index.ts';

/** A pickup or depot place as an option: its name, and its municipality when it has one. */
export const placeOption = (place: { id: string; name: string; municipality: string | null }) => ({
	value: place.id,
	label: place.municipality ? `${place.name} (${place.municipality})` : place.name
});

export function orderFormat(lang: Language) {
	const locale = lang === 'de' ? 'de-DE' : 'en-GB';
	const currency = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
	const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
	const day = new Intl.DateTimeFormat(locale, {
		weekday: 'short',
		day: 'numeric',
		month: 'long',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Europe/Berlin'
	});
	const time = new Intl.DateTimeFormat(locale, {
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Europe/Berlin'
	});
	const full = new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	});
	return {
		money: (cents: number) => currency.format(cents / 100),
		km: (value: number) => km.format(value),
		window: (startsAt: string, endsAt: string) =>
			`${day.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`,
		when: (iso: string) => full.format(new Date(iso))
	};
}
