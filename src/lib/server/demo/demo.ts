/**
 * Demo data for a region whose file says `demo: true` (the shipped Bergstraße-Odenwald region):
 * made-up people and organisations, then one seeder per capability (contributions, processes,
 * surveys, events, working groups, use cases …), run in order on the very first start only.
 * Everything comes from a fixed random seed, so two fresh installations look the same.
 * Demo people cannot sign in (their password is random and thrown away).
 */
import { randomBytes } from 'node:crypto';
import type { DB } from '../db/database.ts';
import type { PersonRole } from '../db/schema.ts';
import { hashPassword } from '../account/password.ts';
import { createRegionResolver, type RegionContext } from '../region/region.service.ts';
import type { Actor } from '../security/actor.ts';
import { demoPeople, demoOrganisations } from './demo-actors.ts';
import { contributionSeeder } from './contribution.demo.ts';
import { linksSeeder } from './links.demo.ts';
import { notificationSeeder } from './notification.demo.ts';
import { eventSeeder } from './event.demo.ts';
import { processDemo } from './process.demo.ts';
import { surveySeeder } from './survey.demo.ts';
import { workingGroupDemo } from './working-group.demo.ts';
import { orderDemo } from './order.demo.ts';
import { placeSeeder } from './place.demo.ts';
import { marketSeeder } from './market.demo.ts';
import { productSeeder } from './product.demo.ts';

export interface DemoPerson {
	id: string;
	displayName: string;
	municipalityId: string | null;
	targetGroupId: string | null;
}

export interface DemoContext {
	db: DB;
	region: RegionContext;
	/** Seeded generator: the same numbers on every fresh installation. */
	random: () => number;
	/** A moderator (also the region's demo administration voice). */
	moderator: DemoPerson;
	/** Made-up citizens across municipalities and target groups. */
	citizens: DemoPerson[];
	/** Made-up organisations by key (see demo-actors.ts), with their ids. */
	organisations: Record<string, { id: string; name: string; kind: string }>;
	/** Picks one element with the seeded generator. */
	pick<T>(items: readonly T[]): T;
	/** The actor a demo person acts as, to seed through the capabilities' own services. */
	actorFor(person: DemoPerson): Actor;
}

export interface DemoSeeder {
	name: string;
	seed(ctx: DemoContext): Promise<void>;
}

/**
 * The capability seeders, in the order they run. Later seeders may read what earlier ones
 * made (use cases read contributions, prioritisation reads use cases …).
 */
const seeders: DemoSeeder[] = [
	contributionSeeder,
	eventSeeder,
	workingGroupDemo,
	processDemo,
	surveySeeder,
	linksSeeder,
	// last: everybody follows what they took part in, and official answers go out
	notificationSeeder,
	// regional products: producers' products first, then shops and pickup points, markets with
	// stands of those producers, and order rounds offering their products
	productSeeder,
	placeSeeder,
	marketSeeder,
	orderDemo
];

export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Seeds the demo data of one region. Runs once: a region that has people already is skipped. */
export async function seedDemo(
	db: DB,
	slug: string,
	log: { info(obj: object, msg: string): void } = { info: () => {} }
): Promise<boolean> {
	const region = await createRegionResolver(db).bySlug(slug);
	if (!region) throw new Error(`seedDemo: no region "${slug}"`);
	const existing = await db
		.selectFrom('person')
		.select('id')
		.where('region_id', '=', region.id)
		.limit(1)
		.executeTakeFirst();
	if (existing) return false;
	const random = seededRandom(20261127);
	const pick = <T>(items: readonly T[]): T => {
		const item = items[Math.floor(random() * items.length)];
		if (item === undefined) throw new Error('seedDemo: pick from an empty list');
		return item;
	};
	// one unusable password for all demo people: nobody knows it
	const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
	const started = Date.now();
	const { moderator, citizens, organisations } = await db.transaction().execute(async (trx) => {
		const municipalities = await trx
			.selectFrom('municipality')
			.select(['id', 'name', 'lat', 'lon'])
			.where('region_id', '=', region.id)
			.execute();
		const byName = new Map(municipalities.map((m) => [m.name, m]));
		const targetGroups = await trx
			.selectFrom('target_group')
			.select(['id', 'key'])
			.where('region_id', '=', region.id)
			.execute();
		const people: (DemoPerson & { role: PersonRole })[] = [];
		for (const [index, person] of demoPeople.entries()) {
			const municipality = byName.get(person.municipality) ?? null;
			const targetGroup = targetGroups.find((g) => g.key === person.targetGroup) ?? null;
			const row = await trx
				.insertInto('person')
				.values({
					region_id: region.id,
					email: `demo-${index + 1}@demo.heimatleben.invalid`,
					display_name: person.name,
					password_hash: passwordHash,
					email_verified_at: new Date(),
					municipality_id: municipality?.id ?? null,
					target_group_id: targetGroup?.id ?? null,
					role: person.role,
					terms_accepted_at: new Date()
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			people.push({
				id: row.id,
				displayName: person.name,
				role: person.role,
				municipalityId: municipality?.id ?? null,
				targetGroupId: targetGroup?.id ?? null
			});
		}
		const [moderator, ...citizens] = people;
		if (!moderator || citizens.length === 0) throw new Error('seedDemo: no demo people');
		const organisations: DemoContext['organisations'] = {};
		for (const org of demoOrganisations) {
			const municipality = byName.get(org.municipality);
			if (!municipality) throw new Error(`demo organisation ${org.key}: no ${org.municipality}`);
			const row = await trx
				.insertInto('organisation')
				.values({
					region_id: region.id,
					slug: org.key,
					name: org.name,
					kind: org.kind,
					sector: org.sector,
					description: org.description,
					municipality_id: municipality.id,
					lat: municipality.lat,
					lon: municipality.lon,
					verified_at: new Date(),
					verified_by: moderator.id,
					created_by: moderator.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			organisations[org.key] = { id: row.id, name: org.name, kind: org.kind };
			const admin = pick(citizens);
			await trx
				.insertInto('organisation_member')
				.values({
					region_id: region.id,
					organisation_id: row.id,
					person_id: admin.id,
					role: 'admin'
				})
				.execute();
		}
		return { moderator, citizens, organisations };
	});
	const roles = new Map([moderator, ...citizens].map((p) => [p.id, p.role]));
	const actorFor = (person: DemoPerson): Actor => ({
		regionId: region.id,
		person: {
			sessionHash: 'demo',
			id: person.id,
			regionId: region.id,
			email: '',
			displayName: person.displayName,
			emailVerified: true,
			role: roles.get(person.id) ?? 'citizen',
			isPlatformAdmin: false,
			language: 'de'
		}
	});
	const ctx: DemoContext = {
		db,
		region,
		random,
		moderator,
		citizens,
		organisations,
		pick,
		actorFor
	};
	for (const seeder of seeders) {
		const at = Date.now();
		await seeder.seed(ctx);
		log.info({ seeder: seeder.name, ms: Date.now() - at }, 'demo data seeded');
	}
	log.info({ region: slug, ms: Date.now() - started }, 'demo data ready');
	return true;
}
