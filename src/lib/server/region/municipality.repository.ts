/**
 * The region's municipalities as other capabilities need them: one by slug, the list to choose
 * from, and the join from a place or organisation to the municipality it lies in. Every query
 * takes the region id and filters by it (the join matches region ids too).
 */
import type { JoinBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PREPARED } from '../db/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findMunicipality(db: Executor, regionId: string, slug: string) {
	return db
		.selectFrom('municipality')
		.modifyFront(PREPARED)
		.select(['id', 'slug', 'name', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/** Every municipality of the region by name, e.g. for a form's select or a filter. */
export async function listMunicipalityOptions(db: Executor, regionId: string) {
	return db
		.selectFrom('municipality')
		.modifyFront(PREPARED)
		.select(['id', 'slug', 'name', 'lat', 'lon'])
		.where('region_id', '=', regionId)
		.orderBy('name')
		.execute();
}

/**
 * The ON clause from a place or an organisation to the municipality it lies in, matching the
 * region too: `.innerJoin('municipality', inMunicipality.place)`; its columns are then
 * `municipality.…`.
 */
export const inMunicipality = {
	place: (join: JoinBuilder<Database, 'municipality' | 'place'>) =>
		join
			.onRef('municipality.region_id', '=', 'place.region_id')
			.onRef('municipality.id', '=', 'place.municipality_id'),
	organisation: (join: JoinBuilder<Database, 'municipality' | 'organisation'>) =>
		join
			.onRef('municipality.region_id', '=', 'organisation.region_id')
			.onRef('municipality.id', '=', 'organisation.municipality_id')
};
