import { fail, redirect } from '@sveltejs/kit';
import {
	contributionFormObject,
	contributionSchema
} from '#lib/server/participation/contribution.schema.ts';
import {
	createContribution,
	getContributionForm,
	similarContributions
} from '#lib/server/participation/contribution.service.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, formValues } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		const form = await getContributionForm(await participationContext(event), event.params.key);
		return {
			topicField: { key: form.topicField.key, name: form.topicField.name },
			municipalities: form.municipalities,
			organisations: form.organisations,
			categories: event.locals.region.categories,
			targetGroups: event.locals.region.targetGroups
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

function parse(data: FormData) {
	const parsed = contributionSchema.safeParse(contributionFormObject(data));
	const values = { ...formValues(data), targetGroups: data.getAll('targetGroups').join(',') };
	if (parsed.success) return { ok: true as const, data: parsed.data, values };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		errors[field] ??= /^[\w.]+$/.test(issue.message) ? issue.message : 'form.invalid';
	}
	return { ok: false as const, failure: fail(400, { values, errors }) };
}

export const actions: Actions = {
	/** Shows similar contributions before publishing (the form stays filled in). */
	pruefen: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parse(data);
		if (!parsed.ok) return parsed.failure;
		try {
			const similar = await similarContributions(
				await participationContext(event),
				event.params.key,
				`${parsed.data.title} ${parsed.data.body}`
			);
			return { values: parsed.values, similar, checked: true };
		} catch (caught) {
			throwHttpError(event, caught);
		}
	},
	veroeffentlichen: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parse(data);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await createContribution(
				await participationContext(event),
				event.params.key,
				parsed.data
			);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'rate_limited'].includes(caught.code)) {
				const failure = failFromError(caught, data, event.setHeaders);
				return fail(failure.status, { ...failure.data, values: parsed.values });
			}
			throwHttpError(event, caught);
		}
		redirect(303, `/beitraege/${id}?neu=1`);
	}
};
