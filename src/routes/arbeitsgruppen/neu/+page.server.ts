import { redirect } from '@sveltejs/kit';
import { createGroupSchema } from '#lib/server/working-group/working-group.schema.ts';
import { createGroup } from '#lib/server/working-group/working-group.service.ts';
import { canCreateGroup } from '#lib/server/working-group/working-group.policy.ts';
import { workingGroupContext } from '#lib/server/working-group/working-group.http.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requirePerson(event);
	if (!canCreateGroup(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	return {
		topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name })),
		preselected: event.url.searchParams.get('thema') ?? ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(createGroupSchema, data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			slug = await createGroup(await workingGroupContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code))
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/arbeitsgruppen/${slug}`);
	}
};
