/**
 * Queries of the admin area. Plain functions taking a Kysely instance or transaction; every one
 * filters by region id, and every list is paged. Columns a caller may not see are not selected
 * at all (e-mail addresses only on request, mail bodies only of held mails).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MailStatus, PersonRole, Sector } from '../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface Paging {
	limit: number;
	offset: number;
}

/** `%`, `_` and `\` typed by a person match themselves, not any characters. */
function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export interface OverviewCounts {
	people: number;
	verified_people: number;
	organisations: number;
	verified_organisations: number;
	mails_held: number;
	mails_queued: number;
	mails_failed: number;
}

/** All overview numbers in one round trip. */
export async function countOverview(db: Executor, regionId: string): Promise<OverviewCounts> {
	const { rows } = await sql<OverviewCounts>`
		select p.people, p.verified_people, o.organisations, o.verified_organisations,
			m.mails_held, m.mails_queued, m.mails_failed
		from
			(select count(*)::int as people,
				count(*) filter (where email_verified_at is not null)::int as verified_people
				from person where region_id = ${regionId}) p,
			(select count(*)::int as organisations,
				count(*) filter (where verified_at is not null)::int as verified_organisations
				from organisation where region_id = ${regionId}) o,
			(select count(*) filter (where status = 'held')::int as mails_held,
				count(*) filter (where status = 'queued')::int as mails_queued,
				count(*) filter (where status = 'failed')::int as mails_failed
				from mail where region_id = ${regionId}) m`.execute(db);
	return rows[0]!;
}

export interface PeopleFilter {
	/** part of the display name (or, with `includeEmail`, of the e-mail address) */
	search: string;
	/** select e-mail addresses and let the search match them too */
	includeEmail: boolean;
}

function peopleQuery(db: Executor, regionId: string, filter: PeopleFilter) {
	let query = db.selectFrom('person').where('region_id', '=', regionId);
	if (filter.search) {
		const pattern = likePattern(filter.search);
		query = query.where((eb) =>
			filter.includeEmail
				? eb.or([eb('display_name', 'ilike', pattern), eb('email', 'ilike', pattern)])
				: eb('display_name', 'ilike', pattern)
		);
	}
	return query;
}

