import type { Cookies } from '@sveltejs/kit';
import type { Language } from '../../i18n/index.ts';

/** The only cookie a visitor gets without signing in: their language, for a year. */
export const LANGUAGE_COOKIE = 'lang';

export function rememberLanguage(cookies: Cookies, lang: Language, secure: boolean) {
	cookies.set(LANGUAGE_COOKIE, lang, {
		path: '/',
		maxAge: 60 * 60 * 24 * 365,
		httpOnly: true,
		sameSite: 'lax',
		secure
	});
}

/** Only same-site paths may be redirect targets (no open redirects). */
export function safeReturnPath(value: string | null): string {
	// browsers drop tabs and newlines from URLs: "/\t/evil.example" would become "//evil…"
	if (
		!value ||
		!value.startsWith('/') ||
		value.startsWith('//') ||
		value.includes('\\') ||
		[...value].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) === 0x7f)
	)
		return '/';
	return value;
}
