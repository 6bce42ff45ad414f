/**
 * Synthetic products for the product-search benchmark: N products (default 50,000) with
 * realistic German names ("Bio-Apfelsaft naturtrüb", "Odenwälder Kartoffeln festkochend", …),
 * from made-up producer organisations spread over the region's municipalities, with labels and
 * seasons. Everything set-based: one INSERT … SELECT for the producers, one for the products,
 * one for their labels. Products carry a fixed "bench-" slug prefix, so a second run adds more.
 */
import { sql } from 'kysely';
import type { DB } from '../src/lib/server/db/database.ts';
import { searchProducts, type ProductSearch } from '../src/lib/server/product/product.search.ts';

/** [word, category] — the stems products are made of; compounds come from FOODS × SUFFIXES. */
const FOODS: [string, string][] = [
	['Apfel', 'fruit'],
	['Birnen', 'fruit'],
	['Kirsch', 'fruit'],
	['Zwetschgen', 'fruit'],
	['Quitten', 'preserves'],
	['Erdbeer', 'fruit'],
	['Holunder', 'preserves'],
	['Honig', 'honey'],
	['Wald', 'honey'],
	['Leber', 'meat_sausage'],
	['Schinken', 'meat_sausage'],
	['Rinder', 'meat_sausage'],
	['Lamm', 'meat_sausage'],
	['Forellen', 'fish'],
	['Bauern', 'bread_bakery'],
	['Dinkel', 'grain_flour'],
	['Roggen', 'grain_flour'],
	['Ziegen', 'dairy'],
	['Heumilch', 'dairy'],
	['Kartoffel', 'potatoes']
];
const SUFFIXES = [
	'saft',
	'wein',
	'brand',
	'marmelade',
	'gelee',
	'honig',
	'wurst',
	'brot',
	'käse',
	'mehl',
	'salat',
	'chips',
	'kuchen',
	'essig',
	''
];
const PLAIN = [
	['Äpfel', 'fruit'],
	['Birnen', 'fruit'],
	['Eier', 'eggs'],
	['Kartoffeln', 'potatoes'],
	['Möhren', 'vegetables'],
	['Kürbis', 'vegetables'],
	['Spargel', 'vegetables'],
	['Blumenstrauß', 'plants_flowers'],
	['Bier', 'beer_spirits'],
	['Joghurt', 'dairy']
];
const PREFIXES = ['', '', '', 'Bio-', 'Odenwälder ', 'Bergsträßer ', 'Frische ', 'Hausgemachte '];
const EXTRAS = [
	'',
	'',
	'naturtrüb',
	'festkochend',
	'vom Hof',
	'aus Streuobst',
	'geräuchert',
	'mild'
];
const UNITS = ['1 kg', '500 g', '250 g', '0,75 l', '1 l', '10 Stück', '6 Stück', '1 Glas'];

/**
 * Adds `producers` made-up producer organisations and `count` products, telling `onPhase` what
 * it is doing (each phase is one statement). Returns the time taken.
 */
