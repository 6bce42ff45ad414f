/** Money and seasons as people read them, in German or English. */
import { translator, type Language, type MessageKey } from '#lib/i18n/index.ts';
import { dateTimeFormat, localeOf, numberFormat } from '#lib/intl.ts';

export function formatPrice(cents: number, lang: Language): string {
	return numberFormat(localeOf(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** "Juni–September" for a run of months, "Mai, Juli" otherwise; "ganzjährig" for none. */
export function formatSeason(months: number[], lang: Language): string {
	const tr = translator(lang);
	if (months.length === 0 || months.length === 12) return tr('product.allYear');
	const name = (m: number) => tr(`product.month.${m}` as MessageKey);
	const sorted = [...months].sort((a, b) => a - b);
	const runs: [number, number][] = [];
	for (const m of sorted) {
		const last = runs.at(-1);
		if (last && last[1] === m - 1) last[1] = m;
		else runs.push([m, m]);
	}
	return runs
		.map(([a, b]) =>
			a === b ? name(a) : b === a + 1 ? `${name(a)}, ${name(b)}` : `${name(a)}–${name(b)}`
		)
		.join(', ');
}

export function formatDate(date: string, lang: Language): string {
	return dateTimeFormat(localeOf(lang), {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		timeZone: 'UTC'
	}).format(new Date(`${date}T12:00:00Z`));
}

export function formatDateTime(at: Date, lang: Language): string {
	return dateTimeFormat(localeOf(lang), {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(at);
}
