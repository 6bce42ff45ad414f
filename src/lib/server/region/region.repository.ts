/**
 * Queries about regions and their configuration. Every function that reads region content takes
 * the region id and filters by it: there is no query here that could return another region's rows.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Localised, SearchKind } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

const json = (value: unknown) => JSON.stringify(value);

export async function findRegionBySlug(db: Executor, slug: string) {
	return db.selectFrom('region').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/**
 * The id of a region's municipality (by slug), contribution category or target group (by key),
 * or undefined: how forms refer to region configuration.
 */
export async function findRegionItemId(
	db: Executor,
	regionId: string,
	table: 'municipality' | 'contribution_category' | 'target_group',
	key: string
): Promise<string | undefined> {
	const column = table === 'municipality' ? 'slug' : 'key';
	const row = await db
		.selectFrom(table)
		.select('id')
		.where('region_id', '=', regionId)
		.where(column, '=', key)
		.executeTakeFirst();
	return row?.id;
}

export async function listRegionsWithHosts(db: Executor) {
	return db
		.selectFrom('region')
		.leftJoin('region_host', 'region_host.region_id', 'region.id')
		.select([
			'region.id',
			'region.slug',
			'region.name',
			'region.state',
			'region.default_language',
			'region.tagline',
			'region.intro',
			'region.look',
			'region.updated_at',
			sql<
				string[]
			>`coalesce(array_agg(region_host.host order by region_host.host) filter (where region_host.host is not null), '{}')`.as(
				'hosts'
			)
		])
		.groupBy('region.id')
		.orderBy('region.slug')
		.execute();
}

export async function findHostOwners(db: Executor, hosts: string[]) {
	if (hosts.length === 0) return [];
	return db
		.selectFrom('region_host')
		.innerJoin('region', 'region.id', 'region_host.region_id')
		.select(['region_host.host', 'region.slug'])
		.where('region_host.host', 'in', hosts)
		.execute();
}

export async function listTopicFields(db: Executor, regionId: string) {
	return db
		.selectFrom('topic_field')
		.selectAll()
		.where('region_id', '=', regionId)
		.orderBy('position')
		.execute();
}

export async function listNamedItems(
	db: Executor,
	table: 'contribution_category' | 'target_group',
	regionId: string
) {
	return db
		.selectFrom(table)
		.selectAll()
		.where('region_id', '=', regionId)
		.orderBy('position')
		.execute();
}

export async function listMunicipalities(db: Executor, regionId: string) {
	return db
		.selectFrom('municipality')
		.innerJoin('district', 'district.id', 'municipality.district_id')
		.select([
			'municipality.id',
			'municipality.slug',
			'municipality.name',
			'municipality.lat',
			'municipality.lon',
			'municipality.uncertain',
			'district.key as district_key',
			'district.name as district_name'
		])
		.where('municipality.region_id', '=', regionId)
		.orderBy('municipality.name')
		.execute();
}

export async function countUseCasesByField(db: Executor, regionId: string) {
	return db
		.selectFrom('use_case')
		.select(['topic_field_id', sql<number>`count(*)::int`.as('count')])
		.where('region_id', '=', regionId)
		.groupBy('topic_field_id')
		.execute();
}

export async function countUseCasesOfField(db: Executor, regionId: string, topicFieldId: string) {
	const row = await db
		.selectFrom('use_case')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', regionId)
		.where('topic_field_id', '=', topicFieldId)
		.executeTakeFirstOrThrow();
	return row.count;
}

export async function listUseCases(
	db: Executor,
	regionId: string,
	topicFieldId: string,
	page: { limit: number; offset: number }
) {
	return db
		.selectFrom('use_case')
		.select(['id', 'key', 'title', 'summary', 'status', 'position'])
		.where('region_id', '=', regionId)
		.where('topic_field_id', '=', topicFieldId)
		.orderBy('position')
		.orderBy('id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function getLogo(db: Executor, regionId: string) {
	return db
		.selectFrom('region')
		.select(['logo_svg', 'source_hash'])
		.where('id', '=', regionId)
		.executeTakeFirst();
}

export async function getLegal(db: Executor, regionId: string) {
	return db.selectFrom('region').select('legal').where('id', '=', regionId).executeTakeFirst();
}

export interface SearchDocumentInput {
	kind: SearchKind;
	refId: string;
	path: string;
	title: Localised;
	body: Localised;
}

/** Replaces the region's search documents of the given kinds in one statement each. */
export async function replaceSearchDocuments(
	db: Executor,
	regionId: string,
	kinds: SearchKind[],
	documents: SearchDocumentInput[]
) {
	if (kinds.length > 0) {
		await db
			.deleteFrom('search_document')
			.where('region_id', '=', regionId)
			.where('kind', 'in', kinds)
			.execute();
	}
	// PostgreSQL allows 65,535 bind parameters per statement; 6 per row, so insert in chunks.
	for (let start = 0; start < documents.length; start += 5000) {
		await db
			.insertInto('search_document')
			.values(
				documents.slice(start, start + 5000).map((d) => ({
					region_id: regionId,
					kind: d.kind,
					ref_id: d.refId,
					path: d.path,
					title: json(d.title),
					body: json(d.body)
				}))
			)
			.execute();
	}
}
