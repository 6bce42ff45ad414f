import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseBasket, placeSchema } from '#lib/server/order/order.schema.ts';
import {
	getCycle,
	OrderRefused,
	placeOrder,
	reviewBasket
} from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { formValues } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * `?pruefen` with the basket's fields (`q.<offer>`, `p.<offer>`) in the address is the review
 * step as a link: the sign-in page returns there (as its `next`), so that a person who signs in
 * on the review finds the basket as it was. Bad or stale fields show the basket with its
 * messages, as the form would. The same fields without `?pruefen` fill in the basket form
 * ("change the basket" on the review).
 */
export const load: PageServerLoad = async (event) => {
	try {
		const ctx = await orderContext(event);
		const cycle = await getCycle(ctx, event.params.slug);
		const values: Record<string, string> = {};
		for (const [key, value] of event.url.searchParams) {
			if (/^[qp]\./.test(key)) values[key] = value.slice(0, 20);
		}
		if (!event.url.searchParams.has('pruefen')) {
			// "change the basket" from the review: the basket form, filled in as it was
			const filled = Object.keys(values).length > 0;
			return {
				cycle,
				linked: filled ? { review: null, values, errors: {} as Record<string, string> } : null
			};
		}
		const basket = parseBasket(values);
		if (!basket.ok) return { cycle, linked: { review: null, values, errors: basket.errors } };
		try {
			const review = await reviewBasket(ctx, event.params.slug, basket.lines);
			return { cycle, linked: { review, values, errors: {} as Record<string, string> } };
		} catch (caught) {
			const problem = refusal(caught);
			if (!problem) throw caught;
			return { cycle, linked: { review: null, values, errors: {}, problem } };
		}
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

function raw(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
	return values;
}

/** A refusal the person can act on: the message with its numbers, next to the basket. */
function refusal(caught: unknown) {
	if (caught instanceof OrderRefused) {
		return { message: caught.messageKey, params: caught.params, offer: caught.offerId };
	}
	if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
		return { message: caught.messageKey, params: {}, offer: null, fields: caught.fields ?? {} };
	}
	return null;
}

async function review(event: RequestEvent<{ slug: string }>, data: FormData) {
	const basket = parseBasket(raw(data));
	if (!basket.ok) return { basket: null, errors: basket.errors };
	return {
		basket: await reviewBasket(await orderContext(event), event.params.slug, basket.lines),
		errors: {} as Record<string, string>
	};
}

/**
 * Step 1 → 2 → done. The basket travels in the forms (quantity and the price seen, per offer,
 * as hidden fields on the review step): no server-side state for people who never order, and
 * the back button works. The order itself is checked again in one transaction.
 */
export const actions: Actions = {
	review: async (event) => {
		const data = await event.request.formData();
		try {
			const { basket, errors } = await review(event, data);
			if (!basket) return fail(400, { step: 'basket' as const, values: formValues(data), errors });
			return { step: 'review' as const, review: basket, values: formValues(data) };
		} catch (caught) {
			const problem = refusal(caught);
			if (!problem) throwHttpError(event, caught);
			return fail(409, { step: 'basket' as const, values: formValues(data), errors: {}, problem });
		}
	},
	place: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const basket = parseBasket(raw(data));
		if (!basket.ok) {
			return fail(400, {
				step: 'basket' as const,
				values: formValues(data),
				errors: basket.errors
			});
		}
		const ctx = await orderContext(event);
		const parsed = placeSchema.safeParse(raw(data));
		let number: string;
		try {
			if (!parsed.success) {
				const errors: Record<string, string> = {};
				for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
				return fail(400, {
					step: 'review' as const,
					review: await reviewBasket(ctx, event.params.slug, basket.lines),
					values: formValues(data),
					errors
				});
			}
			number = await placeOrder(ctx, event.params.slug, basket.lines, parsed.data);
		} catch (caught) {
			const problem = refusal(caught);
			if (!problem) throwHttpError(event, caught);
			// back to the basket with today's numbers, the quantities as they were
			return fail(409, {
				step: 'basket' as const,
				values: formValues(data),
				errors: {},
				problem,
				cycle: await getCycle(ctx, event.params.slug)
			});
		}
		redirect(303, `/konto/bestellungen?bestellt=${number}`);
	}
};
