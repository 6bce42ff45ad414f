import type { DB } from '../db/database.ts';
import { searchDocuments } from './search.repository.ts';

/** Splits what a person typed into searchable words; nothing of it reaches SQL unescaped. */
export function toWords(query: string): string[] {
	return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

export async function search(db: DB, regionId: string, query: string) {
	return searchDocuments(db, regionId, toWords(query));
}
