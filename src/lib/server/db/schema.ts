/**
 * Row types of the tables, as the migrations create them. `database.schema.db.test.ts` compares
 * this description with the migrated database so that the two cannot drift apart.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Localised = { de: string; en: string };
/** Timestamps default to now() in the database: optional on insert. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface RegionTable {
	id: Generated<string>;
	slug: string;
	name: string;
	state: string | null;
	default_language: 'de' | 'en';
	tagline: Json<Localised>;
	intro: Json<Localised>;
	look: Json<{ primaryColour: string; accentColour: string; logoAlt: Localised }>;
	logo_svg: string;
	legal: Json<{ imprint: Localised; privacy: Localised; accessibility: Localised }>;
	source_hash: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface RegionHostTable {
	host: string;
	region_id: string;
}

export interface DistrictTable {
	id: Generated<string>;
	region_id: string;
	key: string;
	name: string;
	seat: string | null;
}

export interface MunicipalityTable {
	id: Generated<string>;
	region_id: string;
	district_id: string;
	slug: string;
	name: string;
	lat: number;
	lon: number;
	uncertain: Generated<boolean>;
}

export interface TopicFieldTable {
	id: Generated<string>;
	region_id: string;
	key: string;
	position: number;
	icon: string;
	colour: string;
	name: Json<Localised>;
	summary: Json<Localised>;
	goal: Json<Localised> | null;
}

export type UseCaseStatus = 'idea' | 'prioritised' | 'in_progress' | 'implemented' | 'paused';

export interface UseCaseTable {
	id: Generated<string>;
	region_id: string;
	topic_field_id: string;
	key: string;
	position: number;
	title: Json<Localised>;
	summary: Json<Localised>;
	status: Generated<UseCaseStatus>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface NamedItemTable {
	id: Generated<string>;
	region_id: string;
	key: string;
	position: number;
	name: Json<Localised>;
	description: Json<Localised>;
}

export type SearchKind = 'topic_field' | 'use_case' | 'municipality';

export interface SearchDocumentTable {
	id: Generated<string>;
	region_id: string;
	kind: SearchKind;
	ref_id: string;
	path: string;
	title: Json<Localised>;
	body: Json<Localised>;
	updated_at: Timestamp;
}

export interface Database {
	region: RegionTable;
	region_host: RegionHostTable;
	district: DistrictTable;
	municipality: MunicipalityTable;
	topic_field: TopicFieldTable;
	use_case: UseCaseTable;
	contribution_category: NamedItemTable;
	target_group: NamedItemTable;
	search_document: SearchDocumentTable;
}

export type Region = Selectable<RegionTable>;
export type NewRegion = Insertable<RegionTable>;
export type RegionUpdate = Updateable<RegionTable>;
export type TopicField = Selectable<TopicFieldTable>;
export type UseCase = Selectable<UseCaseTable>;
export type Municipality = Selectable<MunicipalityTable>;
export type NamedItem = Selectable<NamedItemTable>;
