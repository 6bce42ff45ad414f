/** Market dates and schedules in words, in the reader's language (dates are local days). */
import { translator, type Language, type MessageKey } from '#lib/i18n/index.ts';
import { daysInWeeks } from '#lib/components/schedule/weeks.ts';

export interface RuleWords {
	runs: [number, number][];
	start: string;
	end: string;
	season: { from: string; until: string } | null;
	/** only in these weeks of the month (1–5, -1 = last); absent or null: every week */
	weeksOfMonth?: readonly number[] | null;
}

const formats = new Map<Language, ReturnType<typeof createFormat>>();

/** The formatters of a language, made once (constructing an Intl.DateTimeFormat costs ~0.1 ms). */
export function marketFormat(lang: Language) {
	let found = formats.get(lang);
	if (!found) formats.set(lang, (found = createFormat(lang)));
	return found;
}

function createFormat(lang: Language) {
	const tr = translator(lang);
	const locale = lang === 'de' ? 'de-DE' : 'en-GB';
	const longDay = new Intl.DateTimeFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const shortDay = new Intl.DateTimeFormat(locale, {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		timeZone: 'UTC'
	});
	const dayMonth = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		timeZone: 'UTC'
	});
	const monthName = new Intl.DateTimeFormat(locale, {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const noon = (date: string) => new Date(`${date}T12:00:00Z`);
	const weekday = (d: number) => tr(`market.weekday.${d}` as MessageKey);
	return {
		/** "Mittwoch, 9. Juni 2027" */
		date: (date: string) => longDay.format(noon(date)),
		/** "Mi., 9. Juni" */
		shortDate: (date: string) => shortDay.format(noon(date)),
		/** "Juni 2027" */
		month: (month: string) => monthName.format(noon(`${month}-01`)),
		/** "04-01" → "1. April" */
		monthDay: (md: string) => dayMonth.format(noon(`2024-${md}`)),
		/**
		 * "Montag bis Samstag, 07:30–13:00 Uhr (vom 1. April bis 30. September)",
		 * "1. und 3. Samstag im Monat, 08:00–12:00 Uhr"
		 */
		rule(rule: RuleWords): string {
			let days = rule.runs
				.map(([a, b]) =>
					a === b
						? weekday(a)
						: b === a + 1
							? `${weekday(a)}${tr('market.and')}${weekday(b)}`
							: tr('market.dayRange', { from: weekday(a), until: weekday(b) })
				)
				.join(tr('market.and'));
			if (rule.weeksOfMonth && rule.weeksOfMonth.length > 0) {
				const only = rule.runs.length === 1 && rule.runs[0]![0] === rule.runs[0]![1];
				days = daysInWeeks(
					lang,
					rule.weeksOfMonth,
					only ? { single: weekday(rule.runs[0]![0]) } : { several: days }
				);
			}
			return rule.season
				? tr('market.ruleSeason', {
						days,
						start: rule.start,
						end: rule.end,
						from: dayMonth.format(noon(`2024-${rule.season.from}`)),
						until: dayMonth.format(noon(`2024-${rule.season.until}`))
					})
				: tr('market.rule', { days, start: rule.start, end: rule.end });
		}
	};
}
