import { exportProducts } from '#lib/server/product/product.service.ts';
import { apiPageSchema } from '#lib/server/product/product.schema.ts';
import { productContext } from '#lib/server/product/product.http.ts';
import { toCsv } from '#lib/server/region/open-data.ts';
import type { RequestHandler } from './$types';

/** The products as CSV (RFC 4180), 500 a page like the JSON; prices in euros with a point. */
export const GET: RequestHandler = async (event) => {
	const { page } = apiPageSchema.parse(Object.fromEntries(event.url.searchParams));
	const result = await exportProducts(await productContext(event), page, event.url.origin);
	const csv = toCsv(
		[
			'slug',
			'name',
			'category',
			'unit',
			'price_eur',
			'months',
			'available',
			'labels',
			'origin',
			'producer',
			'producer_slug',
			'url'
		],
		result.items.map((p) => [
			p.slug,
			p.name,
			p.category,
			p.unit,
			(p.priceCents / 100).toFixed(2),
			p.months.join(' '),
			p.available,
			p.labels.join(' '),
			p.origin ?? '',
			p.producer.name,
			p.producer.slug,
			p.url
		])
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="${event.locals.region.slug}-products${page > 1 ? `-${page}` : ''}.csv"`,
			'access-control-allow-origin': '*',
			'cache-control': 'public, max-age=60'
		}
	});
};
