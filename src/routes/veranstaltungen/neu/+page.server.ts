import { redirect } from '@sveltejs/kit';
import { eventSchema } from '#lib/server/event/event.schema.ts';
import { createEvent, eventFormOptions } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const options = await eventFormOptions(await eventContext(event));
		// from a working group's page: a meeting of that group, in its topic field
		const group = options.workingGroups.find(
			(g) => g.slug === event.url.searchParams.get('arbeitsgruppe')
		);
		const preset: Record<string, string> = group
			? { kind: 'working_group', workingGroup: group.slug, topicField: group.topicField }
			: { kind: 'workshop' };
		return { options, preset };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(eventSchema, data);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await createEvent(await eventContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/veranstaltungen/${id}`);
	}
};
