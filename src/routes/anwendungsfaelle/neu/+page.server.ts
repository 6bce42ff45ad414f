import { redirect } from '@sveltejs/kit';
import { createUseCaseSchema } from '#lib/server/use-case/use-case.schema.ts';
import { contributionForUseCase, createUseCase } from '#lib/server/use-case/use-case.service.ts';
import { canCreateUseCase } from '#lib/server/use-case/use-case.policy.ts';
import { useCaseContext } from '#lib/server/use-case/use-case.http.ts';
import { actorOf, requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

/** New use case, directly (?thema=key) or from a contribution (?beitrag=id), for moderators. */
export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	if (!canCreateUseCase(actorOf(event)))
		throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	const fromId = event.url.searchParams.get('beitrag');
	let contribution = null;
	if (fromId) {
		try {
			contribution = await contributionForUseCase(await useCaseContext(event), fromId);
		} catch (caught) {
			throwHttpError(event, caught);
		}
	}
	return {
		topicFields: event.locals.region.topicFields.map((f) => ({ key: f.key, name: f.name })),
		contribution,
		preselected: contribution?.topicField ?? event.url.searchParams.get('thema') ?? ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(createUseCaseSchema, data);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await createUseCase(await useCaseContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/anwendungsfaelle/${id}`);
	}
};
