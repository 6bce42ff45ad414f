/**
 * German product search: full text over name and description (the generated `search_tsv`:
 * search_fold() then the German configuration, so "Äpfel" meets "Apfel"), prefix queries for
 * compounds ("Apfel" finds "Apfelsaft"), infix matching on the folded name with the trigram
 * index ("Saft" finds "Apfelsaft"), typos corrected by trigram similarity against the words
 * of product names ("Kartofel" finds "Kartoffeln", see migration 2920), and the producer's name
 * and the category names. Filters: category, label,
 * municipality (the product's origin, else its producer's), and distance around a point (the
 * producer organisation's coordinates). Always in one region, paged: the words in the name
 * first (ranked), then in the description, then the producer and category matches (by name).
 *
 * Each way to match is an index-friendly condition; PostgreSQL ORs their bitmap index scans,
 * so each matching product is read once, ranked and counted in a narrow row, and only the
 * page's rows are read out in full (measured at 50,000 products: "apfel", 2,582 hits, 20 ms
 * as a union of one subquery per way, 10 ms like this).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { PREPARED, type DB } from '../db/database.ts';
import type { Database, ProductCategory } from '../db/schema.ts';
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

/**
 * Hits are shown as counted exactly up to here; beyond, the page says "more than 1,000" and
 * pages that far. Word matches are always counted exactly; related products (see match())
 * only until the total passes this number.
 */
export const MAX_COUNTED = 1000;

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

