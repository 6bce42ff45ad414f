// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Product search (issue 5).
 *
 * Browsing without a search word lists a region's products by name, a page at a time: an index
 * gives that order without sorting every product.
 *
 * Typos: comparing a mistyped word with every product name by trigram similarity costs a scan
 * of every product sharing a trigram with it (thousands for "kartofel"). The words of product
 * names are few, so they are kept in `product_word` (per region, with how many products use
 * each), maintained by a trigger in the same transaction as the product; a typo is corrected
 * against these words first, and the corrected words are searched with the full-text index.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index product_region_name on product (region_id, name, id)`.execute(db);

	await sql`create table product_word (
		region_id uuid not null references region (id) on delete cascade,
		word text not null,
		products integer not null check (products >= 0),
		primary key (region_id, word)
	)`.execute(db);
	await sql`create index product_word_trgm on product_word using gin (word gin_trgm_ops)`.execute(
		db
	);

	// Words: runs of letters and digits of the folded name, three characters or more; sorted,
	// so that concurrent transactions lock the word rows in the same order.
	await sql`create function product_name_words(text) returns text[]
		language sql immutable parallel safe strict
		return (select coalesce(array_agg(distinct w order by w), '{}')
			from unnest(regexp_split_to_array($1, '[^a-z0-9]+')) w where length(w) >= 3)`.execute(db);

	await sql`create function product_word_count() returns trigger language plpgsql as $$
		begin
			if tg_op in ('UPDATE', 'DELETE') then
				update product_word w set products = w.products - 1
				where w.region_id = old.region_id and w.word = any(product_name_words(old.search_name));
			end if;
			if tg_op in ('INSERT', 'UPDATE') then
				insert into product_word (region_id, word, products)
				select new.region_id, word, 1 from unnest(product_name_words(new.search_name)) word
				order by word
				on conflict (region_id, word) do update set products = product_word.products + 1;
			end if;
			return null;
		end $$`.execute(db);
	await sql`create trigger product_word_count
		after insert or delete or update of name on product
		for each row execute function product_word_count()`.execute(db);

	await sql`insert into product_word (region_id, word, products)
		select region_id, word, count(*)
		from product, unnest(product_name_words(search_name)) word
		group by region_id, word`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger product_word_count on product`.execute(db);
	await sql`drop function product_word_count()`.execute(db);
	await sql`drop function product_name_words(text)`.execute(db);
	await sql`drop table product_word`.execute(db);
	await sql`drop index product_region_name`.execute(db);
}
