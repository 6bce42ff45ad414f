/**
 * One schema per product action; every message is a key of messages/product.*.json. The
 * categories are the list the database checks (migration 2026_11_27_2900).
 */
import { z } from 'zod';
import type { ProductCategory } from '../db/schema.ts';

export const CATEGORIES = [
	'vegetables',
	'fruit',
	'potatoes',
	'meat_sausage',
	'fish',
	'dairy',
	'eggs',
	'bread_bakery',
	'honey',
	'preserves',
	'grain_flour',
	'wine_juice',
	'beer_spirits',
	'plants_flowers',
	'other'
] as const satisfies readonly ProductCategory[];

export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** Radii offered by the search form, in kilometres. */
export const RADII = [5, 10, 20, 50] as const;

/** Slugs as products get them; anything else cannot name one. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The highest price the database accepts: 10,000 euros. */
export const MAX_PRICE_CENTS = 1_000_000;

/**
 * A price as people type it: "3,50", "3.50", "3", "3,5", "1.234,50", optionally with "€".
 * Returns cents, or null for anything else (negative numbers, letters, three decimals).
 */
export function parsePrice(text: string): number | null {
	let value = text
		.trim()
		.replace(/\s*(€|eur|euro)$/i, '')
		.replace(/^€\s*/, '');
	// German thousands separators before a decimal comma: 1.234,50
	if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(value)) value = value.replaceAll('.', '');
	const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value);
	if (!match) return null;
	const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
	return cents <= MAX_PRICE_CENTS ? cents : null;
}

/** Control characters other than tab and line breaks: never wanted in plain text. */
function hasControl(text: string, allowBreaks: boolean): boolean {
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
		if (control && !(allowBreaks && (char === '\n' || char === '\t'))) return true;
	}
	return false;
}

function line(min: number, max: number, message: string) {
	return z
		.string({ message })
		.trim()
		.min(min, { message })
		.max(max, { message })
		.refine((v) => !hasControl(v, false), { message });
}

/** A checkbox group arrives as one string or several; none checked means none. */
const checkedValues = z
	.union([z.string(), z.array(z.string())])
	.optional()
	.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const productSchema = z.object({
	/** the producer organisation's slug (chosen on /produkte/neu; fixed when editing) */
	producer: z
		.string({ message: 'product.producer.required' })
		.trim()
		.regex(SLUG_PATTERN, { message: 'product.producer.required' })
		.max(100, { message: 'product.producer.required' }),
	name: line(2, 120, 'product.name.invalid'),
	category: z.enum(CATEGORIES, { message: 'product.category.required' }),
	description: z
		.string()
		.transform((v) => v.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.max(4000, { message: 'product.description.invalid' })
				.refine((v) => !hasControl(v, true), { message: 'product.description.invalid' })
		)
		.default(''),
	unit: line(1, 40, 'product.unit.invalid'),
	price: z.string({ message: 'product.price.invalid' }).transform((value, ctx) => {
		const cents = parsePrice(value);
		if (cents === null) {
			ctx.addIssue({
				code: 'custom',
				message: value.trim() === '' ? 'product.price.required' : 'product.price.invalid'
			});
			return z.NEVER;
		}
		return cents;
	}),
	months: checkedValues
		.pipe(
			z
				.array(z.string().regex(/^(1[0-2]|[1-9])$/, { message: 'product.months.invalid' }))
				.max(12, { message: 'product.months.invalid' })
		)
		.transform((months) => [...new Set(months.map(Number))].sort((a, b) => a - b)),
	labels: checkedValues
		.pipe(
			z
				.array(
					z
						.string()
						.regex(SLUG_PATTERN, { message: 'product.labels.invalid' })
						.max(60, { message: 'product.labels.invalid' })
				)
				.max(50, { message: 'product.labels.invalid' })
		)
		.transform((keys) => [...new Set(keys)]),
	/** municipality slug of origin; empty: the producer's own */
	origin: z
		.string()
		.trim()
		.refine((v) => v === '' || /^[a-z0-9-]{1,80}$/.test(v), { message: 'product.origin.invalid' })
		.default(''),
	available: z
		.string()
		.optional()
		.transform((v) => v !== undefined)
});
export type ProductInput = z.infer<typeof productSchema>;

/** The search form (/produkte): every parameter optional, bad values ignored. */
export const searchQuerySchema = z.object({
	q: z
		.string()
		.trim()
		.max(100)
		.catch('')
		.default('')
		.transform((v) => v.replace(/\s+/g, ' ')),
	kategorie: z.enum(CATEGORIES).optional().catch(undefined),
	label: z.string().regex(SLUG_PATTERN).max(60).optional().catch(undefined),
	ort: z
		.string()
		.regex(/^[a-z0-9-]{1,80}$/)
		.optional()
		.catch(undefined),
	umkreis: z.coerce
		.number()
		.refine((v) => (RADII as readonly number[]).includes(v))
		.optional()
		.catch(undefined),
	seite: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Open data: /api/v1/products?page=… */
export const apiPageSchema = z.object({
	page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1)
});
