import { error, redirect } from '@sveltejs/kit';
import { isLanguage } from '#lib/i18n/index.ts';
import { rememberLanguage, safeReturnPath } from '#lib/server/http/language.ts';
import type { RequestHandler } from './$types';

/**
 * The language switch is a plain link (works without JavaScript, is announced as a link in the
 * target language): it remembers the choice in a cookie and returns to the page it came from.
 */
export const GET: RequestHandler = ({ params, url, cookies }) => {
	if (!isLanguage(params.lang)) error(404);
	rememberLanguage(cookies, params.lang, url.protocol === 'https:');
	redirect(303, safeReturnPath(url.searchParams.get('next')));
};
