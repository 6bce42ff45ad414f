/**
 * Factories for database tests: both shipped regions, and people with sensible defaults
 * (verified citizens unless told otherwise), as the session layer would present them.
 */
import { randomUUID } from 'node:crypto';
import type { DB } from '../src/lib/server/db/database.ts';
import type { PersonRole } from '../src/lib/server/db/schema.ts';
import type { SessionPerson } from '../src/lib/server/account/session.ts';
import { importRegion, readRegionFile } from '../src/lib/server/region/region-import.service.ts';
import {
	createRegionResolver,
	type RegionContext
} from '../src/lib/server/region/region.service.ts';

export async function loadRegions(db: DB): Promise<{ demo: RegionContext; other: RegionContext }> {
	await importRegion(db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
	await importRegion(db, await readRegionFile('regions/marburg-biedenkopf.yaml'));
	const resolver = createRegionResolver(db);
	return {
		demo: (await resolver.bySlug('bergstrasse-odenwald'))!,
		other: (await resolver.bySlug('marburg-biedenkopf'))!
	};
}

export async function createPerson(
	db: DB,
	region: RegionContext,
	options: { role?: PersonRole; verified?: boolean; passwordHash?: string } = {}
): Promise<SessionPerson> {
	const role = options.role ?? 'citizen';
	const verified = options.verified ?? true;
	const tag = randomUUID().slice(0, 8);
	const email = `person-${tag}@example.org`;
	const displayName = `Person ${tag}`;
	const row = await db
		.insertInto('person')
		.values({
			region_id: region.id,
			email,
			display_name: displayName,
			password_hash: options.passwordHash ?? 'not-a-hash',
			role,
			email_verified_at: verified ? new Date() : null,
			terms_accepted_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return {
		sessionHash: 'test',
		id: row.id,
		regionId: region.id,
		email,
		displayName,
		emailVerified: verified,
		role,
		isPlatformAdmin: false,
		language: 'de'
	};
}
