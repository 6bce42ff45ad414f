import { z } from 'zod';

/**
 * Links in mails only show a page with a button; the POST of that button uses the token.
 * (Mail scanners open links: a GET must never consume a single-use token.)
 */
export const tokenSchema = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) });

export function tokenFromUrl(url: URL): string {
	const token = url.searchParams.get('token') ?? '';
	return tokenSchema.safeParse({ token }).success ? token : '';
}
