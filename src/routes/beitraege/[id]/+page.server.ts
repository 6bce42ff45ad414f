import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getContribution, setSupport } from '#lib/server/participation/contribution.service.ts';
import {
	addComment,
	deleteComment,
	editComment,
	flagItem,
	getDiscussion,
	getHiddenContributionNotice,
	replyToComment
} from '#lib/server/participation/discussion.service.ts';
import {
	commentSchema,
	deleteCommentSchema,
	discussionPageSchema,
	editCommentSchema,
	flagSchema,
	replySchema
} from '#lib/server/participation/discussion.schema.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { useCaseOfContribution } from '#lib/server/use-case/use-case.service.ts';
import { canCreateUseCase } from '#lib/server/use-case/use-case.policy.ts';
import { formValues, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { ParticipationContext } from '#lib/server/participation/contribution.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { seite } = discussionPageSchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		const ctx = await participationContext(event);
		let contribution;
		try {
			contribution = await getContribution(ctx, event.params.id);
		} catch (caught) {
			// a hidden contribution shows the moderators' note to everybody else
			if (!(caught instanceof AppError) || caught.code !== 'not_found') throw caught;
			return {
				hiddenNotice: await getHiddenContributionNotice(ctx, event.params.id),
				useCase: null,
				canMakeUseCase: false
			};
		}
		return {
			hiddenNotice: null,
			contribution,
			discussion: await getDiscussion(ctx, event.params.id, seite),
			published: event.url.searchParams.has('neu'),
			signedIn: event.locals.person !== null,
			categories: event.locals.region.categories,
			targetGroups: event.locals.region.targetGroups,
			// use cases: the one taken over from this contribution, and who may take it over
			useCase: await useCaseOfContribution(ctx.db, event.locals.region.id, event.params.id),
			canMakeUseCase: canCreateUseCase(actorOf(event))
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

async function toggle(event: Parameters<Actions[string]>[0], support: boolean) {
	requirePerson(event);
	try {
		await setSupport(await participationContext(event), event.params.id!, support);
	} catch (caught) {
		throwHttpError(event, caught);
	}
	return { supportChanged: true };
}

/**
 * One discussion form: parse with its schema, call the service; problems go back to the form
 * they came from (`form` and `target` say which, for the page to show them there).
 */
async function discussionAction<S extends z.ZodType>(
	event: RequestEvent<{ id: string }>,
	form: string,
	schema: S,
	run: (ctx: ParticipationContext, input: z.infer<S>) => Promise<unknown>
) {
	requirePerson(event);
	const data = await event.request.formData();
	const target = String(data.get('parent') ?? data.get('comment') ?? data.get('target') ?? '');
	const parsed = parseForm(schema, data);
	if (!parsed.ok) return fail(400, { ...parsed.failure.data, form, target });
	try {
		await run(await participationContext(event), parsed.data);
	} catch (caught) {
		if (
			caught instanceof AppError &&
			(caught.messageKey.startsWith('discussion.') ||
				caught.code === 'invalid' ||
				caught.code === 'rate_limited')
		) {
			if (caught.retryAfter) event.setHeaders({ 'retry-after': String(caught.retryAfter) });
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
	return { done: `discussion.done.${form}` };
}

export const actions: Actions = {
	support: (event) => toggle(event, true),
	unsupport: (event) => toggle(event, false),
	comment: (event) =>
		discussionAction(event, 'comment', commentSchema, (ctx, input) =>
			addComment(ctx, event.params.id, input)
		),
	reply: (event) =>
		discussionAction(event, 'reply', replySchema, (ctx, input) =>
			replyToComment(ctx, event.params.id, input)
		),
	editComment: (event) =>
		discussionAction(event, 'edit', editCommentSchema, (ctx, input) =>
			editComment(ctx, event.params.id, input)
		),
	deleteComment: (event) =>
		discussionAction(event, 'delete', deleteCommentSchema, (ctx, input) =>
			deleteComment(ctx, event.params.id, input.comment)
		),
	flag: (event) =>
		discussionAction(event, 'flag', flagSchema, (ctx, input) =>
			flagItem(ctx, event.params.id, input)
		)
};
