/** What product pages show, and schema.org data for search engines. */
import type { ProductPage } from './product.service.ts';

/** schema.org Product with an Offer: price in euros, sold by the producer organisation. */
export function productJsonLd(page: ProductPage, pageUrl: string, origin: string) {
	const { product } = page;
	return {
		'@context': 'https://schema.org',
		'@type': 'Product',
		name: product.name,
		...(product.description ? { description: product.description.slice(0, 500) } : {}),
		url: pageUrl,
		category: product.category,
		...(product.labels.length > 0 ? { award: product.labels.map((l) => l.name) } : {}),
		offers: {
			'@type': 'Offer',
			price: (product.priceCents / 100).toFixed(2),
			priceCurrency: 'EUR',
			availability: product.available
				? 'https://schema.org/InStock'
				: 'https://schema.org/OutOfStock',
			url: pageUrl,
			seller: {
				'@type': 'Organization',
				name: product.producer.name,
				url: `${origin}/organisationen/${product.producer.slug}`
			}
		}
	};
}
