/** Fixtures for working-group and use-case tests: an organisation with a member. */
import { randomUUID } from 'node:crypto';
import type { DB } from '../src/lib/server/db/database.ts';
import type { RegionContext } from '../src/lib/server/region/region.service.ts';

export async function createOrganisation(
	db: DB,
	region: RegionContext,
	member?: { id: string }
): Promise<{ id: string; slug: string; name: string }> {
	const municipality = await db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id)
		.limit(1)
		.executeTakeFirstOrThrow();
	const tag = randomUUID().slice(0, 8);
	const row = await db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug: `verein-${tag}`,
			name: `Verein ${tag}`,
			kind: 'association',
			sector: 'zivilgesellschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			verified_at: new Date(),
			verified_by: null,
			created_by: null
		})
		.returning(['id', 'slug', 'name'])
		.executeTakeFirstOrThrow();
	if (member) {
		await db
			.insertInto('organisation_member')
			.values({
				region_id: region.id,
				organisation_id: row.id,
				person_id: member.id,
				role: 'member'
			})
			.execute();
	}
	return row;
}
