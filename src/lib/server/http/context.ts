/** Builds the service contexts from a SvelteKit request event. */
import type { RequestEvent } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
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
			ip: safeClientAddress(event),
			userAgent: event.request.headers.get('user-agent') ?? '',
			origin: event.url.origin,
			lang: event.locals.lang
		}
	};
}

function safeClientAddress(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return '';
	}
}

/** The signed-in person, or a redirect to the login page that comes back here afterwards. */
export function requirePerson(event: RequestEvent): SessionPerson {
	const person = event.locals.person;
	if (!person) {
		redirect(
			303,
			`/konto/anmelden?next=${encodeURIComponent(event.url.pathname + event.url.search)}`
		);
	}
	return person;
}

export function isHttps(event: RequestEvent): boolean {
	return event.url.protocol === 'https:';
}

export function actorOf(event: RequestEvent): Actor {
	return { regionId: event.locals.region.id, person: event.locals.person };
}
