import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import {
	memberSchema,
	needSchema,
	pledgeSchema,
	removeNeedSchema,
	withdrawSchema
} from '#lib/server/working-group/working-group.schema.ts';
import {
	addNeed,
	getGroup,
	joinGroup,
	leaveGroup,
	pledge,
	removeMember,
	removeNeed,
	setRole,
	withdrawPledge,
	type WorkingGroupContext
} from '#lib/server/working-group/working-group.service.ts';
import { workingGroupContext } from '#lib/server/working-group/working-group.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { formValues, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import { listEvents } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const group = await getGroup(await workingGroupContext(event), event.params.slug);
		return {
			group,
			meetings: await listEvents(await eventContext(event), { workingGroup: group.slug }),
			signedIn: event.locals.person !== null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

/**
 * One action: parse with its schema, call the service; problems go back to the form they came
 * from (`form` and `target` say which), in the person's language, with what they typed.
 */
async function run<S extends z.ZodType>(
	event: RequestEvent<{ slug: string }>,
	form: string,
	schema: S,
	action: (ctx: WorkingGroupContext, input: z.infer<S>) => Promise<unknown>,
	done: string
) {
	requirePerson(event);
	const data = await event.request.formData();
	const target = String(data.get('need') ?? data.get('person') ?? '');
	const parsed = parseForm(schema, data);
	if (!parsed.ok) return fail(400, { ...parsed.failure.data, form, target });
	try {
		await action(await workingGroupContext(event), parsed.data);
	} catch (caught) {
		if (caught instanceof AppError && ['invalid', 'conflict', 'not_found'].includes(caught.code)) {
			return fail(caught.status, {
				values: formValues(data),
				errors: caught.fields ?? {},
				message: caught.messageKey,
				form,
				target
			});
		}
		throwHttpError(event, caught);
	}
	return { done };
}

const nothing = z.object({});
const roleSchema = memberSchema.extend({ role: z.enum(['lead', 'member']) });

export const actions: Actions = {
	join: (event) =>
		run(event, 'join', nothing, (ctx) => joinGroup(ctx, event.params.slug), 'workingGroup.joined'),
	leave: (event) =>
		run(event, 'leave', nothing, (ctx) => leaveGroup(ctx, event.params.slug), 'workingGroup.left'),
	role: (event) =>
		run(
			event,
			'member',
			roleSchema,
			(ctx, input) => setRole(ctx, event.params.slug, input.person, input.role),
			'workingGroup.changed'
		),
	remove: (event) =>
		run(
			event,
			'member',
			memberSchema,
			(ctx, input) => removeMember(ctx, event.params.slug, input.person),
			'workingGroup.changed'
		),
	need: (event) =>
		run(
			event,
			'need',
			needSchema,
			(ctx, input) => addNeed(ctx, event.params.slug, input),
			'workingGroup.needAdded'
		),
	removeNeed: (event) =>
		run(
			event,
			'removeNeed',
			removeNeedSchema,
			(ctx, input) => removeNeed(ctx, event.params.slug, input.need),
			'workingGroup.needRemoved'
		),
	pledge: (event) =>
		run(
			event,
			'pledge',
			pledgeSchema,
			(ctx, input) => pledge(ctx, event.params.slug, input),
			'workingGroup.pledged'
		),
	withdraw: (event) =>
		run(
			event,
			'withdraw',
			withdrawSchema,
			(ctx, input) => withdrawPledge(ctx, event.params.slug, input.need, input.organisation),
			'workingGroup.withdrawn'
		)
};