/** Conditions on product p and its producer o for the filters (not the words). */
function filters(regionId: string, search: ProductSearch) {
	const parts: RawBuilder<boolean>[] = [sql`true`];
	if (search.category) parts.push(sql`p.category = ${search.category}`);
	if (search.labelKey) {
		// the label's id first (one lookup), so the label's products are an index-only scan
		parts.push(sql`exists (
			select 1 from product_label pl
			where pl.product_id = p.id and pl.label_id = (
				select id from label where region_id = ${regionId} and key = ${search.labelKey}))`);
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

/** The producer is needed to find candidates only when a filter asks where it is. */
function needsProducer(search: ProductSearch): boolean {
	return search.municipalityId !== undefined || search.near !== undefined;
}

/**
 * How products match the words, in three tiers, each after the one before:
 * - `name`: the words are in the product's name (full text with prefixes in `name_tsv`, or
 *   infix in the folded name), ranked: whole words first ("Eier aus Freilandhaltung" and
 *   "Bio-Eier" before "Eiernudeln" for "eier", "Saft vom Hof" before "Apfelsaft" for "saft"),
 *   then prefixes, then infixes; the name's start first within each. Read and counted in full.
 * - `text`: the words are in the product's text (`text` minus `name`): in practice its
 *   description, by name. A word of every other description ("frisch", "Hof") is
 *   found in tens of thousands of products; they are read in name order only as far as the
 *   page, and counted only up to MAX_COUNTED (measured at 50,000 products: "frisch" 42 ms
 *   ranked all at once, see docs/benchmarks.md).
 * - `related`: products of a producer whose name holds the words, or of a category whose name
 *   does ("Eier" → eggs), by name. They are read only when a page or the count reaches them
 *   (see runSearch), so the thousands of wine and juice products cost nothing on the first
 *   pages of a common word like "saft".
 * Each is an index-friendly condition: PostgreSQL ORs the bitmap index scans, so each matching
 * product is read once. `alternatives` (typo correction) replaces each word by the known words
 * it may have meant.
 */
interface Match {
	name: RawBuilder<boolean>;
	text: RawBuilder<boolean>;
	rank: RawBuilder<number>;
	related: RawBuilder<boolean> | null;
}

/** A tsquery of every word (any of its alternatives), each as a prefix. */
function tsquery(alternatives: string[][]) {
	const query = alternatives.map((a) => `(${a.map((w) => `${w}:*`).join(' | ')})`).join(' & ');
	return sql`to_tsquery('german', ${query})`;
}

function match(regionId: string, words: string[], alternatives?: string[][]): Match {
	const ts = tsquery(alternatives ?? words.map((w) => [w]));
	const inName = sql<boolean>`p.name_tsv @@ ${ts}`;
	const text = sql<boolean>`p.search_tsv @@ ${ts}`;
	if (alternatives) {
		return { name: inName, text, rank: sql`ts_rank(p.search_tsv, ${ts})`, related: null };
	}
	const phrase = words.join(' ');
	const prefix = sql`case when p.search_name like ${phrase + '%'} then 1 else 0 end`;
	// the words as whole words of the name (stemmed: "Eier" for "eier") before compounds
	// ("Eiernudeln"), wherever they stand in the name
	const whole = sql`case when p.name_tsv @@ to_tsquery('german', ${words.join(' & ')})
		then 2 else 0 end`;
	const related: RawBuilder<boolean>[] = [];
	// infix ("saft" in "apfelsaft"): trigram index scans need at least three characters; a
	// whole word of the name (ts_rank of weight A ≈ 0.61) ranks above an infix (0.5)
	let name = inName;
	let textCondition = text;
	let rank = sql<number>`ts_rank(p.search_tsv, ${ts})`;
	if (words.every((w) => w.length >= 3)) {
		const like = (column: RawBuilder<unknown>) =>
			sql<boolean>`(${sql.join(
				words.map((w) => sql`${column} like ${`%${w}%`}`),
				sql` and `
			)})`;
		const infix = like(sql`p.search_name`);
		name = sql`(${infix} or ${inName})`;
		textCondition = sql`(${text} or ${infix})`;
		rank = sql`case when ${inName} then ${rank} else 0.5 end`;
		// an array, so that the producer index joins the OR of bitmap scans
		related.push(sql`p.producer_id = any(array(
			select id from organisation where region_id = ${regionId}
				and kind in ('producer', 'farm_shop') and ${like(sql`search_fold(name)`)}))`);
	}
	const categories = categoriesMatching(words);
	if (categories.length > 0) related.push(sql`p.category = any(${categories})`);
	return {
		name,
		text: textCondition,
		rank: sql`${rank} + ${whole} + ${prefix}`,
		related: related.length > 0 ? sql`(${sql.join(related, sql` or `)})` : null
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
	if (words.length === 0) return browse(db, regionId, search, page);
	// one transaction for all statements of a search (one planner setting, see below)
	return withIndexFriendlyPlanning(db, async (trx) => {
		const found = await runSearch(trx, regionId, search, match(regionId, words), page);
		if (found.total > 0) return found;
		// nothing as typed: correct each word against the words of product names ("kartofel"
		// → "kartoffeln"), a small table with a trigram index, then search the corrections
		const alternatives = await correctWords(trx, regionId, words);
		if (!alternatives) return found;
		return runSearch(trx, regionId, search, match(regionId, words, alternatives), page);
	});
}

/**
 * Up to three known words per word, by trigram similarity; null when a word has none. Its text
 * is the same for any words (they are one array parameter), so it is prepared: planning took
 * 1 ms, running it against the few hundred words 0.2 ms.
 */
async function correctWords(db: Kysely<Database>, regionId: string, words: string[]) {
	const { rows } = await sql<{ position: number; word: string }>`
		select ${PREPARED} q.position, c.word
		from unnest(${words}::text[]) with ordinality q(typed, position)
		cross join lateral (
			select word from product_word
			where region_id = ${regionId} and products > 0 and word % q.typed
			order by similarity(word, q.typed) desc, products desc
			limit 3
		) c`.execute(db);
	const alternatives = words.map((_, i) =>
		rows.filter((r) => Number(r.position) === i + 1).map((r) => r.word.replace(/[^a-z0-9]/g, ''))
	);
	return alternatives.every((a) => a.length > 0) ? alternatives : null;
}

const LABELS = sql`coalesce((
	select json_agg(json_build_object('key', l.key, 'name', l.name) order by l.position)
	from product_label pl join label l on l.region_id = pl.region_id and l.id = pl.label_id
	where pl.region_id = p.region_id and pl.product_id = p.id
), '[]')`;

/**
 * Runs a search's statements with random page reads priced like sequential ones (1.1, the usual
 * setting for SSDs and data in memory; PostgreSQL's default of 4 assumes spinning disks). With
 * the default, a prefix query matching a few percent of the products is planned as a scan of
 * the whole table (measured: 24 ms against 4 ms for the index at 50,000 products).
 */
async function withIndexFriendlyPlanning<T>(
	db: DB,
	run: (trx: Transaction<Database>) => Promise<T>
): Promise<T> {
	return db.transaction().execute(async (trx) => {
		await sql`set local random_page_cost = 1.1`.execute(trx);
		return run(trx);
	});
}

/**
 * With words: the name matches first, in one statement: ranked and counted as narrow rows
 * (id, name, rank), then the page's rows read out in full. Only when the page reaches past
 * them, or they are not more than MAX_COUNTED (the other tiers count too), a second statement
 * reads the text matches, then the related products, by name, counted only up to
 * MAX_COUNTED + 1 hits in all. For a common word ("apfel", "frisch") the first is all there
 * is, and PostgreSQL plans no more than it runs: the later tiers in the same statement,
 * never run, cost 0.5 ms of planning on every search.
 */
async function runSearch(
	db: Kysely<Database>,
	regionId: string,
	search: ProductSearch,
	found: Match,
	page: { limit: number; offset: number }
): Promise<{ rows: ProductHit[]; total: number }> {
	const producer = needsProducer(search)
		? sql`join organisation o on o.region_id = p.region_id and o.id = p.producer_id`
		: sql``;
	const where = sql`p.region_id = ${regionId} and ${filters(regionId, search)}`;
	const named = await readPage(
		db,
		regionId,
		sql`name_hit as materialized (
			select p.id, p.name, ${found.rank} as rank from product p ${producer}
			where ${where} and ${found.name}
		),
		hit as (
			select id, name, rank, 1 as part from name_hit
			order by rank desc, name, id
			limit ${page.limit} offset ${page.offset}
		)`,
		sql`select count(*)::int as n from name_hit`
	);
	if (named.total > MAX_COUNTED && named.rows.length === page.limit) return named;
	// the later tiers: their page starts where the name matches end, and so does their count
	const n = named.total;
	const later = { offset: Math.max(0, page.offset - n), limit: page.limit - named.rows.length };
	const cap = Math.max(0, MAX_COUNTED + 1 - n);
	const textOnly = sql`${where} and ${found.text} and not coalesce(${found.name}, false)`;
	const related = found.related
		? sql`,
		related as materialized (
			select p.id, p.name from product p ${producer}
			where ${where} and ${found.related} and not coalesce(${found.text}, false)
		),
		related_page as (
			select id, name, 0 as rank, 3 as part from related
			order by name, id
			limit greatest(0, least(${later.limit}, ${later.offset + later.limit} - (select n from text_count)))
			offset greatest(0, ${later.offset} - (select n from text_count))
		),
		related_count as (
			select count(*)::int as n from (
				select 1 from related limit greatest(0, ${cap} - (select n from text_count))
			) counted
		)`
		: sql`,
		related_page as (select null::uuid as id, null::text as name, 0 as rank, 3 as part where false),
		related_count as (select 0 as n)`;
	// the text matches are left to the planner, which reads a word of most descriptions in
	// name order up to the page and a rare one by its index; the related ones are one
	// materialised set read by their indexes: left to itself, the planner reads them in name
	// order through the name index to fill the page, which filters every product of the
	// region when there are none
	const rest = await readPage(
		db,
		regionId,
		sql`text_page as (
			select p.id, p.name, 0 as rank, 2 as part from product p ${producer}
			where ${textOnly}
			order by p.name, p.id
			limit ${later.limit} offset ${later.offset}
		),
		text_count as (
			select count(*)::int as n from (
				select 1 from product p ${producer} where ${textOnly} limit ${cap}
			) counted
		)${related},
		hit as (select * from text_page union all select * from related_page)`,
		sql`select (select n from text_count) + (select n from related_count) as n`
	);
	return { rows: [...named.rows, ...rest.rows], total: n + rest.total };
}

interface PageRow extends ProductHit {
	total: number;
	hit_part: number;
	hit_rank: number;
	hit_name: string;
}

/**
 * The rows of `hit` (id, name, rank, part; defined among `ctes`) read out in full, in their
 * order, and `count`'s number: one statement, which answers a row even when the page is empty.
 */
async function readPage(
	db: Kysely<Database>,
	regionId: string,
	ctes: RawBuilder<unknown>,
	count: RawBuilder<unknown>
): Promise<{ rows: ProductHit[]; total: number }> {
	const { rows } = await sql<PageRow | { id: null; total: number }>`
		with ${ctes}
		select r.*, c.n as total from (${count}) c
		left join (
			select p.id, p.slug, p.name, p.category, p.unit, p.price_cents, p.months, p.available,
				o.slug as producer_slug, o.name as producer_name,
				o.lat as producer_lat, o.lon as producer_lon,
				m.name as municipality_name, ${LABELS} as labels,
				h.part as hit_part, h.rank as hit_rank, h.name as hit_name
			from hit h
			join product p on p.region_id = ${regionId} and p.id = h.id
			join organisation o on o.region_id = p.region_id and o.id = p.producer_id
			join municipality m on m.region_id = p.region_id
				and m.id = coalesce(p.origin_municipality_id, o.municipality_id)
		) r on true
		order by r.hit_part, r.hit_rank desc, r.hit_name, r.id`.execute(db);
	return {
		rows: rows
			.filter((r): r is PageRow => r.id !== null)
			.map(({ total: _, hit_part: _p, hit_rank: _r, hit_name: _n, ...row }) => row),
		total: rows[0]?.total ?? 0
	};
}

/** Without words: filtered, by name (an index order), and counted separately. */
async function browse(
	db: DB,
	regionId: string,
	search: ProductSearch,
	page: { limit: number; offset: number }
) {
	const where = sql`p.region_id = ${regionId} and ${filters(regionId, search)}`;
	const from = sql`product p join organisation o on o.region_id = p.region_id and o.id = p.producer_id`;
	const [{ rows }, { rows: count }] = await Promise.all([
		sql<ProductHit>`
			select p.id, p.slug, p.name, p.category, p.unit, p.price_cents, p.months, p.available,
				o.slug as producer_slug, o.name as producer_name,
				o.lat as producer_lat, o.lon as producer_lon, m.name as municipality_name,
				${LABELS} as labels
			from ${from}
			join municipality m on m.region_id = p.region_id
				and m.id = coalesce(p.origin_municipality_id, o.municipality_id)
			where ${where}
			order by p.name, p.id
			limit ${page.limit} offset ${page.offset}`.execute(db),
		// the producer is needed only to filter by place
		search.municipalityId || search.near
			? sql<{ total: number }>`select count(*)::int as total from ${from} where ${where}`.execute(
					db
				)
			: sql<{ total: number }>`select count(*)::int as total from product p
					where ${where}`.execute(db)
	]);
	return { rows, total: count[0]?.total ?? 0 };
}
