import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database, Localised, SearchKind } from '../db/schema.ts';

export interface SearchHit {
	kind: SearchKind;
	path: string;
	title: Localised;
	body: Localised;
}

/**
 * Full text in German and English with prefix matching (German compounds are not split, so
 * `apfel` must find `Apfelsaft`), plus trigram word similarity for typos. Always in one region.
 */
export async function searchDocuments(
	db: DB,
	regionId: string,
	words: string[],
	limit = 50
): Promise<SearchHit[]> {
	if (words.length === 0) return [];
	const prefix = words.map((w) => `${w}:*`).join(' & ');
	const phrase = words.join(' ');
	const { rows } = await sql<SearchHit>`
		with q as (
			select to_tsquery('german', ${prefix}) || to_tsquery('english', ${prefix}) as ts
		)
		select kind, path, title, body
		from search_document, q
		where region_id = ${regionId}
			and (tsv @@ q.ts or ${phrase} <% search_text)
			-- hidden by the moderation: not findable (the page shows only the note)
			and not exists (
				select 1 from contribution c
				where search_document.kind = 'contribution' and c.id = search_document.ref_id
					and c.status <> 'published'
			)
		order by ts_rank(tsv, q.ts) + word_similarity(${phrase}, search_text) desc, path
		limit ${limit}`.execute(db);
	return rows;
}

export interface SearchDocumentInput {
	refId: string;
	path: string;
	title: Localised;
	body: Localised;
}

/**
 * Keeps an item's one search document in step with it, in the caller's transaction: every
 * capability calls this where it saves the item.
 */
export async function upsertSearchDocument(
	db: Kysely<Database> | Transaction<Database>,
	regionId: string,
	kind: SearchKind,
	document: SearchDocumentInput
) {
	const values = {
		path: document.path,
		title: JSON.stringify(document.title),
		body: JSON.stringify(document.body)
	};
	await db
		.insertInto('search_document')
		.values({ ...values, region_id: regionId, kind, ref_id: document.refId })
		.onConflict((oc) =>
			oc.columns(['region_id', 'kind', 'ref_id']).doUpdateSet({ ...values, updated_at: sql`now()` })
		)
		.execute();
}

/** Removes an item's search document, in the caller's transaction (where the item is deleted). */
export async function deleteSearchDocument(
	db: Kysely<Database> | Transaction<Database>,
	regionId: string,
	kind: SearchKind,
	refId: string
) {
	await db
		.deleteFrom('search_document')
		.where('region_id', '=', regionId)
		.where('kind', '=', kind)
		.where('ref_id', '=', refId)
		.execute();
}
