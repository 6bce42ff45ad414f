import { redirect } from '@sveltejs/kit';
import { createMarket, marketFormOptions } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { marketSchema } from '#lib/server/market/market.schema.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const options = await marketFormOptions(await marketContext(event));
	if (!options.canCreate) throwHttpError(event, new AppError('forbidden', 'auth.forbidden'));
	return { options };
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(marketSchema, data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			slug = await createMarket(await marketContext(event), parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && (caught.code === 'invalid' || caught.code === 'conflict'))
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		redirect(303, `/maerkte/${slug}`);
	}
};
