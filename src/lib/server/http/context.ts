/** Builds the service contexts from a SvelteKit request event. */
import type { RequestEvent } from '@sveltejs/kit';
import { error, redirect } from '@sveltejs/kit';
import { t, type MessageKey } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { app } from '../app-context.ts';
import type { AccountContext } from '../account/account.service.ts';
import type { SessionPerson } from '../account/session.ts';
import type { Actor } from '../security/actor.ts';

export async function accountContext(event: RequestEvent): Promise<AccountContext> {
	const { db, smtp } = await app();
	return {
		db,
		smtp,
		region: { id: event.locals.region.id, name: event.locals.region.name },
		meta: {
			ip: clientAddress(event),
			userAgent: event.request.headers.get('user-agent') ?? '',
			origin: event.url.origin,
			lang: event.locals.lang
		}
	};
}

/** The client's address (behind a trusted proxy: from X-Forwarded-For), or '' if unknown. */
export function clientAddress(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return '';
	}
}

/** The sign-in page, returning to this page (without a form action's `?/name`) afterwards. */
export function signInPath(event: RequestEvent): string {
	const params = new URLSearchParams(
		[...event.url.searchParams].filter(([key]) => !key.startsWith('/'))
	);
	const search = params.size > 0 ? `?${params}` : '';
	return `/konto/anmelden?next=${encodeURIComponent(event.url.pathname + search)}`;
}

/** The signed-in person, or a redirect to the login page that comes back here afterwards. */
export function requirePerson(event: RequestEvent): SessionPerson {
	const person = event.locals.person;
	if (!person) redirect(303, signInPath(event));
	return person;
}

export function isHttps(event: RequestEvent): boolean {
	return event.url.protocol === 'https:';
}

export function actorOf(event: RequestEvent): Actor {
	return { regionId: event.locals.region.id, person: event.locals.person };
}

/**
 * How an access error from a service becomes a response, for every capability: anonymous →
 * the sign-in page and back; not in this region → 404; not allowed → 403 page; other app
 * errors → their status and message. Anything that is not an AppError is rethrown (500).
 */
export function throwHttpError(event: RequestEvent, caught: unknown): never {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'unauthenticated') redirect(303, signInPath(event));
	const lang = event.locals.lang;
	if (caught.code === 'not_found') error(404, t(lang, 'error.404.title'));
	error(caught.status, t(lang, caught.messageKey as MessageKey));
}
