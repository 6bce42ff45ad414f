import { fail } from '@sveltejs/kit';
import { cancelEvent, getEvent, register, unregister } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		return {
			event: await getEvent(await eventContext(event), event.params.id),
			saved: event.url.searchParams.has('gespeichert'),
			verified: event.locals.person?.emailVerified ?? false
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

/** Conflicts (closed, cancelled) become a message on the page; access errors an error page. */
async function run(event: Parameters<Actions[string]>[0], action: () => Promise<unknown>) {
	requirePerson(event);
	try {
		await action();
	} catch (caught) {
		if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
			return fail(caught.status, { message: caught.messageKey });
		}
		throwHttpError(event, caught);
	}
	return null;
}

export const actions: Actions = {
	register: async (event) =>
		(await run(event, async () => register(await eventContext(event), event.params.id))) ?? {
			done: 'event.registeredNow'
		},
	unregister: async (event) =>
		(await run(event, async () => unregister(await eventContext(event), event.params.id))) ?? {
			done: 'event.unregisteredNow'
		},
	cancel: async (event) =>
		(await run(event, async () => cancelEvent(await eventContext(event), event.params.id))) ?? {
			done: 'event.cancelledNow'
		}
};
