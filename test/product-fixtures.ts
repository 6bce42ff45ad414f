/** Producer organisations for the product tests (database tests only). */
import { randomUUID } from 'node:crypto';
import type { DB } from '../src/lib/server/db/database.ts';
import type { MemberRole } from '../src/lib/server/db/schema.ts';
import type { RegionContext } from '../src/lib/server/region/region.service.ts';

export async function createProducer(
	db: DB,
	region: RegionContext,
	options: {
		name?: string;
		kind?: 'producer' | 'farm_shop' | 'village_shop';
		municipality?: string;
		member?: { id: string; role?: MemberRole };
	} = {}
): Promise<{ id: string; slug: string; name: string; municipalityId: string }> {
	let query = db
		.selectFrom('municipality')
		.select(['id', 'lat', 'lon'])
		.where('region_id', '=', region.id);
	if (options.municipality) query = query.where('name', '=', options.municipality);
	const municipality = await query.orderBy('name').limit(1).executeTakeFirstOrThrow();
	const tag = randomUUID().slice(0, 8);
	const row = await db
		.insertInto('organisation')
		.values({
			region_id: region.id,
			slug: `hof-${tag}`,
			name: options.name ?? `Hof ${tag}`,
			kind: options.kind ?? 'producer',
			sector: 'wirtschaft',
			municipality_id: municipality.id,
			lat: municipality.lat,
			lon: municipality.lon,
			created_by: null
		})
		.returning(['id', 'slug', 'name'])
		.executeTakeFirstOrThrow();
	if (options.member) {
		await db
			.insertInto('organisation_member')
			.values({
				region_id: region.id,
				organisation_id: row.id,
				person_id: options.member.id,
				role: options.member.role ?? 'member'
			})
			.execute();
	}
	return { ...row, municipalityId: municipality.id };
}