export async function generateProducts(
	db: DB,
	regionId: string,
	count = 50_000,
	producers = 400,
	onPhase: (phase: string) => void = () => {}
): Promise<{ ms: number }> {
	const started = Date.now();
	onPhase(`${producers} producers`);
	const tag = Date.now().toString(36);
	const names = [
		...FOODS.flatMap(([food, category]) =>
			SUFFIXES.map((suffix) => [
				suffix ? food + suffix : food,
				suffix === 'saft' || suffix === 'wein'
					? 'wine_juice'
					: suffix === 'brand'
						? 'beer_spirits'
						: suffix === 'marmelade' || suffix === 'gelee'
							? 'preserves'
							: suffix === 'wurst'
								? 'meat_sausage'
								: suffix === 'brot' || suffix === 'kuchen'
									? 'bread_bakery'
									: suffix === 'käse'
										? 'dairy'
										: suffix === 'mehl'
											? 'grain_flour'
											: category
			])
		),
		...PLAIN
	];
	await sql`
		insert into organisation (region_id, slug, name, kind, sector, description, municipality_id,
			lat, lon, exact_location)
		select ${regionId}, 'bench-hof-' || ${tag} || '-' || g,
			(array['Hof', 'Gut', 'Imkerei', 'Metzgerei', 'Bäckerei', 'Weingut', 'Obsthof', 'Käserei'])[1 + g % 8]
				|| ' ' || (array['Müller', 'Schmitt', 'Weber', 'Krämer', 'Hartmann', 'Lindenhof', 'am Berg', 'Sonnenhang'])[1 + (g / 8) % 8]
				|| ' ' || g,
			case when g % 5 = 0 then 'farm_shop' else 'producer' end, 'wirtschaft', '',
			m.id, m.lat + (random() - 0.5) * 0.04, m.lon + (random() - 0.5) * 0.04, true
		from generate_series(1, ${producers}) g
		cross join lateral (
			select id, lat, lon from municipality where region_id = ${regionId}
			order by md5(id::text || g) limit 1
		) m`.execute(db);
	onPhase(`${count} products`);
	await sql`
		with producers as (
			select id, row_number() over (order by id) as n from organisation
			where region_id = ${regionId} and slug like ${'bench-hof-' + tag + '-%'}
		),
		names as (
			select ordinality as n, value->>0 as name, value->>1 as category
			from jsonb_array_elements(${JSON.stringify(names)}::jsonb) with ordinality
		),
		counts as (select count(*) as names, (select count(*) from producers) as producers from names)
		insert into product (region_id, producer_id, slug, name, category, description, unit,
			price_cents, months, available)
		select ${regionId}, p.id, 'bench-' || ${tag} || '-' || g,
			trim((${PREFIXES}::text[])[1 + g % ${PREFIXES.length}] || n.name || ' '
				|| (${EXTRAS}::text[])[1 + (g / 7) % ${EXTRAS.length}]),
			n.category,
			'Aus eigener Erzeugung im Odenwald, frisch vom Hof. ' || n.name || ' nach altem Rezept.',
			(${UNITS}::text[])[1 + g % ${UNITS.length}],
			100 + (g * 37) % 2400,
			case when g % 3 = 0 then '{}'::smallint[]
				else array(select generate_series(1 + g % 6, 6 + g % 6))::smallint[] end,
			g % 17 <> 0
		from generate_series(1, ${count}) g, counts
		join names n on true
		join producers p on true
		where n.n = 1 + (g * 7919) % counts.names and p.n = 1 + g % counts.producers`.execute(db);
	onPhase('their labels');
	await sql`
		insert into product_label (region_id, product_id, label_id)
		select p.region_id, p.id, l.id
		from product p join label l on l.region_id = p.region_id
		where p.region_id = ${regionId} and p.slug like ${'bench-' + tag + '-%'}
			and (hashtext(p.id::text || l.key) % 4) = 0`.execute(db);
	onPhase('analyze');
	for (const table of ['product', 'product_label', 'organisation']) {
		await sql`analyze ${sql.table(table)}`.execute(db);
	}
	return { ms: Date.now() - started };
}

/** Typical searches of the /produkte page: a word, a compound part, a typo, with filters. */
export const BENCH_SEARCHES: { name: string; search: ProductSearch }[] = [
	{ name: 'browse, no filter', search: { text: '' } },
	{ name: 'word "Äpfel"', search: { text: 'Äpfel' } },
	{ name: 'compound part "Saft"', search: { text: 'Saft' } },
	{ name: 'prefix "Apfel"', search: { text: 'Apfel' } },
	{ name: 'typo "Kartofel"', search: { text: 'Kartofel' } },
	{ name: 'two words "Bio Honig"', search: { text: 'Bio Honig' } },
	{ name: '"Wurst" + category', search: { text: 'Wurst', category: 'meat_sausage' } },
	{ name: '"Apfel" + label', search: { text: 'Apfel', labelKey: 'echt-odenwald' } },
	{
		name: 'category + 10 km',
		search: { text: '', category: 'fruit', near: { lat: 49.684, lon: 8.782, km: 10 } }
	},
	{ name: '"Käse" + 20 km', search: { text: 'Käse', near: { lat: 49.684, lon: 8.782, km: 20 } } }
];

/**
 * Times each typical search (the page's two queries, as the app runs them) `runs` times after a
 * warm-up; returns p50 and p95 in milliseconds, and the number of hits.
 */
export async function measureProductSearch(db: DB, regionId: string, runs = 40) {
	const results: { name: string; total: number; p50: number; p95: number }[] = [];
	for (const { name, search } of BENCH_SEARCHES) {
		const times: number[] = [];
		let total = 0;
		for (let i = 0; i < runs + 5; i++) {
			const started = performance.now();
			({ total } = await searchProducts(db, regionId, search, { limit: 20, offset: 0 }));
			if (i >= 5) times.push(performance.now() - started);
		}
		times.sort((a, b) => a - b);
		const at = (q: number) =>
			Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
		results.push({ name, total, p50: at(0.5), p95: at(0.95) });
	}
	return results;
}
