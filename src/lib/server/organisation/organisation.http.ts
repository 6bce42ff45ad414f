/**
 * The organisation capability's glue to SvelteKit: the service context from a request, and
 * how service errors become responses. Problems with the input go back to the form (typed
 * values kept); anonymous visitors are sent to sign in and come back; anything they may not
 * do is a 403 page, anything not in this region a 404 page.
 */
import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { failFromError, type FormFailure } from '../http/form.ts';
import { actorOf, clientAddress, throwHttpError } from '../http/context.ts';
import { AppError } from '../security/app-error.ts';
import type { OrganisationContext } from './organisation.context.ts';

export async function organisationContext(event: RequestEvent): Promise<OrganisationContext> {
	const { db, smtp } = await app();
	const ip = clientAddress(event);
	return {
		db,
		smtp,
		// the snapshot's region object itself: region-lists.ts keeps the region's lists by it
		region: event.locals.region,
		actor: actorOf(event),
		meta: { ip, origin: event.url.origin, lang: event.locals.lang }
	};
}

export { throwHttpError };

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
