import { fail } from '@sveltejs/kit';
import {
	getNotificationsPage,
	markAllRead,
	setDigest,
	unfollowItem
} from '#lib/server/notification/notification.service.ts';
import {
	digestSchema,
	notificationPageSchema,
	unfollowSchema
} from '#lib/server/notification/notification.schema.ts';
import { notificationContext } from '#lib/server/notification/notification.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const { seite } = notificationPageSchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		return { notifications: await getNotificationsPage(await notificationContext(event), seite) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	readAll: async (event) => {
		requirePerson(event);
		try {
			await markAllRead(await notificationContext(event));
		} catch (caught) {
			throwHttpError(event, caught);
		}
		return { done: 'notification.markedRead' };
	},
	unfollow: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(unfollowSchema, data);
		if (!parsed.ok) return fail(400, { ...parsed.failure.data, form: 'unfollow' });
		try {
			await unfollowItem(await notificationContext(event), parsed.data);
		} catch (caught) {
			throwHttpError(event, caught);
		}
		return { done: 'notification.unfollowed' };
	},
	digest: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(digestSchema, data);
		if (!parsed.ok) return fail(400, { ...parsed.failure.data, form: 'digest' });
		try {
			await setDigest(await notificationContext(event), parsed.data);
		} catch (caught) {
			throwHttpError(event, caught);
		}
		return { done: 'notification.digest.saved' };
	}
};
