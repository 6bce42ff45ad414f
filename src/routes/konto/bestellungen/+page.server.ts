import { fail } from '@sveltejs/kit';
import { cancelSchema } from '#lib/server/order/order.schema.ts';
import { cancelOrder, myOrders } from '#lib/server/order/order.service.ts';
import { orderContext } from '#lib/server/order/order.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	return {
		orders: await myOrders(await orderContext(event)),
		placed: event.url.searchParams.get('bestellt')?.replace(/\D/g, '').slice(0, 20) ?? null
	};
};

export const actions: Actions = {
	cancel: async (event) => {
		requirePerson(event);
		const parsed = parseForm(cancelSchema, await event.request.formData());
		if (!parsed.ok) return parsed.failure;
		try {
			await cancelOrder(await orderContext(event), parsed.data.order);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'conflict')
				return fail(409, { message: caught.messageKey });
			throwHttpError(event, caught);
		}
		return { done: 'order.cancelledNow' };
	}
};
