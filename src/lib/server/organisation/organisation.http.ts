/**
 * The organisation capability's glue to SvelteKit: the service context from a request, and
 * how service errors become responses. Problems with the input go back to the form (typed
 * values kept); anonymous visitors are sent to sign in and come back; anything they may not
 * do is a 403 page, anything not in this region a 404 page.
 */
import { error, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { failFromError, type FormFailure } from '../http/form.ts';
import { actorOf } from '../http/context.ts';
import { AppError } from '../security/app-error.ts';
import type { OrganisationContext } from './organisation.context.ts';

export async function organisationContext(event: RequestEvent): Promise<OrganisationContext> {
	const { db, smtp } = await app();
	let ip = '';
	try {
		ip = event.getClientAddress();
	} catch {
		// not known behind some adapters; the audit log then has no address
	}
	return {
		db,
		smtp,
		region: {
			id: event.locals.region.id,
			name: event.locals.region.name,
			state: event.locals.region.state
		},
		actor: actorOf(event),
		meta: { ip, origin: event.url.origin, lang: event.locals.lang }
	};
}

/** For loads, and for action errors that are not about the form: an error page or sign-in. */
export function throwHttpError(event: RequestEvent, caught: unknown): never {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'unauthenticated') {
		// after a form post, come back to the page the form is on
		const back = event.url.pathname + (event.request.method === 'GET' ? event.url.search : '');
		redirect(303, `/konto/anmelden?next=${encodeURIComponent(back)}`);
	}
	const lang = event.locals.lang;
	if (caught.code === 'not_found') error(404, t(lang, 'error.404.title'));
	error(caught.status, t(lang, caught.messageKey as MessageKey));
}

const FORM_PROBLEMS = new Set(['invalid', 'conflict', 'rate_limited', 'expired']);

/** For actions: input problems and conflicts go back to the form, the rest as above. */
export function actionError(
	event: RequestEvent,
	caught: unknown,
	data: FormData
): ActionFailure<FormFailure> {
	if (caught instanceof AppError && FORM_PROBLEMS.has(caught.code)) {
		return failFromError(caught, data, event.setHeaders);
	}
	throwHttpError(event, caught);
}