export async function listPeople(
	db: Executor,
	regionId: string,
	filter: PeopleFilter,
	page: Paging
) {
	return peopleQuery(db, regionId, filter)
		.select([
			'id',
			'display_name',
			'role',
			'is_platform_admin',
			'email_verified_at',
			'created_at',
			// never selected for those who may not see it
			filter.includeEmail ? 'email' : sql<string | null>`null`.as('email')
		])
		.orderBy(sql`lower(display_name)`)
		.orderBy('id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function countPeople(db: Executor, regionId: string, filter: PeopleFilter) {
	const row = await peopleQuery(db, regionId, filter)
		.select(sql<number>`count(*)::int`.as('count'))
		.executeTakeFirstOrThrow();
	return row.count;
}

/**
 * Locks, in id order (so that concurrent callers cannot deadlock), every region admin of the
 * region plus the given people, and returns their current roles. Whoever locks second waits,
 * then sees the first one's committed changes: a demoted admin is no longer counted.
 */
export async function lockRoleHolders(trx: Transaction<Database>, regionId: string, ids: string[]) {
	return trx
		.selectFrom('person')
		.select(['id', 'role', 'is_platform_admin', 'display_name'])
		.where('region_id', '=', regionId)
		.where((eb) =>
			ids.length > 0
				? eb.or([eb('role', '=', 'region_admin'), eb('id', 'in', ids)])
				: eb('role', '=', 'region_admin')
		)
		.orderBy('id')
		.forUpdate()
		.execute();
}

export async function updateRole(
	trx: Transaction<Database>,
	regionId: string,
	personId: string,
	role: PersonRole
) {
	await trx
		.updateTable('person')
		.set({ role, updated_at: sql`now()` })
		.where('id', '=', personId)
		.where('region_id', '=', regionId)
		.execute();
}

export async function findPersonByEmail(db: Executor, regionId: string, email: string) {
	return db
		.selectFrom('person')
		.select(['id', 'display_name', 'role', 'email_verified_at'])
		.where('region_id', '=', regionId)
		.where('email', '=', email)
		.executeTakeFirst();
}

export async function findRegionIdBySlug(db: Executor, slug: string) {
	return db.selectFrom('region').select('id').where('slug', '=', slug).executeTakeFirst();
}

export async function listRegionSlugs(db: Executor) {
	const rows = await db.selectFrom('region').select('slug').orderBy('slug').execute();
	return rows.map((r) => r.slug);
}

export type OrganisationStatusFilter = 'all' | 'unverified' | 'verified';

function organisationQuery(db: Executor, regionId: string, status: OrganisationStatusFilter) {
	let query = db.selectFrom('organisation').where('region_id', '=', regionId);
	if (status === 'verified') query = query.where('verified_at', 'is not', null);
	if (status === 'unverified') query = query.where('verified_at', 'is', null);
	return query;
}

export async function listOrganisations(
	db: Executor,
	regionId: string,
	status: OrganisationStatusFilter,
	page: Paging
): Promise<
	{
		id: string;
		slug: string;
		name: string;
		kind: string;
		sector: Sector;
		verified_at: Date | null;
		created_at: Date;
	}[]
> {
	return organisationQuery(db, regionId, status)
		.select(['id', 'slug', 'name', 'kind', 'sector', 'verified_at', 'created_at'])
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function countOrganisations(
	db: Executor,
	regionId: string,
	status: OrganisationStatusFilter
) {
	const row = await organisationQuery(db, regionId, status)
		.select(sql<number>`count(*)::int`.as('count'))
		.executeTakeFirstOrThrow();
	return row.count;
}

/**
 * The region's mail, newest first. The outbox and the audit log only grow, so they are paged
 * without counting: `limit + 1` rows tell whether there is a next page.
 */
export async function listMail(
	db: Executor,
	regionId: string,
	page: Paging
): Promise<
	{
		id: string;
		to_address: string;
		subject: string;
		status: MailStatus;
		attempts: number;
		last_error: string | null;
		created_at: Date;
		sent_at: Date | null;
		body: string | null;
	}[]
> {
	return db
		.selectFrom('mail')
		.select([
			'id',
			'to_address',
			'subject',
			'status',
			'attempts',
			'last_error',
			'created_at',
			'sent_at',
			// only a held mail's text is shown (queued ones are about to go out)
			sql<string | null>`case when status = 'held' then body end`.as('body')
		])
		.where('region_id', '=', regionId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * One page of the audit log with the names of actor and target, in one query: the page is
 * cut first, then joined (people, organisations, places, markets and products by primary key,
 * same region only).
 */
export async function listAuditEntries(
	db: Executor,
	regionId: string,
	filter: { actionPrefix: string },
	page: Paging
) {
	let entries = db
		.selectFrom('audit_entry')
		.select([
			'id',
			'region_id',
			'actor_id',
			'action',
			'target_type',
			'target_id',
			'ip',
			'details',
			'created_at'
		])
		.where('region_id', '=', regionId);
	if (filter.actionPrefix) {
		entries = entries.where(sql<boolean>`starts_with(action, ${filter.actionPrefix})`);
	}
	const pageOfEntries = entries.orderBy('id', 'desc').limit(page.limit).offset(page.offset);
	// target_id is text (targets of several kinds); only a well-formed uuid is compared with ids
	const targetUuid = sql<string | null>`case when a.target_id ~ ${UUID} then a.target_id::uuid end`;
	return db
		.selectFrom(pageOfEntries.as('a'))
		.leftJoin('person as actor', (join) =>
			join.onRef('actor.id', '=', 'a.actor_id').onRef('actor.region_id', '=', 'a.region_id')
		)
		.leftJoin('person as target_person', (join) =>
			join
				.on('a.target_type', '=', 'person')
				.onRef('target_person.region_id', '=', 'a.region_id')
				.on('target_person.id', '=', targetUuid)
		)
		.leftJoin('organisation as target_organisation', (join) =>
			join
				.on('a.target_type', '=', 'organisation')
				.onRef('target_organisation.region_id', '=', 'a.region_id')
				.on('target_organisation.id', '=', targetUuid)
		)
		.leftJoin('place as target_place', (join) =>
			join
				.on('a.target_type', '=', 'place')
				.onRef('target_place.region_id', '=', 'a.region_id')
				.on('target_place.id', '=', targetUuid)
		)
		.leftJoin('market as target_market', (join) =>
			join
				.on('a.target_type', '=', 'market')
				.onRef('target_market.region_id', '=', 'a.region_id')
				.on('target_market.id', '=', targetUuid)
		)
		.leftJoin('product as target_product', (join) =>
			join
				.on('a.target_type', '=', 'product')
				.onRef('target_product.region_id', '=', 'a.region_id')
				.on('target_product.id', '=', targetUuid)
		)
		.select([
			'a.id',
			'a.actor_id',
			'a.action',
			'a.target_type',
			'a.target_id',
			'a.ip',
			'a.details',
			'a.created_at',
			'actor.display_name as actor_name',
			'target_person.display_name as target_person_name',
			'target_organisation.name as target_organisation_name',
			'target_organisation.slug as target_organisation_slug',
			sql<string | null>`coalesce(target_place.name, target_market.name, target_product.name)`.as(
				'target_record_name'
			),
			sql<string | null>`coalesce(target_place.slug, target_market.slug, target_product.slug)`.as(
				'target_record_slug'
			)
		])
		.orderBy('a.id', 'desc')
		.execute();
}
