import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import {
	actorSchema,
	removeActorSchema,
	statusSchema,
	updateSchema,
	workingGroupSchema
} from '#lib/server/use-case/use-case.schema.ts';
import {
	addActor,
	addUpdate,
	changeStatus,
	editChoices,
	getUseCase,
	removeActor,
	setWorkingGroup,
	type UseCaseContext
} from '#lib/server/use-case/use-case.service.ts';
import { useCaseContext } from '#lib/server/use-case/use-case.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { formValues, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import {
	followItem,
	isFollowing,
	unfollowItem
} from '#lib/server/notification/notification.service.ts';
import { notificationContext } from '#lib/server/notification/notification.http.ts';
import { can } from '#lib/server/notification/notification.policy.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const ctx = await useCaseContext(event);
		const useCase = await getUseCase(ctx, event.params.id);
		const notifications = await notificationContext(event);
		return {
			useCase,
			following: await isFollowing(notifications, 'use_case', useCase.id),
			canFollow: can(notifications.actor, 'follow'),
			choices:
				useCase.canEdit || useCase.canSetGroup
					? await editChoices(ctx, useCase.topicField.key)
					: null,
			origin: event.url.origin
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

async function run<S extends z.ZodType>(
	event: RequestEvent<{ id: string }>,
	form: string,
	schema: S,
	action: (ctx: UseCaseContext, input: z.infer<S>) => Promise<unknown>,
	done: string
) {
	requirePerson(event);
	const data = await event.request.formData();
	const parsed = parseForm(schema, data);
	if (!parsed.ok) return fail(400, { ...parsed.failure.data, form });
	try {
		await action(await useCaseContext(event), parsed.data);
	} catch (caught) {
		if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
			return fail(caught.status, {
				values: formValues(data),
				errors: caught.fields ?? {},
				message: caught.messageKey,
				form
			});
		}
		throwHttpError(event, caught);
	}
	return { done };
}

async function setFollow(event: RequestEvent<{ id: string }>, on: boolean) {
	requirePerson(event);
	try {
		const ctx = await notificationContext(event);
		if (on) await followItem(ctx, 'use_case', event.params.id);
		else await unfollowItem(ctx, { targetType: 'use_case', target: event.params.id });
	} catch (caught) {
		throwHttpError(event, caught);
	}
	return { done: on ? 'useCase.follow.followed' : 'notification.unfollowed' };
}

export const actions: Actions = {
	follow: (event) => setFollow(event, true),
	unfollow: (event) => setFollow(event, false),
	status: (event) =>
		run(
			event,
			'status',
			statusSchema,
			// the one status change; notifications for followers hook in inside changeStatus
			(ctx, input) => changeStatus(ctx, event.params.id, input),
			'useCase.statusChanged'
		),
	update: (event) =>
		run(
			event,
			'update',
			updateSchema,
			(ctx, input) => addUpdate(ctx, event.params.id, { text: input.news, date: input.date }),
			'useCase.updateAdded'
		),
	actor: (event) =>
		run(
			event,
			'actor',
			actorSchema,
			(ctx, input) => addActor(ctx, event.params.id, input),
			'useCase.actorAdded'
		),
	removeActor: (event) =>
		run(
			event,
			'removeActor',
			removeActorSchema,
			(ctx, input) => removeActor(ctx, event.params.id, input.actor),
			'useCase.actorRemoved'
		),
	group: (event) =>
		run(
			event,
			'group',
			workingGroupSchema,
			(ctx, input) => setWorkingGroup(ctx, event.params.id, input.group),
			'useCase.groupSet'
		)
};
