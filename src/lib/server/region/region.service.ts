/**
 * Which region a request belongs to, and that region's configuration. Regions change rarely (an
 * import), pages are read often: the configuration of all regions is held in memory and reloaded
 * at most every few seconds, so a page costs no query for it. Content (use cases, later offers,
 * contributions…) is always read from the database, scoped by the region id resolved here.
 */
import type { DB } from '../db/database.ts';
import type { Localised } from '../db/schema.ts';
import { listRegionsWithHosts } from './region.repository.ts';
import { sql } from 'kysely';

export interface TopicFieldView {
	id: string;
	key: string;
	icon: string;
	colour: string;
	name: Localised;
	summary: Localised;
	goal: Localised | null;
}

export interface NamedItemView {
	key: string;
	name: Localised;
	description: Localised;
}

export interface RegionContext {
	id: string;
	slug: string;
	name: string;
	state: string | null;
	defaultLanguage: 'de' | 'en';
	tagline: Localised;
	intro: Localised;
	look: { primaryColour: string; accentColour: string; logoAlt: Localised };
	hosts: string[];
	/** Changes whenever the region is re-imported; used to version theme and logo URLs. */
	version: string;
	topicFields: TopicFieldView[];
	categories: NamedItemView[];
	targetGroups: NamedItemView[];
	municipalityCount: number;
}

async function loadAll(db: DB): Promise<RegionContext[]> {
	const regions = await listRegionsWithHosts(db);
	if (regions.length === 0) return [];
	// A few queries for all regions together (not one per region).
	const [fields, categories, groups, municipalities] = await Promise.all([
		db.selectFrom('topic_field').selectAll().orderBy('region_id').orderBy('position').execute(),
		db.selectFrom('contribution_category').selectAll().orderBy('position').execute(),
		db.selectFrom('target_group').selectAll().orderBy('position').execute(),
		db
			.selectFrom('municipality')
			.select(['region_id', sql<number>`count(*)::int`.as('count')])
			.groupBy('region_id')
			.execute()
	]);
	const named = (row: { key: string; name: Localised; description: Localised }) => ({
		key: row.key,
		name: row.name,
		description: row.description
	});
	return regions.map((r) => ({
		id: r.id,
		slug: r.slug,
		name: r.name,
		state: r.state,
		defaultLanguage: r.default_language,
		tagline: r.tagline,
		intro: r.intro,
		look: r.look,
		hosts: r.hosts,
		version: new Date(r.updated_at).getTime().toString(36),
		topicFields: fields
			.filter((f) => f.region_id === r.id)
			.map((f) => ({
				id: f.id,
				key: f.key,
				icon: f.icon,
				colour: f.colour,
				name: f.name,
				summary: f.summary,
				goal: f.goal
			})),
		categories: categories.filter((c) => c.region_id === r.id).map(named),
		targetGroups: groups.filter((g) => g.region_id === r.id).map(named),
		municipalityCount: municipalities.find((m) => m.region_id === r.id)?.count ?? 0
	}));
}

/** `Host` header → host name: lower case, without port; IPv6 brackets kept off. */
export function hostName(hostHeader: string | null | undefined): string {
	if (!hostHeader) return '';
	const host = hostHeader.trim().toLowerCase();
	if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
	return host.replace(/:\d+$/, '').replace(/\.$/, '');
}

export interface RegionResolver {
	resolve(host: string): Promise<RegionContext | null>;
	bySlug(slug: string): Promise<RegionContext | null>;
	all(): Promise<RegionContext[]>;
	invalidate(): void;
}

export function createRegionResolver(
	db: DB,
	options: { defaultRegion?: string; ttlMs?: number } = {}
): RegionResolver {
	const ttl = options.ttlMs ?? 5000;
	interface Snapshot {
		at: number;
		regions: RegionContext[];
		byHost: Map<string, RegionContext>;
	}
	let cache: Snapshot | null = null;
	let loading: Promise<Snapshot> | null = null;

	async function current(): Promise<Snapshot> {
		if (cache && Date.now() - cache.at < ttl) return cache;
		// One reload at a time; concurrent requests wait for the same one.
		loading ??= loadAll(db)
			.then((regions) => {
				const byHost = new Map<string, RegionContext>();
				for (const region of regions) for (const host of region.hosts) byHost.set(host, region);
				const snapshot: Snapshot = { at: Date.now(), regions, byHost };
				cache = snapshot;
				return snapshot;
			})
			.finally(() => {
				loading = null;
			});
		// Serve the previous configuration while a reload is under way.
		return cache ?? loading;
	}

	return {
		async resolve(host) {
			const { regions, byHost } = await current();
			const exact = byHost.get(host);
			if (exact) return exact;
			if (options.defaultRegion) {
				return regions.find((r) => r.slug === options.defaultRegion) ?? null;
			}
			// A single-region installation answers on any host name.
			return regions.length === 1 ? regions[0]! : null;
		},
		async bySlug(slug) {
			return (await current()).regions.find((r) => r.slug === slug) ?? null;
		},
		async all() {
			return (await current()).regions;
		},
		invalidate() {
			cache = null;
		}
	};
}
