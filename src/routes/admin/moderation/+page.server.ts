import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import {
	dismissFlags,
	getModerationQueue,
	hideItem,
	restoreItem
} from '#lib/server/participation/moderation.service.ts';
import {
	hideSchema,
	moderationTargetSchema,
	queueQuerySchema
} from '#lib/server/participation/discussion.schema.ts';
import type { ParticipationContext } from '#lib/server/participation/contribution.service.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { loadAdmin, rethrowAccessError } from '#lib/server/admin/admin.http.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = queueQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const ctx = await participationContext(event);
	return { queue: await loadAdmin(event, () => getModerationQueue(ctx, query)) };
};

async function moderate<S extends z.ZodType<{ target: string }>>(
	event: RequestEvent,
	schema: S,
	done: string,
	run: (ctx: ParticipationContext, input: z.infer<S>) => Promise<void>
) {
	const data = await event.request.formData();
	const parsed = parseForm(schema, data);
	if (!parsed.ok) {
		return fail(400, { ...parsed.failure.data, target: String(data.get('target') ?? '') });
	}
	try {
		await run(await participationContext(event), parsed.data);
	} catch (caught) {
		const problem = rethrowAccessError(event, caught);
		return fail(problem.status, {
			target: parsed.data.target,
			message: problem.messageKey,
			errors: {} as Record<string, string>,
			values: {} as Record<string, string>
		});
	}
	return { done };
}

export const actions: Actions = {
	hide: (event) => moderate(event, hideSchema, 'moderation.done.hidden', hideItem),
	restore: (event) =>
		moderate(event, moderationTargetSchema, 'moderation.done.restored', restoreItem),
	dismiss: (event) =>
		moderate(event, moderationTargetSchema, 'moderation.done.dismissed', dismissFlags)
};
