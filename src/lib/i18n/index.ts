/**
 * Every user-visible string lives in messages/<capability>.<lang>.json (German first), one pair
 * of files per capability. A test checks that each pair has the same keys and placeholders.
 * `t` is pure and works on server and client.
 */
import siteDe from '../../../messages/site.de.json' with { type: 'json' };
import siteEn from '../../../messages/site.en.json' with { type: 'json' };
import accountDe from '../../../messages/account.de.json' with { type: 'json' };
import accountEn from '../../../messages/account.en.json' with { type: 'json' };
import organisationDe from '../../../messages/organisation.de.json' with { type: 'json' };
import organisationEn from '../../../messages/organisation.en.json' with { type: 'json' };
import adminDe from '../../../messages/admin.de.json' with { type: 'json' };
import adminEn from '../../../messages/admin.en.json' with { type: 'json' };
import participationDe from '../../../messages/participation.de.json' with { type: 'json' };
import participationEn from '../../../messages/participation.en.json' with { type: 'json' };
import discussionDe from '../../../messages/discussion.de.json' with { type: 'json' };
import discussionEn from '../../../messages/discussion.en.json' with { type: 'json' };
import prioritisationDe from '../../../messages/prioritisation.de.json' with { type: 'json' };
import prioritisationEn from '../../../messages/prioritisation.en.json' with { type: 'json' };
import scheduleDe from '../../../messages/schedule.de.json' with { type: 'json' };
import scheduleEn from '../../../messages/schedule.en.json' with { type: 'json' };
import notificationDe from '../../../messages/notification.de.json' with { type: 'json' };
import notificationEn from '../../../messages/notification.en.json' with { type: 'json' };
import eventDe from '../../../messages/event.de.json' with { type: 'json' };
import eventEn from '../../../messages/event.en.json' with { type: 'json' };
import processDe from '../../../messages/process.de.json' with { type: 'json' };
import processEn from '../../../messages/process.en.json' with { type: 'json' };
import surveyDe from '../../../messages/survey.de.json' with { type: 'json' };
import surveyEn from '../../../messages/survey.en.json' with { type: 'json' };
import workingGroupDe from '../../../messages/working-group.de.json' with { type: 'json' };
import workingGroupEn from '../../../messages/working-group.en.json' with { type: 'json' };
import useCaseDe from '../../../messages/use-case.de.json' with { type: 'json' };
import useCaseEn from '../../../messages/use-case.en.json' with { type: 'json' };
import orderDe from '../../../messages/order.de.json' with { type: 'json' };
import orderEn from '../../../messages/order.en.json' with { type: 'json' };
import placeDe from '../../../messages/place.de.json' with { type: 'json' };
import placeEn from '../../../messages/place.en.json' with { type: 'json' };
import marketDe from '../../../messages/market.de.json' with { type: 'json' };
import marketEn from '../../../messages/market.en.json' with { type: 'json' };
import productDe from '../../../messages/product.de.json' with { type: 'json' };
import productEn from '../../../messages/product.en.json' with { type: 'json' };

const de = {
	...siteDe,
	...accountDe,
	...organisationDe,
	...adminDe,
	...participationDe,
	...discussionDe,
	...prioritisationDe,
	...scheduleDe,
	...notificationDe,
	...eventDe,
	...processDe,
	...surveyDe,
	...workingGroupDe,
	...useCaseDe,
	...orderDe,
	...placeDe,
	...marketDe,
	...productDe
};
const en = {
	...siteEn,
	...accountEn,
	...organisationEn,
	...adminEn,
	...participationEn,
	...discussionEn,
	...prioritisationEn,
	...scheduleEn,
	...notificationEn,
	...eventEn,
	...processEn,
	...surveyEn,
	...workingGroupEn,
	...useCaseEn,
	...orderEn,
	...placeEn,
	...marketEn,
	...productEn
};

/** The catalogue pairs, for the completeness test. */
export const cataloguePairs = {
	site: [siteDe, siteEn],
	account: [accountDe, accountEn],
	organisation: [organisationDe, organisationEn],
	admin: [adminDe, adminEn],
	participation: [participationDe, participationEn],
	discussion: [discussionDe, discussionEn],
	prioritisation: [prioritisationDe, prioritisationEn],
	schedule: [scheduleDe, scheduleEn],
	notification: [notificationDe, notificationEn],
	event: [eventDe, eventEn],
	process: [processDe, processEn],
	survey: [surveyDe, surveyEn],
	workingGroup: [workingGroupDe, workingGroupEn],
	useCase: [useCaseDe, useCaseEn],
	order: [orderDe, orderEn],
	place: [placeDe, placeEn],
	market: [marketDe, marketEn],
	product: [productDe, productEn]
} as const;

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type MessageKey = keyof typeof de;

const catalogues: Record<Language, Record<MessageKey, string>> = { de, en };

export function isLanguage(value: unknown): value is Language {
	return value === 'de' || value === 'en';
}

export function t(
	lang: Language,
	key: MessageKey,
	params: Record<string, string | number> = {}
): string {
	const template = catalogues[lang][key] ?? catalogues.de[key] ?? key;
	return template.replace(/\{(\w+)\}/g, (match, name: string) =>
		name in params ? String(params[name]) : match
	);
}

/** A bound translator for one language, handed to pages as `data.t`-free helper. */
export function translator(lang: Language) {
	return (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);
}

/** Picks the text in the person's language from a `{ de, en }` pair stored with the region. */
export function pick(text: { de: string; en: string } | null | undefined, lang: Language): string {
	return text ? text[lang] || text.de : '';
}

/**
 * The language for a visitor who has not chosen one: the region's own language whenever the
 * browser accepts it at all (German first), otherwise the first supported one it asks for.
 */
export function negotiateLanguage(header: string | null, regionLanguage: Language): Language {
	if (!header) return regionLanguage;
	const accepted = header
		.split(',')
		.map((part) => {
			const [tag, ...rest] = part.trim().split(';');
			const q = rest.find((r) => r.trim().startsWith('q='));
			return { tag: (tag ?? '').toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
		})
		.filter((entry) => entry.q > 0)
		.sort((a, b) => b.q - a.q)
		.map((entry) => entry.tag);
	if (accepted.includes(regionLanguage)) return regionLanguage;
	return accepted.find(isLanguage) ?? regionLanguage;
}
