import { redirect } from '@sveltejs/kit';
import { createProduct, getProductFormOptions } from '#lib/server/product/product.service.ts';
import {
	actionError,
	parseProductForm,
	productContext,
	throwHttpError
} from '#lib/server/product/product.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return await getProductFormOptions(await productContext(event));
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseProductForm(data);
		if (!parsed.ok) return parsed.failure;
		let slug: string;
		try {
			({ slug } = await createProduct(await productContext(event), parsed.data));
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/produkte/${slug}?angelegt=1`);
	}
};
