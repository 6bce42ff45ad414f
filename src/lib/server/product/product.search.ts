/**
 * German product search: full text over name and description (the generated `search_tsv`:
 * search_fold() then the German configuration, so "Äpfel" meets "Apfel"), prefix queries for
 * compounds ("Apfel" finds "Apfelsaft"), infix matching on the folded name with the trigram
 * index ("Saft" finds "Apfelsaft"), trigram word similarity for typos ("Kartofel" finds
 * "Kartoffeln"), and the producer's name and the category names. Filters: category, label,
 * municipality (the product's origin, else its producer's), and distance around a point (the
 * producer organisation's coordinates). Always in one region, ranked, paged.
 *
 * Each way to match is its own index-friendly subquery; their union gives the candidates, which
 * are then filtered and ranked (one OR over five conditions would defeat the indexes).
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/database.ts';
import type { ProductCategory } from '../db/schema.ts';
import { boundingBox } from '../place/geo.ts';
import { CATEGORIES } from './product.schema.ts';
import productDe from '../../../../messages/product.de.json' with { type: 'json' };
import productEn from '../../../../messages/product.en.json' with { type: 'json' };

/** The same folding as the database's search_fold(): lower case, umlauts and ß spelled out. */
export function searchFold(text: string): string {
	const from = 'äöüéèáàâ';
	const to = 'aoueeaaa';
	return [...text.toLowerCase()]
		.map((c) => {
			const i = from.indexOf(c);
			return i < 0 ? c : to[i];
		})
		.join('')
		.replaceAll('ß', 'ss');
}

/** Folded words of a query: letters and digits only (nothing reaches to_tsquery unescaped). */
export function searchWords(text: string): string[] {
	return searchFold(text)
		.split(/[^\p{L}\p{N}]+/u)
		.map((w) => w.replace(/[^a-z0-9]/g, ''))
		.filter((w) => w.length > 0)
		.slice(0, 8);
}

/** Folded German and English category names, to find "Honig" under honey and "Eier" under eggs. */
const CATEGORY_NAMES: [ProductCategory, string[]][] = CATEGORIES.map((category) => {
	const key = `product.category.${category}` as keyof typeof productDe;
	return [category, [searchFold(productDe[key]), searchFold(productEn[key])]];
});

export function categoriesMatching(words: string[]): ProductCategory[] {
	const long = words.filter((w) => w.length >= 4);
	if (long.length === 0) return [];
	return CATEGORY_NAMES.filter(([, names]) =>
		long.every((w) => names.some((name) => name.split(/[^a-z0-9]+/).some((n) => n.startsWith(w))))
	).map(([category]) => category);
}

export interface ProductSearch {
	text: string;
	category?: ProductCategory;
	labelKey?: string;
	/** the product's origin municipality, or its producer's when it has none */
	municipalityId?: string;
	near?: { lat: number; lon: number; km: number };
}

export interface ProductHit {
	id: string;
	slug: string;
	name: string;
	category: ProductCategory;
	unit: string;
	price_cents: number;
	months: number[];
	available: boolean;
	producer_slug: string;
	producer_name: string;
	producer_lat: number;
	producer_lon: number;
	municipality_name: string;
	labels: { key: string; name: string }[];
}

const NONE = sql<boolean>`true`;

function haversineKm(
	lat: RawBuilder<unknown>,
	lon: RawBuilder<unknown>,
	centre: { lat: number; lon: number }
) {
	return sql<number>`2 * 6371.0088 * asin(least(1, sqrt(
		power(sin(radians(${lat} - ${centre.lat}) / 2), 2)
		+ cos(radians(${centre.lat})) * cos(radians(${lat}))
			* power(sin(radians(${lon} - ${centre.lon}) / 2), 2))))`;
}

/** Conditions on product p and producer o for the filters (not the words). */
function filters(regionId: string, search: ProductSearch) {
	const parts: RawBuilder<boolean>[] = [sql`p.region_id = ${regionId}`];
	if (search.category) parts.push(sql`p.category = ${search.category}`);
	if (search.labelKey) {
		parts.push(sql`exists (
			select 1 from product_label pl join label l on l.region_id = pl.region_id and l.id = pl.label_id
			where pl.region_id = ${regionId} and pl.product_id = p.id and l.key = ${search.labelKey})`);
	}
	if (search.municipalityId) {
		parts.push(
			sql`coalesce(p.origin_municipality_id, o.municipality_id) = ${search.municipalityId}`
		);
	}
	if (search.near) {
		const box = boundingBox(search.near, search.near.km);
		parts.push(sql`o.lat between ${box.minLat} and ${box.maxLat}
			and o.lon between ${box.minLon} and ${box.maxLon}
			and ${haversineKm(sql`o.lat`, sql`o.lon`, search.near)} <= ${search.near.km}`);
	}
	return sql.join(parts, sql` and `);
}

