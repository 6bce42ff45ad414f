import { fail } from '@sveltejs/kit';
import {
	cycleEditSchema,
	offerEditSchema,
	offerSchema,
	pickupSchema,
	removeSchema
} from '#lib/server/order/order.schema.ts';
import {
	addOffer,
	addPickup,
	getCycleAdmin,
	removeOffer,
	removePickup,
	updateCycle,
	updateOffer
} from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return { admin: await getCycleAdmin(await orderContext(event), event.params.slug) };
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

/** Each form says which it is (`form`), so that its messages appear next to it. */
function action<S extends z.ZodType>(
	name: string,
	schema: S,
	run: (event: RequestEvent, input: z.infer<S>) => Promise<unknown>,
	done: string
) {
	return async (event: RequestEvent) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(schema, data);
		if (!parsed.ok) return fail(parsed.failure.status, { ...parsed.failure.data, form: name });
		try {
			await run(event, parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
				const failure = failFromError(caught, data);
				return fail(failure.status, { ...failure.data, form: name });
			}
			throwHttpError(event, caught);
		}
		return { form: name, done };
	};
}

export const actions: Actions = {
	updateCycle: action(
		'cycle',
		cycleEditSchema,
		async (event, input) => updateCycle(await orderContext(event), event.params.slug, input),
		'order.cycle.updated'
	),
	// the page shows its messages next to the offer named by the form's `id`
	updateOffer: action(
		'offerEdit',
		offerEditSchema,
		async (event, input) => updateOffer(await orderContext(event), event.params.slug, input),
		'order.offer.updated'
	),
	addOffer: action(
		'offer',
		offerSchema,
		async (event, input) => addOffer(await orderContext(event), event.params.slug, input),
		'order.offer.added'
	),
	removeOffer: action(
		'offer',
		removeSchema,
		async (event, input) => removeOffer(await orderContext(event), event.params.slug, input.id),
		'order.offer.removed'
	),
	addPickup: action(
		'pickup',
		pickupSchema,
		async (event, input) => addPickup(await orderContext(event), event.params.slug, input),
		'order.pickup.added'
	),
	removePickup: action(
		'pickup',
		removeSchema,
		async (event, input) => removePickup(await orderContext(event), event.params.slug, input.id),
		'order.pickup.removed'
	)
};
