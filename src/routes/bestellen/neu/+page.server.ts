import { redirect } from '@sveltejs/kit';
import { cycleSchema } from '#lib/server/order/order.schema.ts';
import { createCycle, getCycleForm } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { choices: await getCycleForm(await orderContext(event)) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(cycleSchema, data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			slug = await createCycle(await orderContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code))
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/bestellen/${slug}/bearbeiten`);
	}
};
