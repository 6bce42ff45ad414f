import { getProduct } from '#lib/server/product/product.service.ts';
import { productJsonLd } from '#lib/server/product/product.presenter.ts';
import { productContext, throwHttpError } from '#lib/server/product/product.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const page = await getProduct(await productContext(event), event.params.slug);
		const pageUrl = `${event.url.origin}/produkte/${page.product.slug}`;
		const notice = (['angelegt', 'gespeichert'] as const).find((key) =>
			event.url.searchParams.has(key)
		);
		return {
			...page,
			jsonLd: productJsonLd(page, pageUrl, event.url.origin),
			notice: notice ?? null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