/**
 * The words part: candidate ids (a union of index scans) and a rank; null without words.
 * Typo tolerance (trigram word similarity) is costly on common words, so it is the fallback
 * when nothing matched the words as typed ("Kartofel" → "Kartoffeln").
 */
function matching(regionId: string, words: string[], typos: boolean) {
	if (words.length === 0) return null;
	const tsquery = words.map((w) => `${w}:*`).join(' & ');
	const phrase = words.join(' ');
	const ts = sql`to_tsquery('german', ${tsquery})`;
	if (typos) {
		return {
			candidates: sql`select id from product where region_id = ${regionId}
				and ${phrase} <% search_name`,
			rank: sql<number>`word_similarity(${phrase}, p.search_name)`
		};
	}
	const arms: RawBuilder<unknown>[] = [
		sql`select id from product where region_id = ${regionId} and search_tsv @@ ${ts}`
	];
	// infix ("saft" in "apfelsaft"): trigram index scans need at least three characters
	const long = words.filter((w) => w.length >= 3);
	if (long.length === words.length) {
		const likes = long.map((w) => sql`search_name like ${`%${w}%`}`);
		arms.push(
			sql`select id from product where region_id = ${regionId} and ${sql.join(likes, sql` and `)}`,
			sql`select id from product where region_id = ${regionId} and producer_id in (
				select id from organisation where region_id = ${regionId}
					and kind in ('producer', 'farm_shop')
					and ${sql.join(
						long.map((w) => sql`search_fold(name) like ${`%${w}%`}`),
						sql` and `
					)})`
		);
	}
	const categories = categoriesMatching(words);
	if (categories.length > 0) {
		arms.push(
			sql`select id from product where region_id = ${regionId} and category = any(${categories})`
		);
	}
	return {
		candidates: sql.join(arms, sql` union `),
		rank: sql<number>`(ts_rank(p.search_tsv, ${ts})
			+ case when p.search_name like ${phrase + '%'} then 1 else 0 end)`
	};
}

/** One page of products matching the search, and how many there are in all. */
export async function searchProducts(
	db: DB,
	regionId: string,
	search: ProductSearch,
	page: { limit: number; offset: number }
): Promise<{ rows: ProductHit[]; total: number }> {
	const words = searchWords(search.text);
	const found = await runSearch(db, regionId, search, words, false, page);
	if (found.total > 0 || words.length === 0) return found;
	return runSearch(db, regionId, search, words, true, page);
}

async function runSearch(
	db: DB,
	regionId: string,
	search: ProductSearch,
	words: string[],
	typos: boolean,
	page: { limit: number; offset: number }
): Promise<{ rows: ProductHit[]; total: number }> {
	const where = filters(regionId, search);
	const match = matching(regionId, words, typos);
	const candidates = match ? sql`p.id in (${match.candidates})` : NONE;
	const rank = match ? match.rank : sql<number>`0`;
	const from = sql`product p
		join organisation o on o.region_id = p.region_id and o.id = p.producer_id`;
	const [{ rows }, { rows: count }] = await Promise.all([
		sql<ProductHit>`
			select p.id, p.slug, p.name, p.category, p.unit, p.price_cents, p.months, p.available,
				o.slug as producer_slug, o.name as producer_name,
				o.lat as producer_lat, o.lon as producer_lon, m.name as municipality_name,
				coalesce((
					select json_agg(json_build_object('key', l.key, 'name', l.name) order by l.position)
					from product_label pl join label l on l.region_id = pl.region_id and l.id = pl.label_id
					where pl.region_id = p.region_id and pl.product_id = p.id
				), '[]') as labels
			from (
				select p.id, ${rank} as rank
				from ${from}
				where ${where} and ${candidates}
				order by rank desc, p.name, p.id
				limit ${page.limit} offset ${page.offset}
			) hit
			join product p on p.id = hit.id
			join organisation o on o.region_id = p.region_id and o.id = p.producer_id
			join municipality m on m.region_id = p.region_id
				and m.id = coalesce(p.origin_municipality_id, o.municipality_id)
			order by hit.rank desc, p.name, p.id`.execute(db),
		sql<{ total: number }>`
			select count(*)::int as total from ${from} where ${where} and ${candidates}`.execute(db)
	]);
	return { rows, total: count[0]?.total ?? 0 };
}
