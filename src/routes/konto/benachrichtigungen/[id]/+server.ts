import { redirect } from '@sveltejs/kit';
import { openNotification } from '#lib/server/notification/notification.service.ts';
import { notificationContext } from '#lib/server/notification/notification.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { RequestHandler } from './$types';

/** Opening a notification marks it read and leads to its item (a path on this site). */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	let target: string;
	try {
		target = await openNotification(await notificationContext(event), event.params.id);
	} catch (caught) {
		throwHttpError(event, caught);
	}
	redirect(303, target);
};
