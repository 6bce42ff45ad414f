import { collectSchema } from '#lib/server/order/order.schema.ts';
import { coordinatorView, markCollected } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { view: await coordinatorView(await orderContext(event), event.params.slug) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	/** One order handed over at the pickup: a button per order in the packing list. */
	collect: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(collectSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await markCollected(await orderContext(event), event.params.slug, parsed.data.order);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'conflict') {
				return failFromError(caught, data);
			}
			throwHttpError(event, caught);
		}
		return { collected: parsed.data.order };
	}
};
