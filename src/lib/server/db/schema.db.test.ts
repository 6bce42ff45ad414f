/**
 * Keeps src/lib/server/db/schema.ts honest: the row types must name exactly the columns the
 * migrations create. The object below must list every key of each table interface (TypeScript
 * checks that), and the test compares it with the migrated database.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { Database } from './schema.ts';

const declared: { [T in keyof Database]: Record<keyof Database[T], true> } = {
	region: {
		id: true,
		slug: true,
		name: true,
		state: true,
		default_language: true,
		tagline: true,
		intro: true,
		look: true,
		logo_svg: true,
		legal: true,
		source_hash: true,
		created_at: true,
		updated_at: true
	},
	region_host: { host: true, region_id: true },
	district: { id: true, region_id: true, key: true, name: true, seat: true },
	municipality: {
		id: true,
		region_id: true,
		district_id: true,
		slug: true,
		name: true,
		lat: true,
		lon: true,
		uncertain: true
	},
	topic_field: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		icon: true,
		colour: true,
		name: true,
		summary: true,
		goal: true
	},
	use_case: {
		id: true,
		region_id: true,
		topic_field_id: true,
		key: true,
		position: true,
		title: true,
		summary: true,
		status: true,
		created_at: true,
		updated_at: true,
		from_region_file: true,
		working_group_id: true,
		source_contribution_id: true,
		discarded_reason: true,
		created_by: true
	},
	contribution_category: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		name: true,
		description: true
	},
	target_group: {
		id: true,
		region_id: true,
		key: true,
		position: true,
		name: true,
		description: true
	},
	person: {
		id: true,
		region_id: true,
		email: true,
		display_name: true,
		password_hash: true,
		email_verified_at: true,
		municipality_id: true,
		target_group_id: true,
		language: true,
		terms_accepted_at: true,
		newsletter: true,
		role: true,
		is_platform_admin: true,
		created_at: true,
		updated_at: true
	},
	session: {
		token_hash: true,
		person_id: true,
		region_id: true,
		created_at: true,
		last_seen_at: true,
		expires_at: true,
		user_agent: true,
		ip: true
	},
	email_token: {
		token_hash: true,
		region_id: true,
		purpose: true,
		person_id: true,
		email: true,
		organisation_id: true,
		role: true,
		created_at: true,
		expires_at: true,
		used_at: true
	},
	rate_limit: { key: true, window_start: true, hits: true },
	mail: {
		id: true,
		region_id: true,
		to_address: true,
		subject: true,
		body: true,
		status: true,
		attempts: true,
		last_error: true,
		created_at: true,
		sent_at: true
	},
	audit_entry: {
		id: true,
		region_id: true,
		actor_id: true,
		action: true,
		target_type: true,
		target_id: true,
		ip: true,
		details: true,
		created_at: true
	},
	organisation: {
		id: true,
		region_id: true,
		slug: true,
		name: true,
		kind: true,
		sector: true,
		description: true,
		street: true,
		postcode: true,
		municipality_id: true,
		lat: true,
		lon: true,
		exact_location: true,
		email: true,
		phone: true,
		website: true,
		opening_hours: true,

		verified_at: true,
		verified_by: true,
		created_by: true,
		created_at: true,
		updated_at: true
	},
	organisation_logo: {
		organisation_id: true,
		region_id: true,
		bytes: true,
		content_type: true,
		updated_at: true
	},
	contribution: {
		id: true,
		region_id: true,
		topic_field_id: true,
		category_id: true,
		municipality_id: true,
		author_id: true,
		organisation_id: true,
		title: true,
		body: true,
		body_html: true,
		language: true,
		status: true,
		support_count: true,
		comment_count: true,
		created_at: true,
		updated_at: true,
		moderation_note: true,
		event_id: true,
		entered_by: true,
		on_behalf_of: true
	},
	contribution_target_group: {
		region_id: true,
		contribution_id: true,
		target_group_id: true,
		topic_field_id: true,
		status: true,
		category_id: true,
		created_at: true
	},
	contribution_support: {
		region_id: true,
		contribution_id: true,
		person_id: true,
		created_at: true
	},
	prioritisation_round: {
		id: true,
		region_id: true,
		topic_field_id: true,
		title: true,
		description: true,
		points: true,
		max_per_item: true,
		show_live_results: true,
		method: true,
		opens_at: true,
		closes_at: true,
		created_by: true,
		created_at: true
	},
	prioritisation_item: {
		id: true,
		region_id: true,
		round_id: true,
		use_case_id: true,
		title: true,
		position: true
	},
	prioritisation_ballot: {
		region_id: true,
		round_id: true,
		person_id: true,
		points_left: true,
		updated_at: true
	},
	prioritisation_allocation: {
		region_id: true,
		round_id: true,
		item_id: true,
		person_id: true,
		points: true,
		max_points: true
	},
	organisation_member: {
		region_id: true,
		organisation_id: true,
		person_id: true,
		role: true,
		created_at: true
	},
	comment: {
		id: true,
		region_id: true,
		contribution_id: true,
		parent_id: true,
		author_id: true,
		body: true,
		status: true,
		moderation_note: true,
		created_at: true,
		edited_at: true
	},
	flag: {
		region_id: true,
		target_type: true,
		target_id: true,
		person_id: true,
		reason: true,
		note: true,
		created_at: true,
		resolved_at: true
	},
	follow: {
		region_id: true,
		person_id: true,
		target_type: true,
		target_id: true,
		created_at: true
	},
	notification: {
		id: true,
		region_id: true,
		person_id: true,
		kind: true,
		target_type: true,
		target_id: true,
		title: true,
		url: true,
		actor_id: true,
		created_at: true,
		read_at: true,
		emailed_at: true
	},
	notification_setting: {
		person_id: true,
		region_id: true,
		digest_frequency: true,
		digest_sent_at: true,
		updated_at: true
	},
	official_answer: {
		id: true,
		region_id: true,
		contribution_id: true,
		author_id: true,
		organisation_id: true,
		body: true,
		body_html: true,
		created_at: true,
		updated_at: true
	},
	// search_text and tsv are generated columns the app never reads directly
	search_document: {
		id: true,
		region_id: true,
		kind: true,
		ref_id: true,
		path: true,
		title: true,
		body: true,
		updated_at: true
	},
	event: {
		id: true,
		region_id: true,
		kind: true,
		topic_field_id: true,
		title: true,
		description: true,
		description_html: true,
		starts_at: true,
		ends_at: true,
		municipality_id: true,
		address: true,
		lat: true,
		lon: true,
		online_url: true,
		organiser_id: true,
		organisation_id: true,
		capacity: true,
		confirmed_count: true,
		status: true,
		minutes: true,
		minutes_html: true,
		created_by: true,
		created_at: true,
		updated_at: true,
		working_group_id: true,
		process_id: true
	},
	event_agenda_item: {
		id: true,
		region_id: true,
		event_id: true,
		position: true,
		time: true,
		title: true
	},
	event_registration: {
		region_id: true,
		event_id: true,
		person_id: true,
		status: true,
		waiting_position: true,
		created_at: true,
		confirmed_at: true
	},
	event_contribution: { region_id: true, event_id: true, contribution_id: true, position: true },
	prioritisation_comparison: {
		region_id: true,
		round_id: true,
		person_id: true,
		item_low: true,
		item_high: true,
		winner_id: true,
		updated_at: true
	},
	participation_process: {
		id: true,
		region_id: true,
		slug: true,
		title: true,
		description: true,
		description_html: true,
		topic_field_id: true,
		created_by: true,
		created_at: true,
		updated_at: true
	},
	process_phase: {
		id: true,
		region_id: true,
		process_id: true,
		position: true,
		kind: true,
		starts_at: true,
		ends_at: true,
		contributing: true,
		commenting: true,
		supporting: true,
		voting: true,
		results: true
	},
	survey: {
		id: true,
		region_id: true,
		topic_field_id: true,
		title: true,
		intro: true,
		linked: true,
		one_per_browser: true,
		show_live_results: true,
		opens_at: true,
		closes_at: true,
		created_by: true,
		created_at: true,
		updated_at: true
	},
	survey_question: {
		id: true,
		region_id: true,
		survey_id: true,
		position: true,
		kind: true,
		text: true,
		required: true,
		scale_min: true,
		scale_max: true,
		label_min: true,
		label_max: true,
		condition_question_id: true,
		condition_option_id: true
	},
	survey_option: {
		id: true,
		region_id: true,
		survey_id: true,
		question_id: true,
		kind: true,
		position: true,
		label: true
	},
	survey_response: {
		id: true,
		region_id: true,
		survey_id: true,
		linked: true,
		person_id: true,
		target_group_id: true,
		municipality_id: true,
		created_at: true
	},
	survey_answer: {
		region_id: true,
		survey_id: true,
		response_id: true,
		question_id: true,
		option_id: true,
		value: true,
		text: true,
		target_group_id: true,
		municipality_id: true
	},
	contribution_count: {
		region_id: true,
		topic_field_id: true,
		category_id: true,
		status: true,
		n: true
	},
	contribution_group_count: {
		region_id: true,
		topic_field_id: true,
		category_id: true,
		target_group_id: true,
		status: true,
		n: true
	},
	contribution_place_count: {
		region_id: true,
		topic_field_id: true,
		municipality_id: true,
		status: true,
		n: true
	},
	survey_respondent_count: {
		survey_id: true,
		scope: true,
		target_group_id: true,
		municipality_id: true,
		n: true
	},
	survey_tally: {
		survey_id: true,
		scope: true,
		question_id: true,
		option_id: true,
		value: true,
		target_group_id: true,
		municipality_id: true,
		n: true
	},
	survey_participation: {
		region_id: true,
		survey_id: true,
		marker: true
	},
	working_group: {
		id: true,
		region_id: true,
		topic_field_id: true,
		slug: true,
		name: true,
		description: true,
		description_html: true,
		created_by: true,
		created_at: true
	},
	working_group_member: {
		region_id: true,
		group_id: true,
		person_id: true,
		role: true,
		joined_at: true
	},
	working_group_need: {
		id: true,
		region_id: true,
		group_id: true,
		kind: true,
		title: true,
		description: true,
		quantity: true,
		unit: true,
		created_at: true
	},
	working_group_pledge: {
		id: true,
		region_id: true,
		need_id: true,
		person_id: true,
		organisation_id: true,
		quantity: true,
		note: true,
		created_at: true,
		updated_at: true
	},
	use_case_update: {
		id: true,
		region_id: true,
		use_case_id: true,
		author_id: true,
		happened_on: true,
		status_from: true,
		status_to: true,
		body: true,
		body_html: true,
		created_at: true
	},
	use_case_actor: {
		id: true,
		region_id: true,
		use_case_id: true,
		organisation_id: true,
		person_id: true,
		role: true,
		created_at: true
	},
	place: {
		id: true,
		region_id: true,
		slug: true,
		kind: true,
		shop_kind: true,
		name: true,
		description: true,
		street: true,
		postcode: true,
		municipality_id: true,
		lat: true,
		lon: true,
		opening_hours: true,
		organisation_id: true,
		created_by: true,
		created_at: true,
		updated_at: true,
		unit_x: true,
		unit_y: true,
		unit_z: true
	},
	label: {
		id: true,
		region_id: true,
		key: true,
		kind: true,
		name: true,
		description: true,
		area: true,
		position: true
	},
	product: {
		id: true,
		region_id: true,
		producer_id: true,
		slug: true,
		name: true,
		category: true,
		description: true,
		unit: true,
		price_cents: true,
		months: true,
		origin_municipality_id: true,
		available: true,
		created_at: true,
		updated_at: true,
		search_name: true,
		search_tsv: true,
		name_tsv: true
	},
	product_label: {
		region_id: true,
		product_id: true,
		label_id: true
	},
	shop_producer: {
		region_id: true,
		place_id: true,
		producer_id: true
	},
	market: {
		id: true,
		region_id: true,
		slug: true,
		name: true,
		kind: true,
		description: true,
		place_id: true,
		organiser_id: true,
		schedule: true,
		uncertain: true,
		created_at: true,
		updated_at: true
	},
	market_stand: {
		region_id: true,
		market_id: true,
		producer_id: true,
		label: true,
		regular: true
	},
	market_attendance: {
		region_id: true,
		market_id: true,
		date: true,
		producer_id: true,
		status: true,
		note: true,
		updated_at: true
	},
	order_cycle: {
		id: true,
		region_id: true,
		slug: true,
		name: true,
		description: true,
		coordinator_id: true,
		depot_place_id: true,
		opens_at: true,
		closes_at: true,
		created_by: true,
		created_at: true
	},
	order_cycle_pickup: {
		id: true,
		region_id: true,
		cycle_id: true,
		place_id: true,
		starts_at: true,
		ends_at: true
	},
	order_cycle_offer: {
		id: true,
		region_id: true,
		cycle_id: true,
		product_id: true,
		price_cents: true,
		stock: true,
		sold: true
	},
	customer_order: {
		id: true,
		region_id: true,
		cycle_id: true,
		number: true,
		person_id: true,
		pickup_id: true,
		customer_name: true,
		status: true,
		total_cents: true,
		note: true,
		created_at: true,
		cancelled_at: true,
		collected_at: true
	},
	order_line: {
		region_id: true,
		order_id: true,
		cycle_id: true,
		offer_id: true,
		product_name: true,
		unit: true,
		producer_name: true,
		unit_price_cents: true,
		quantity: true
	},
	product_word: { region_id: true, word: true, products: true }
};
const GENERATED_ONLY: Record<string, string[]> = {
	search_document: ['search_text', 'tsv'],
	contribution: ['tsv']
};

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.destroy();
});

test('row types match the migrated tables', async () => {
	const { rows } = await sql<{ table_name: string; column_name: string }>`
		select table_name, column_name from information_schema.columns
		where table_schema = 'public' and table_name not like 'kysely_%'
		order by table_name, column_name`.execute(t.db);
	const actual: Record<string, string[]> = {};
	for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
	const expected = Object.fromEntries(
		Object.entries(declared).map(([table, columns]) => [
			table,
			[...Object.keys(columns), ...(GENERATED_ONLY[table] ?? [])].sort()
		])
	);
	expect(actual).toEqual(expected);
});
