/**
 * Queries about organisations, their members and invitations. Plain functions taking a Kysely
 * instance or transaction; every one takes the region id and filters by it, so no query here
 * can return or change another region's rows. They return rows and never throw HTTP errors.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MemberRole } from '../db/schema.ts';
import {
	upsertSearchDocument as writeSearchDocument,
	type SearchDocumentInput
} from '../search/search.repository.ts';
import { findSlugsLike as findSlugsLikeIn, insertUnlessSlugTaken } from '../db/slugs.ts';
import { inMunicipality } from '../region/municipality.repository.ts';

/** The region's municipalities, shared with the other capabilities. */
export { findMunicipality } from '../region/municipality.repository.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OrganisationFilter {
	kind?: string;
	sector?: string;
	municipalitySlug?: string;
}

/**
 * Locks the organisation row FOR UPDATE until the transaction ends, so that changes to its
 * members happen one after the other, never side by side. Returns its id, or undefined.
 *
 * Read what the change depends on with statements *after* this one: under READ COMMITTED each
 * statement sees what was committed before it started, and a statement that had to wait for
 * the lock started before the other transaction committed.
 */
export async function lockOrganisation(db: Executor, regionId: string, slug: string) {
	const row = await db
		.selectFrom('organisation')
		.select('id')
		.where('region_id', '=', regionId)
		.where('slug', '=', slug)
		.forUpdate()
		.executeTakeFirst();
	return row?.id;
}

/** One organisation by slug with its municipality and the given person's role in it. */
export async function findOrganisationBySlug(
	db: Executor,
	regionId: string,
	slug: string,
	personId: string | null
) {
	return db
		.selectFrom('organisation')
		.innerJoin('municipality', inMunicipality.organisation)
		.selectAll('organisation')
		.select([
			'municipality.slug as municipality_slug',
			'municipality.name as municipality_name',
			(eb) =>
				eb
					.selectFrom('organisation_member')
					.select('organisation_member.role')
					.whereRef('organisation_member.organisation_id', '=', 'organisation.id')
					// a person id that matches nobody when there is no person
					.where(
						'organisation_member.person_id',
						'=',
						personId ?? '00000000-0000-0000-0000-000000000000'
					)
					.as('my_role'),
			(eb) =>
				eb
					.selectFrom('organisation_logo')
					.select('organisation_logo.updated_at')
					.whereRef('organisation_logo.organisation_id', '=', 'organisation.id')
					.as('logo_updated_at')
		])
		.where('organisation.region_id', '=', regionId)
		.where('organisation.slug', '=', slug)
		.executeTakeFirst();
}
export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisationBySlug>>>;

function listQuery(db: Executor, regionId: string, filter: OrganisationFilter) {
	let query = db
		.selectFrom('organisation')
		.innerJoin('municipality', inMunicipality.organisation)
		.where('organisation.region_id', '=', regionId);
	if (filter.kind) query = query.where('organisation.kind', '=', filter.kind);
	if (filter.sector) {
		query = query.where(
			'organisation.sector',
			'=',
			filter.sector as Database['organisation']['sector']
		);
	}
	if (filter.municipalitySlug)
		query = query.where('municipality.slug', '=', filter.municipalitySlug);
	return query;
}

