/**
 * Row types of the tables, as the migrations create them. `database.schema.db.test.ts` compares
 * this description with the migrated database so that the two cannot drift apart.
 */
import type {
	ColumnType,
	Generated,
	GeneratedAlways,
	Insertable,
	Selectable,
	Updateable
} from 'kysely';

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

export type UseCaseStatus =
	'idea' | 'prioritised' | 'in_progress' | 'implemented' | 'paused' | 'discarded';

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
	/** false for use cases made in the app: a region re-import never removes those */
	from_region_file: Generated<boolean>;
	working_group_id: string | null;
	source_contribution_id: string | null;
	discarded_reason: string | null;
	created_by: string | null;
}

export interface NamedItemTable {
	id: Generated<string>;
	region_id: string;
	key: string;
	position: number;
	name: Json<Localised>;
	description: Json<Localised>;
}

export type SearchKind =
	| 'contribution'
	| 'topic_field'
	| 'use_case'
	| 'municipality'
	| 'organisation'
	| 'product'
	| 'market'
	| 'place'
	| 'order_cycle';

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

export type PersonRole = 'citizen' | 'moderator' | 'region_admin';

export interface PersonTable {
	id: Generated<string>;
	region_id: string;
	email: string;
	display_name: string;
	password_hash: string;
	email_verified_at: Date | null;
	municipality_id: string | null;
	target_group_id: string | null;
	language: Generated<'de' | 'en'>;
	terms_accepted_at: Timestamp;
	newsletter: Generated<boolean>;
	role: Generated<PersonRole>;
	is_platform_admin: Generated<boolean>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface SessionTable {
	token_hash: string;
	person_id: string;
	region_id: string;
	created_at: Timestamp;
	last_seen_at: Timestamp;
	expires_at: Timestamp;
	user_agent: Generated<string>;
	ip: Generated<string>;
}

export type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'change_email' | 'invite';

export interface EmailTokenTable {
	token_hash: string;
	region_id: string;
	purpose: EmailTokenPurpose;
	person_id: string | null;
	email: string;
	organisation_id: string | null;
	role: string | null;
	created_at: Timestamp;
	expires_at: Timestamp;
	used_at: Date | null;
}

export interface RateLimitTable {
	key: string;
	window_start: Timestamp;
	hits: number;
}

export type MailStatus = 'queued' | 'sent' | 'failed' | 'held';

export interface MailTable {
	id: Generated<string>;
	region_id: string;
	to_address: string;
	subject: string;
	body: string;
	status: Generated<MailStatus>;
	attempts: Generated<number>;
	last_error: string | null;
	created_at: Timestamp;
	sent_at: Date | null;
}

export interface AuditEntryTable {
	id: Generated<string>;
	region_id: string;
	actor_id: string | null;
	action: string;
	target_type: string | null;
	target_id: string | null;
	ip: Generated<string>;
	details: ColumnType<Record<string, unknown>, string | undefined, string>;
	created_at: Timestamp;
}

export type Sector = 'politik' | 'verwaltung' | 'wirtschaft' | 'zivilgesellschaft';

export interface OrganisationTable {
	id: Generated<string>;
	region_id: string;
	slug: string;
	name: string;
	kind: string;
	sector: Sector;
	description: Generated<string>;
	street: Generated<string>;
	postcode: Generated<string>;
	municipality_id: string;
	lat: number;
	lon: number;
	exact_location: Generated<boolean>;
	email: Generated<string>;
	phone: Generated<string>;
	website: Generated<string>;
	opening_hours: Generated<string>;
	verified_at: Date | null;
	verified_by: string | null;
	created_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export type LogoType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml';

export interface OrganisationLogoTable {
	organisation_id: string;
	region_id: string;
	bytes: Buffer;
	content_type: LogoType;
	updated_at: Timestamp;
}

export type MemberRole = 'admin' | 'member';

export interface OrganisationMemberTable {
	region_id: string;
	organisation_id: string;
	person_id: string;
	role: MemberRole;
	created_at: Timestamp;
}

export interface ContributionTable {
	id: Generated<string>;
	region_id: string;
	topic_field_id: string;
	category_id: string;
	municipality_id: string | null;
	author_id: string | null;
	organisation_id: string | null;
	title: string;
	body: string;
	body_html: string;
	language: 'de' | 'en';
	status: Generated<'published' | 'hidden'>;
	support_count: Generated<number>;
	comment_count: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
	moderation_note: string | null;
	event_id: string | null;
	entered_by: string | null;
	on_behalf_of: string | null;
}

export interface ContributionTargetGroupTable {
	region_id: string;
	contribution_id: string;
	target_group_id: string;
	// copies of the contribution's, for the board filtered by target group: filled in by a
	// trigger on insert and kept true by a foreign key that cascades changes
	topic_field_id: Generated<string>;
	status: Generated<'published' | 'hidden'>;
	category_id: Generated<string>;
	created_at: Generated<Date>;
}

export interface ContributionSupportTable {
	region_id: string;
	contribution_id: string;
	person_id: string;
	created_at: Timestamp;
}

export interface PrioritisationRoundTable {
	id: Generated<string>;
	region_id: string;
	topic_field_id: string | null;
	title: string;
	description: Generated<string>;
	points: number;
	max_per_item: number;
	show_live_results: Generated<boolean>;
	/** 'dots' (dot voting) or 'pairwise' (pairwise comparison) */
	method: Generated<'dots' | 'pairwise'>;
	opens_at: Timestamp;
	closes_at: Timestamp;
	created_by: string | null;
	created_at: Timestamp;
}

export interface PrioritisationItemTable {
	id: Generated<string>;
	region_id: string;
	round_id: string;
	use_case_id: string | null;
	title: string;
	position: number;
}

export interface PrioritisationBallotTable {
	region_id: string;
	round_id: string;
	person_id: string;
	points_left: number;
	updated_at: Timestamp;
}

export interface PrioritisationComparisonTable {
	region_id: string;
	round_id: string;
	person_id: string;
	/** the pair, the smaller item id first */
	item_low: string;
	item_high: string;
	/** null: the person could not decide */
	winner_id: string | null;
	updated_at: Timestamp;
}

export interface ParticipationProcessTable {
	id: Generated<string>;
	region_id: string;
	slug: string;
	title: string;
	description: Generated<string>;
	description_html: Generated<string>;
	topic_field_id: string | null;
	created_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface ProcessPhaseTable {
	id: Generated<string>;
	region_id: string;
	process_id: string;
	position: number;
	kind:
		| 'information'
		| 'idea_collection'
		| 'discussion'
		| 'prioritisation'
		| 'survey'
		| 'working_groups'
		| 'implementation'
		| 'closed';
	starts_at: ColumnType<Date, Date | string, Date | string>;
	ends_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
	contributing: boolean;
	commenting: boolean;
	supporting: boolean;
	voting: boolean;
	results: boolean;
}

export interface PrioritisationAllocationTable {
	region_id: string;
	round_id: string;
	item_id: string;
	person_id: string;
	points: number;
	max_points: number;
}

export type CommentStatus = 'published' | 'hidden' | 'deleted';

export interface CommentTable {
	id: Generated<string>;
	region_id: string;
	contribution_id: string;
	parent_id: string | null;
	author_id: string | null;
	body: string;
	status: Generated<CommentStatus>;
	moderation_note: string | null;
	created_at: Generated<Date>;
	edited_at: Date | null;
}

export type FlagTargetType = 'contribution' | 'comment';
export type FlagReason = 'spam' | 'insulting' | 'personal_data' | 'off_topic' | 'other';

export interface FlagTable {
	region_id: string;
	target_type: FlagTargetType;
	target_id: string;
	person_id: string;
	reason: FlagReason;
	note: string | null;
	created_at: Generated<Date>;
	resolved_at: Date | null;
}

export type FollowTargetType =
	'contribution' | 'use_case' | 'working_group' | 'event' | 'survey' | 'process';

export type NotificationKind =
	| 'comment'
	| 'reply'
	| 'official_answer'
	| 'official_answer_updated'
	| 'contribution_hidden'
	| 'contribution_restored'
	| 'use_case_status'
	| 'working_group_update'
	| 'event_update'
	| 'event_cancelled'
	| 'survey_published'
	| 'process_update';

export type DigestFrequency = 'off' | 'daily' | 'weekly';

export interface FollowTable {
	region_id: string;
	person_id: string;
	target_type: FollowTargetType;
	target_id: string;
	created_at: Generated<Date>;
}

export interface NotificationTable {
	id: Generated<string>;
	region_id: string;
	person_id: string;
	kind: NotificationKind;
	target_type: FollowTargetType;
	target_id: string;
	title: string;
	url: string;
	actor_id: string | null;
	created_at: Generated<Date>;
	read_at: Date | null;
	emailed_at: Date | null;
}

export interface NotificationSettingTable {
	person_id: string;
	region_id: string;
	digest_frequency: Generated<DigestFrequency>;
	digest_sent_at: Date | null;
	updated_at: Generated<Date>;
}

export interface OfficialAnswerTable {
	id: Generated<string>;
	region_id: string;
	contribution_id: string;
	author_id: string | null;
	organisation_id: string | null;
	body: string;
	body_html: string;
	created_at: Generated<Date>;
	updated_at: Generated<Date>;
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
	person: PersonTable;
	session: SessionTable;
	email_token: EmailTokenTable;
	rate_limit: RateLimitTable;
	mail: MailTable;
	audit_entry: AuditEntryTable;
	organisation: OrganisationTable;
	organisation_member: OrganisationMemberTable;
	organisation_logo: OrganisationLogoTable;
	contribution: ContributionTable;
	contribution_target_group: ContributionTargetGroupTable;
	contribution_support: ContributionSupportTable;
	prioritisation_round: PrioritisationRoundTable;
	prioritisation_item: PrioritisationItemTable;
	prioritisation_ballot: PrioritisationBallotTable;
	prioritisation_allocation: PrioritisationAllocationTable;
	prioritisation_comparison: PrioritisationComparisonTable;
	participation_process: ParticipationProcessTable;
	process_phase: ProcessPhaseTable;
	comment: CommentTable;
	flag: FlagTable;
	follow: FollowTable;
	notification: NotificationTable;
	notification_setting: NotificationSettingTable;
	official_answer: OfficialAnswerTable;
	event: EventTable;
	event_agenda_item: EventAgendaItemTable;
	event_registration: EventRegistrationTable;
	event_contribution: EventContributionTable;
	survey: SurveyTable;
	survey_question: SurveyQuestionTable;
	survey_option: SurveyOptionTable;
	survey_response: SurveyResponseTable;
	survey_answer: SurveyAnswerTable;
	survey_tally: SurveyTallyTable;
	contribution_count: ContributionCountTable;
	contribution_group_count: ContributionGroupCountTable;
	contribution_place_count: ContributionPlaceCountTable;
	survey_respondent_count: SurveyRespondentCountTable;
	survey_participation: SurveyParticipationTable;
	working_group: WorkingGroupTable;
	working_group_member: WorkingGroupMemberTable;
	working_group_need: WorkingGroupNeedTable;
	working_group_pledge: WorkingGroupPledgeTable;
	use_case_update: UseCaseUpdateTable;
	use_case_actor: UseCaseActorTable;
	place: PlaceTable;
	label: LabelTable;
	product: ProductTable;
	product_label: ProductLabelTable;
	shop_producer: ShopProducerTable;
	market: MarketTable;
	market_stand: MarketStandTable;
	market_attendance: MarketAttendanceTable;
	order_cycle: OrderCycleTable;
	order_cycle_pickup: OrderCyclePickupTable;
	order_cycle_offer: OrderCycleOfferTable;
	customer_order: CustomerOrderTable;
	order_line: OrderLineTable;
	product_word: ProductWordTable;
}

export type Region = Selectable<RegionTable>;
export type NewRegion = Insertable<RegionTable>;
export type RegionUpdate = Updateable<RegionTable>;
export type TopicField = Selectable<TopicFieldTable>;
export type UseCase = Selectable<UseCaseTable>;
export type Municipality = Selectable<MunicipalityTable>;
export type NamedItem = Selectable<NamedItemTable>;
export type Person = Selectable<PersonTable>;
export type Organisation = Selectable<OrganisationTable>;

export interface WorkingGroupTable {
	id: Generated<string>;
	region_id: string;
	topic_field_id: string;
	slug: string;
	name: string;
	description: Generated<string>;
	description_html: Generated<string>;
	created_by: string | null;
	created_at: Timestamp;
}

export type WorkingGroupRole = 'lead' | 'member';

export interface WorkingGroupMemberTable {
	region_id: string;
	group_id: string;
	person_id: string;
	role: WorkingGroupRole;
	joined_at: Timestamp;
}

export type NeedKind = 'skills' | 'resources' | 'places' | 'money';

export interface WorkingGroupNeedTable {
	id: Generated<string>;
	region_id: string;
	group_id: string;
	kind: NeedKind;
	title: string;
	description: Generated<string>;
	quantity: number;
	unit: string;
	created_at: Timestamp;
}

export interface WorkingGroupPledgeTable {
	id: Generated<string>;
	region_id: string;
	need_id: string;
	person_id: string;
	organisation_id: string | null;
	quantity: number;
	note: Generated<string>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface UseCaseUpdateTable {
	id: Generated<string>;
	region_id: string;
	use_case_id: string;
	author_id: string | null;
	happened_on: ColumnType<string, string | undefined, string>;
	status_from: UseCaseStatus | null;
	status_to: UseCaseStatus | null;
	body: string;
	body_html: string;
	created_at: Timestamp;
}

export type UseCaseActorRole = 'lead' | 'partner' | 'provider' | 'user' | 'funder';

export interface UseCaseActorTable {
	id: Generated<string>;
	region_id: string;
	use_case_id: string;
	organisation_id: string | null;
	person_id: string | null;
	role: UseCaseActorRole;
	created_at: Timestamp;
}

export type SurveyQuestionKind = 'single' | 'multiple' | 'scale' | 'text' | 'ranking' | 'matrix';

export interface SurveyTable {
	id: Generated<string>;
	region_id: string;
	topic_field_id: string | null;
	title: string;
	intro: Generated<string>;
	linked: boolean;
	one_per_browser: Generated<boolean>;
	show_live_results: Generated<boolean>;
	opens_at: Date | null;
	closes_at: Date | null;
	created_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface SurveyQuestionTable {
	id: Generated<string>;
	region_id: string;
	survey_id: string;
	position: number;
	kind: SurveyQuestionKind;
	text: string;
	required: Generated<boolean>;
	scale_min: number | null;
	scale_max: number | null;
	label_min: Generated<string>;
	label_max: Generated<string>;
	condition_question_id: string | null;
	condition_option_id: string | null;
}

export interface SurveyOptionTable {
	id: Generated<string>;
	region_id: string;
	survey_id: string;
	question_id: string;
	kind: Generated<'option' | 'row' | 'column'>;
	position: number;
	label: string;
}

export interface SurveyResponseTable {
	id: Generated<string>;
	region_id: string;
	survey_id: string;
	linked: boolean;
	person_id: string | null;
	target_group_id: string | null;
	municipality_id: string | null;
	created_at: Timestamp;
}

export interface SurveyAnswerTable {
	region_id: string;
	survey_id: string;
	response_id: string;
	question_id: string;
	option_id: string | null;
	value: number | null;
	text: string | null;
	target_group_id: string | null;
	municipality_id: string | null;
}

/** Contributions per topic field, category and status, kept by triggers on contribution. */
export interface ContributionCountTable {
	region_id: string;
	topic_field_id: string;
	category_id: string;
	status: 'published' | 'hidden';
	n: number;
}

/** Contributions per topic field, category, target group and status, kept by triggers. */
export interface ContributionGroupCountTable {
	region_id: string;
	topic_field_id: string;
	category_id: string;
	target_group_id: string;
	status: 'published' | 'hidden';
	n: number;
}

/** Contributions per topic field, place and status (with a place), kept by triggers. */
export interface ContributionPlaceCountTable {
	region_id: string;
	topic_field_id: string;
	municipality_id: string;
	status: 'published' | 'hidden';
	n: number;
}

/** Responses per survey at the tally's scopes, kept by triggers on survey_response. */
export interface SurveyRespondentCountTable {
	survey_id: string;
	/** 1: the whole survey; 2: per target group; 3: per municipality; 0: per both */
	scope: number;
	target_group_id: string | null;
	municipality_id: string | null;
	n: number;
}

export interface SurveyTallyTable {
	survey_id: string;
	/** 1: the whole survey; 2: per target group; 3: per municipality; 0: per both */
	scope: number;
	question_id: string;
	option_id: string | null;
	value: number | null;
	target_group_id: string | null;
	municipality_id: string | null;
	n: number;
}

export interface SurveyParticipationTable {
	region_id: string;
	survey_id: string;
	marker: string;
}

export type EventKind = 'kickoff' | 'workshop' | 'working_group' | 'information' | 'other';
export type EventStatus = 'scheduled' | 'cancelled';
export type RegistrationStatus = 'confirmed' | 'waiting';

export interface EventTable {
	id: Generated<string>;
	region_id: string;
	kind: EventKind;
	topic_field_id: string | null;
	title: string;
	description: Generated<string>;
	description_html: Generated<string>;
	starts_at: Timestamp;
	ends_at: Timestamp;
	municipality_id: string | null;
	address: Generated<string>;
	lat: number | null;
	lon: number | null;
	online_url: string | null;
	organiser_id: string | null;
	organisation_id: string | null;
	capacity: number | null;
	confirmed_count: Generated<number>;
	status: Generated<EventStatus>;
	minutes: Generated<string>;
	minutes_html: Generated<string>;
	created_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
	/** a meeting of this working group (migration 2800) */
	working_group_id: string | null;
	/** part of this participation process */
	process_id: string | null;
}

export interface EventAgendaItemTable {
	id: Generated<string>;
	region_id: string;
	event_id: string;
	position: number;
	time: string | null;
	title: string;
}

export interface EventRegistrationTable {
	region_id: string;
	event_id: string;
	person_id: string;
	status: RegistrationStatus;
	waiting_position: number | null;
	created_at: Timestamp;
	confirmed_at: Date | null;
}

export interface EventContributionTable {
	region_id: string;
	event_id: string;
	contribution_id: string;
	position: number;
}

// Regional products (migration 2900): places, labels, products, shops, markets, orders.

export type PlaceKind = 'market_square' | 'shop' | 'farm' | 'pickup_point' | 'venue' | 'other';
export type ShopKind = 'village' | 'regional' | 'farm';

export interface PlaceTable {
	id: Generated<string>;
	region_id: string;
	slug: string;
	kind: PlaceKind;
	/** set exactly when kind is 'shop' */
	shop_kind: ShopKind | null;
	name: string;
	description: Generated<string>;
	street: Generated<string>;
	postcode: Generated<string>;
	municipality_id: string;
	lat: number;
	lon: number;
	/** a schedule (schedule/schedule.ts), validated by the app */
	opening_hours: Json<unknown> | null;
	organisation_id: string | null;
	created_by: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
	/** generated (migration 2910): the position on the unit sphere, for distances */
	unit_x: GeneratedAlways<number>;
	unit_y: GeneratedAlways<number>;
	unit_z: GeneratedAlways<number>;
}

export type LabelKind = 'brand' | 'organic' | 'other';

export interface LabelTable {
	id: Generated<string>;
	region_id: string;
	key: string;
	kind: LabelKind;
	name: string;
	description: ColumnType<Localised, string | undefined, string>;
	area: Generated<string>;
	position: Generated<number>;
}

export type ProductCategory =
	| 'vegetables'
	| 'fruit'
	| 'potatoes'
	| 'meat_sausage'
	| 'fish'
	| 'dairy'
	| 'eggs'
	| 'bread_bakery'
	| 'honey'
	| 'preserves'
	| 'grain_flour'
	| 'wine_juice'
	| 'beer_spirits'
	| 'plants_flowers'
	| 'other';

export interface ProductTable {
	id: Generated<string>;
	region_id: string;
	producer_id: string;
	slug: string;
	name: string;
	category: ProductCategory;
	description: Generated<string>;
	unit: string;
	price_cents: number;
	/** months of the season, 1–12; empty: all year */
	months: ColumnType<number[], number[] | undefined, number[]>;
	origin_municipality_id: string | null;
	available: Generated<boolean>;
	created_at: Timestamp;
	updated_at: Timestamp;
	/** generated: search_fold(name) */
	search_name: GeneratedAlways<string>;
	/** generated: German full text of name and description */
	search_tsv: GeneratedAlways<string>;
	/** generated: German full text of the folded name alone (search ranks name matches first) */
	name_tsv: GeneratedAlways<string>;
}

export interface ProductLabelTable {
	region_id: string;
	product_id: string;
	label_id: string;
}

export interface ShopProducerTable {
	region_id: string;
	place_id: string;
	producer_id: string;
}

export type MarketKind = 'weekly' | 'regional' | 'theme' | 'seasonal';

export interface MarketTable {
	id: Generated<string>;
	region_id: string;
	slug: string;
	name: string;
	kind: MarketKind;
	description: Generated<string>;
	place_id: string;
	organiser_id: string | null;
	/** a schedule (schedule/schedule.ts), validated by the app */
	schedule: Json<unknown>;
	uncertain: Generated<boolean>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface MarketStandTable {
	region_id: string;
	market_id: string;
	producer_id: string;
	label: Generated<string>;
	regular: Generated<boolean>;
}

export type AttendanceStatus = 'present' | 'absent';

export interface MarketAttendanceTable {
	region_id: string;
	market_id: string;
	/** the local market date, YYYY-MM-DD */
	date: ColumnType<string, string, string>;
	producer_id: string;
	status: AttendanceStatus;
	note: Generated<string>;
	updated_at: Timestamp;
}

export interface OrderCycleTable {
	id: Generated<string>;
	region_id: string;
	slug: string;
	name: string;
	description: Generated<string>;
	coordinator_id: string;
	depot_place_id: string | null;
	opens_at: ColumnType<Date, Date | string, Date | string>;
	closes_at: ColumnType<Date, Date | string, Date | string>;
	created_by: string | null;
	created_at: Timestamp;
}

export interface OrderCyclePickupTable {
	id: Generated<string>;
	region_id: string;
	cycle_id: string;
	place_id: string;
	starts_at: ColumnType<Date, Date | string, Date | string>;
	ends_at: ColumnType<Date, Date | string, Date | string>;
}

export interface OrderCycleOfferTable {
	id: Generated<string>;
	region_id: string;
	cycle_id: string;
	product_id: string;
	price_cents: number;
	/** null: no limit */
	stock: number | null;
	sold: Generated<number>;
}

export type OrderStatus = 'placed' | 'cancelled' | 'collected';

export interface CustomerOrderTable {
	id: Generated<string>;
	region_id: string;
	cycle_id: string;
	/** bigint identity: pg returns it as a string */
	number: GeneratedAlways<string>;
	person_id: string | null;
	pickup_id: string;
	customer_name: string;
	status: Generated<OrderStatus>;
	total_cents: number;
	note: Generated<string>;
	created_at: Timestamp;
	cancelled_at: Date | null;
	/** set exactly when status is 'collected' (check customer_order_collected) */
	collected_at: Date | null;
}

export interface OrderLineTable {
	region_id: string;
	order_id: string;
	cycle_id: string;
	offer_id: string;
	product_name: string;
	unit: string;
	producer_name: string;
	unit_price_cents: number;
	quantity: number;
}

/** Words of product names (folded), per region, kept by a trigger: typo correction (2920). */
export interface ProductWordTable {
	region_id: string;
	word: string;
	products: number;
}
