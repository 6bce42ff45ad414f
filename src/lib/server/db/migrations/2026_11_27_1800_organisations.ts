// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Organisations: the rules the accounts migration left to the app, now kept by the database.
 * The kinds are listed here on purpose (a new kind is a new migration); invitations point to an
 * organisation of their own region and vanish with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table organisation
		add constraint organisation_kind check (kind in ('producer', 'farm_shop', 'village_shop',
			'market_organiser', 'coworking', 'landlord', 'craft_service', 'practice', 'care_service',
			'association', 'school', 'municipality', 'tourism_office', 'other')),
		add constraint organisation_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
		add constraint organisation_lat check (lat between -90 and 90),
		add constraint organisation_lon check (lon between -180 and 180)`.execute(db);

	await sql`alter table email_token
		add constraint email_token_organisation foreign key (region_id, organisation_id)
			references organisation (region_id, id) on delete cascade,
		add constraint email_token_invite check (
			(purpose = 'invite') = (organisation_id is not null and role is not null)),
		add constraint email_token_role check (role is null or role in ('admin', 'member'))`.execute(db);

	// The public list is ordered by name and paged; filters narrow it within one region.
	await db.schema
		.createIndex('organisation_region_name')
		.on('organisation')
		.columns(['region_id', 'name', 'id'])
		.execute();
	await sql`create index email_token_organisation_idx on email_token (organisation_id)
		where organisation_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('email_token_organisation_idx').execute();
	await db.schema.dropIndex('organisation_region_name').execute();
	await sql`alter table email_token
		drop constraint email_token_role,
		drop constraint email_token_invite,
		drop constraint email_token_organisation`.execute(db);
	await sql`alter table organisation
		drop constraint organisation_lon,
		drop constraint organisation_lat,
		drop constraint organisation_slug_format,
		drop constraint organisation_kind`.execute(db);
}
