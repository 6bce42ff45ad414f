/**
 * Lists of a region's configuration that pages show on every view: its municipalities (the
 * "Ort" filters and form selects) and its labels (the product filters). Only the region import
 * writes them, so they are read once per region snapshot (region.service.ts, reloaded every
 * 5 s) instead of once per view: a page shows the lists of the same moment as the region's
 * name and topic fields, and an import shows on every page within the same 5 s.
 *
 * Keyed by the snapshot's region object (`event.locals.region`): the next snapshot is a new
 * object, and a context built from an id alone (tests, jobs, scripts) is new on every call, so
 * it always reads. Writes that check input against these lists read them afresh inside their
 * transaction; this is for showing them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listMunicipalityOptions } from './municipality.repository.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * `read` memoised per region snapshot. The rows are frozen: every request of the next five
 * seconds shares them.
 */
export function perRegionSnapshot<T extends object>(
	read: (db: Executor, regionId: string) => Promise<T[]>
): (db: Executor, region: { id: string }) => Promise<readonly Readonly<T>[]> {
	const lists = new WeakMap<object, Promise<readonly Readonly<T>[]>>();
	return (db, region) => {
		let list = lists.get(region);
		if (!list) {
			list = read(db, region.id).then((rows) => Object.freeze(rows.map((r) => Object.freeze(r))));
			lists.set(region, list);
			// a failed read is not kept: the next request tries again
			list.catch(() => lists.delete(region));
		}
		return list;
	};
}

/** The region's municipalities by name (id, slug, name, lat, lon), for selects and filters. */
export const municipalityOptions = perRegionSnapshot(listMunicipalityOptions);
