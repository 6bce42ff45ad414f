import { redirect } from '@sveltejs/kit';
import {
	deleteProduct,
	getProductForEdit,
	updateProduct
} from '#lib/server/product/product.service.ts';
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
		return await getProductForEdit(await productContext(event), event.params.slug);
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	save: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseProductForm(data);
		if (!parsed.ok) return parsed.failure;
		try {
			await updateProduct(await productContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/produkte/${event.params.slug}?gespeichert=1`);
	},
	delete: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		let producer: string;
		try {
			producer = await deleteProduct(await productContext(event), event.params.slug);
		} catch (caught) {
			return actionError(event, caught, data);
		}
		redirect(303, `/organisationen/${producer}?produktEntfernt=1`);
	}
};
