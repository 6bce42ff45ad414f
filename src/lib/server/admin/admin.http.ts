/**
 * The admin pages' bridge to the service: the service context from a request, and one mapping
 * of the service's errors to responses — not signed in: to the sign-in page and back; signed in
 * without the right: 403; anything else that is an AppError: its status with its message.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { t } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { clientAddress, signInPath, throwHttpError } from '../http/context.ts';
import type { AdminContext } from './admin.service.ts';

export async function adminContext(event: RequestEvent): Promise<AdminContext> {
	const { db } = await app();
	return {
		db,
		region: event.locals.region,
		person: event.locals.person,
		ip: clientAddress(event)
	};
}

/** Runs a service call for a page load; turns access errors into a redirect or an error page. */
export async function loadAdmin<T>(event: RequestEvent, call: () => T | Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (caught) {
		throwHttpError(event, caught);
	}
}

/** For actions: access errors as in `loadAdmin`, every other AppError returned to the form. */
export function rethrowAccessError(event: RequestEvent, caught: unknown): AppError {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'unauthenticated') redirect(303, signInPath(event));
	if (caught.code === 'forbidden') error(403, t(event.locals.lang, 'auth.forbidden'));
	return caught;
}
