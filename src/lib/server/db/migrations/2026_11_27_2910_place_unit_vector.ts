// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Each place's position as a point on the unit sphere, kept by PostgreSQL. The great-circle
 * distance is then 2R·asin(|p − q| / 2) — the haversine distance, exactly — and the straight
 * line |p − q| is plain arithmetic, so sorting thousands of places by distance needs no
 * trigonometry per row ("within 50 km of Lindenfels" over the whole region).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table place
		add column unit_x double precision not null
			generated always as (cos(radians(lat)) * cos(radians(lon))) stored,
		add column unit_y double precision not null
			generated always as (cos(radians(lat)) * sin(radians(lon))) stored,
		add column unit_z double precision not null
			generated always as (sin(radians(lat))) stored`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table place drop column unit_x, drop column unit_y, drop column unit_z`.execute(
		db
	);
}
