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
import { app } from '#lib/server/app-context.ts';
import { currentSwitches } from '#lib/server/process/process.service.ts';
import { bypassesPhase } from '#lib/server/process/process.policy.ts';
import { useCaseOfContribution } from '#lib/server/use-case/use-case.service.ts';
import { canCreateUseCase } from '#lib/server/use-case/use-case.policy.ts';
import { formValues, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { ParticipationContext } from '#lib/server/participation/contribution.service.ts';
import { followContribution, unfollowItem } from '#lib/server/notification/notification.service.ts';
import {
	getContributionExtras,
	saveOfficialAnswer
} from '#lib/server/notification/official-answer.service.ts';
import { officialAnswerSchema } from '#lib/server/notification/notification.schema.ts';
import { notificationContext } from '#lib/server/notification/notification.http.ts';
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
		// the current phase of the field's process may close supporting and commenting
		const field = event.locals.region.topicFields.find(
			(f) => f.key === contribution.topicField.key
		);
		const [phase, discussion, extras] = await Promise.all([
			currentSwitches((await app()).db, event.locals.region.id, field?.id ?? null),
			getDiscussion(ctx, event.params.id, seite),
			getContributionExtras(await notificationContext(event), event.params.id)
		]);
		const bypass = bypassesPhase(actorOf(event));
		const blocked = (['supporting', 'commenting'] as const).filter(
			(s) => phase && !phase.switches[s] && !bypass
		);
		return {
			hiddenNotice: null,
			phase,
			phaseBlocked: blocked,
			contribution: {
				...contribution,
				canSupport: contribution.canSupport && !blocked.includes('supporting')
			},
			discussion: {
				...discussion,
				canComment: discussion.canComment && !blocked.includes('commenting')
			},
			extras,
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

async function setFollow(event: Parameters<Actions[string]>[0], on: boolean) {
	requirePerson(event);
	try {
		const ctx = await notificationContext(event);
		if (on) await followContribution(ctx, event.params.id!);
		else await unfollowItem(ctx, { targetType: 'contribution', target: event.params.id! });
	} catch (caught) {
		throwHttpError(event, caught);
	}
	return { done: on ? 'notification.followed' : 'notification.unfollowed' };
}

export const actions: Actions = {
	follow: (event) => setFollow(event, true),
	unfollow: (event) => setFollow(event, false),
	answer: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(officialAnswerSchema, data);
		if (!parsed.ok) return fail(400, { ...parsed.failure.data, form: 'answer', target: '' });
		try {
			await saveOfficialAnswer(await notificationContext(event), event.params.id, parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
				return fail(caught.status, {
					values: formValues(data),
					errors: caught.fields ?? {},
					message: caught.messageKey,
					form: 'answer',
					target: ''
				});
			}
			throwHttpError(event, caught);
		}
		return { done: 'notification.answer.saved' };
	},
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
