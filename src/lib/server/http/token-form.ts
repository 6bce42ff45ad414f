import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { failFromError } from './form.ts';

/**
 * Links in mails only show a page with a button; the POST of that button uses the token.
 * (Mail scanners open links: a GET must never consume a single-use token.)
 */
export const tokenSchema = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) });

export function tokenFromUrl(url: URL): string {
	const token = url.searchParams.get('token') ?? '';
	return tokenSchema.safeParse({ token }).success ? token : '';
}

/** The POST behind a mail link's button: reads the token, runs the step, reports done or why not. */
export function tokenAction(run: (event: RequestEvent, token: string) => Promise<void>) {
	return async (event: RequestEvent) => {
		const data = await event.request.formData();
		const parsed = tokenSchema.safeParse({ token: data.get('token') });
		if (!parsed.success) return fail(400, { message: 'account.token.invalid', done: false });
		try {
			await run(event, parsed.data.token);
		} catch (error) {
			return failFromError(error, data);
		}
		return { done: true };
	};
}
