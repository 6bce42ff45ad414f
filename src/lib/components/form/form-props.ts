import type { Language } from '#lib/i18n/index.ts';

/**
 * What every profile form component (organisation, place, product) takes: the language, what
 * came back from a failed post (typed values, a message per field, a message for the form) and
 * the submit button's text.
 */
export interface FormProps {
	lang: Language;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
	submitLabel: string;
	/** a named form action, e.g. ?/save on a page with several */
	action?: string;
}