export async function listOrganisations(
	db: Executor,
	regionId: string,
	filter: OrganisationFilter,
	page: { limit: number; offset: number }
) {
	return listQuery(db, regionId, filter)
		.select([
			'organisation.id',
			'organisation.slug',
			'organisation.name',
			'organisation.kind',
			'organisation.sector',
			'organisation.lat',
			'organisation.lon',
			'organisation.exact_location',
			'organisation.verified_at',
			'municipality.name as municipality_name',
			sql<string>`left(organisation.description, 240)`.as('excerpt')
		])
		.orderBy('organisation.name')
		.orderBy('organisation.id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
}

export async function countOrganisations(
	db: Executor,
	regionId: string,
	filter: OrganisationFilter
): Promise<number> {
	const row = await listQuery(db, regionId, filter)
		.select(sql<number>`count(*)::int`.as('count'))
		.executeTakeFirstOrThrow();
	return row.count;
}

/** The organisations a person belongs to (a person is in a handful, not hundreds). */
export async function listMembershipsOfPerson(db: Executor, regionId: string, personId: string) {
	return db
		.selectFrom('organisation_member')
		.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
		.select(['organisation.slug', 'organisation.name', 'organisation_member.role'])
		.where('organisation_member.region_id', '=', regionId)
		.where('organisation.region_id', '=', regionId)
		.where('organisation_member.person_id', '=', personId)
		.orderBy('organisation.name')
		.limit(100)
		.execute();
}

export interface OrganisationValues {
	name: string;
	kind: string;
	sector: Database['organisation']['sector'];
	description: string;
	street: string;
	postcode: string;
	municipality_id: string;
	lat: number;
	lon: number;
	exact_location: boolean;
	email: string;
	phone: string;
	website: string;
	opening_hours: string;
}

/**
 * Inserts unless the slug is taken in the region; the unique constraint decides, so two
 * requests for the same slug cannot both get it. Returns null when the slug was taken.
 */
export const insertOrganisationUnlessSlugTaken = (
	db: Executor,
	regionId: string,
	slug: string,
	values: OrganisationValues,
	createdBy: string
) =>
	insertUnlessSlugTaken(db, 'organisation', {
		...values,
		region_id: regionId,
		slug,
		created_by: createdBy
	});

export const findSlugsLike = (db: Executor, regionId: string, base: string) =>
	findSlugsLikeIn(db, 'organisation', regionId, base);

export async function updateOrganisation(
	db: Executor,
	regionId: string,
	id: string,
	values: OrganisationValues & { verified_at?: null; verified_by?: null }
) {
	await db
		.updateTable('organisation')
		.set({ ...values, updated_at: sql`now()` })
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

export async function setVerification(
	db: Executor,
	regionId: string,
	id: string,
	verifiedBy: string | null
) {
	await db
		.updateTable('organisation')
		.set(
			verifiedBy
				? { verified_at: sql`now()`, verified_by: verifiedBy }
				: { verified_at: null, verified_by: null }
		)
		.where('region_id', '=', regionId)
		.where('id', '=', id)
		.execute();
}

/** Keeps the organisation's one search document in step with its profile. */
export const upsertSearchDocument = (
	db: Executor,
	regionId: string,
	document: SearchDocumentInput
) => writeSearchDocument(db, regionId, 'organisation', document);

// Members

export async function insertMember(
	db: Executor,
	regionId: string,
	organisationId: string,
	personId: string,
	role: MemberRole
) {
	await db
		.insertInto('organisation_member')
		.values({ region_id: regionId, organisation_id: organisationId, person_id: personId, role })
		.execute();
}

/**
 * Adds a member from an invitation. Someone already in the organisation keeps their role,
 * unless the invitation makes them an admin. Returns the role they have afterwards.
 */
export async function addInvitedMember(
	db: Executor,
	regionId: string,
	organisationId: string,
	personId: string,
	role: MemberRole
): Promise<MemberRole> {
	const row = await db
		.insertInto('organisation_member')
		.values({ region_id: regionId, organisation_id: organisationId, person_id: personId, role })
		.onConflict((oc) =>
			oc.columns(['organisation_id', 'person_id']).doUpdateSet((eb) => ({
				role: eb
					.case()
					.when(eb.ref('excluded.role'), '=', 'admin')
					.then('admin' as MemberRole)
					.else(eb.ref('organisation_member.role'))
					.end()
			}))
		)
		.returning('role')
		.executeTakeFirstOrThrow();
	return row.role;
}

export async function findMember(
	db: Executor,
	regionId: string,
	organisationId: string,
	personId: string
) {
	return db
		.selectFrom('organisation_member')
		.select(['person_id', 'role'])
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.where('person_id', '=', personId)
		.executeTakeFirst();
}

export async function countAdmins(db: Executor, regionId: string, organisationId: string) {
	const row = await db
		.selectFrom('organisation_member')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.where('role', '=', 'admin')
		.executeTakeFirstOrThrow();
	return row.count;
}

export async function updateMemberRole(
	db: Executor,
	regionId: string,
	organisationId: string,
	personId: string,
	role: MemberRole
) {
	await db
		.updateTable('organisation_member')
		.set({ role })
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.where('person_id', '=', personId)
		.execute();
}

export async function deleteMember(
	db: Executor,
	regionId: string,
	organisationId: string,
	personId: string
) {
	await db
		.deleteFrom('organisation_member')
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.where('person_id', '=', personId)
		.execute();
}

export async function listMembers(
	db: Executor,
	regionId: string,
	organisationId: string,
	page: { limit: number; offset: number }
) {
	return (
		db
			.selectFrom('organisation_member')
			.innerJoin('person', (join) =>
				join
					.onRef('person.region_id', '=', 'organisation_member.region_id')
					.onRef('person.id', '=', 'organisation_member.person_id')
			)
			.select([
				'person.id',
				'person.display_name',
				'person.email',
				'organisation_member.role',
				'organisation_member.created_at'
			])
			.where('organisation_member.region_id', '=', regionId)
			.where('organisation_member.organisation_id', '=', organisationId)
			// admins first, then by name
			.orderBy(sql`organisation_member.role = 'admin'`, 'desc')
			.orderBy('person.display_name')
			.orderBy('person.id')
			.limit(page.limit)
			.offset(page.offset)
			.execute()
	);
}

export async function countMembers(db: Executor, regionId: string, organisationId: string) {
	const row = await db
		.selectFrom('organisation_member')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('region_id', '=', regionId)
		.where('organisation_id', '=', organisationId)
		.executeTakeFirstOrThrow();
	return row.count;
}

// Invitations (single-use e-mail tokens with purpose 'invite')

export async function insertInvitation(
	db: Executor,
	regionId: string,
	values: { tokenHash: string; organisationId: string; email: string; role: MemberRole },
	validDays: number
) {
	await db
		.insertInto('email_token')
		.values({
			token_hash: values.tokenHash,
			region_id: regionId,
			purpose: 'invite',
			email: values.email,
			organisation_id: values.organisationId,
			role: values.role,
			expires_at: sql<Date>`now() + make_interval(days => ${validDays})`
		})
		.execute();
}

/** Earlier open invitations of the same address are replaced by a new one. */
export async function deleteOpenInvitations(
	db: Executor,
	regionId: string,
	organisationId: string,
	email: string
) {
	await db
		.deleteFrom('email_token')
		.where('region_id', '=', regionId)
		.where('purpose', '=', 'invite')
		.where('organisation_id', '=', organisationId)
		.where('email', '=', email)
		.where('used_at', 'is', null)
		.execute();
}

export async function listOpenInvitations(db: Executor, regionId: string, organisationId: string) {
	return db
		.selectFrom('email_token')
		.select(['email', 'role', 'expires_at'])
		.where('region_id', '=', regionId)
		.where('purpose', '=', 'invite')
		.where('organisation_id', '=', organisationId)
		.where('used_at', 'is', null)
		.where('expires_at', '>', sql<Date>`now()`)
		.orderBy('created_at', 'desc')
		.limit(100)
		.execute();
}

/** An invitation as its link shows it, without using it up. */
export async function findInvitation(db: Executor, regionId: string, tokenHash: string) {
	return db
		.selectFrom('email_token')
		.innerJoin('organisation', (join) =>
			join
				.onRef('organisation.region_id', '=', 'email_token.region_id')
				.onRef('organisation.id', '=', 'email_token.organisation_id')
		)
		.select([
			'email_token.email',
			'email_token.role',
			'organisation.id as organisation_id',
			'organisation.slug',
			'organisation.name',
			sql<boolean>`email_token.used_at is null and email_token.expires_at > now()`.as('open')
		])
		.where('email_token.region_id', '=', regionId)
		.where('email_token.purpose', '=', 'invite')
		.where('email_token.token_hash', '=', tokenHash)
		.executeTakeFirst();
}

/**
 * Marks an open invitation for this address used, atomically: of two requests with the same
 * link only one gets the row back.
 */
export async function consumeInvitation(
	db: Executor,
	regionId: string,
	tokenHash: string,
	person: { id: string; email: string }
) {
	return db
		.updateTable('email_token')
		.set({ used_at: sql`now()`, person_id: person.id })
		.where('region_id', '=', regionId)
		.where('purpose', '=', 'invite')
		.where('token_hash', '=', tokenHash)
		.where('email', '=', person.email)
		.where('used_at', 'is', null)
		.where('expires_at', '>', sql<Date>`now()`)
		.returning(['organisation_id', 'role'])
		.executeTakeFirst();
}

export async function findPersonLanguageByEmail(db: Executor, regionId: string, email: string) {
	const row = await db
		.selectFrom('person')
		.select('language')
		.where('region_id', '=', regionId)
		.where('email', '=', email)
		.executeTakeFirst();
	return row?.language ?? null;
}

export async function isMemberByEmail(
	db: Executor,
	regionId: string,
	organisationId: string,
	email: string
) {
	const row = await db
		.selectFrom('organisation_member')
		.innerJoin('person', 'person.id', 'organisation_member.person_id')
		.select('person.id')
		.where('organisation_member.region_id', '=', regionId)
		.where('organisation_member.organisation_id', '=', organisationId)
		.where('person.email', '=', email)
		.executeTakeFirst();
	return row !== undefined;
}
