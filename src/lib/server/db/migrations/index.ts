/**
 * The list of migrations, in order. Listed explicitly (not read from the folder) so that the
 * same list works in the bundled server, under Vite in development and in plain Node scripts.
 */
import type { Migration } from 'kysely/migration';
import * as createRegions from './2026_11_27_1600_create_regions.ts';
import * as createAccounts from './2026_11_27_1700_create_accounts.ts';
import * as organisations from './2026_11_27_1800_organisations.ts';

import * as organisationLogo from './2026_11_27_1900_organisation_logo.ts';

import * as topicMap from './2026_11_27_2000_topic_map.ts';
import * as discussion from './2026_11_27_2100_discussion.ts';

import * as prioritisation from './2026_11_27_2200_prioritisation.ts';
import * as topicMapIndexes from './2026_11_27_2250_topic_map_indexes.ts';

import * as notifications from './2026_11_27_2300_notifications.ts';

import * as events from './2026_11_27_2600_events.ts';

import * as processes from './2026_11_27_2400_processes.ts';
import * as surveys from './2026_11_27_2500_surveys.ts';

import * as workingGroups from './2026_11_27_2700_working_groups.ts';
import * as eventLinks from './2026_11_27_2800_event_links.ts';
import * as regionalProducts from './2026_11_27_2900_regional_products.ts';
import * as placeUnitVector from './2026_11_27_2910_place_unit_vector.ts';
import * as notificationAnswerUpdated from './2026_11_28_0100_notification_answer_updated.ts';
import * as orderCollectedAt from './2026_11_28_0200_order_collected_at.ts';
import * as marketPlaceKind from './2026_11_27_2930_market_place_kind.ts';
import * as productSearch from './2026_11_27_2920_product_search.ts';
import * as surveyTallyScopes from './2026_11_27_2950_survey_tally_scopes.ts';
import * as contributionCounts from './2026_11_27_3000_contribution_counts.ts';
import * as topicMapFilterIndexes from './2026_11_27_3100_topic_map_filter_indexes.ts';
import * as topicMapTargetGroupBoard from './2026_11_28_0230_topic_map_target_group_board.ts';
import * as surveyRespondentCounts from './2026_11_28_0240_survey_respondent_counts.ts';
import * as productFilterIndexes from './2026_11_28_0400_product_filter_indexes.ts';
import * as productNameTsv from './2026_11_28_0500_product_name_tsv.ts';
import * as topicMapPlaceCounts from './2026_11_28_0250_topic_map_place_counts.ts';

export const migrations: Record<string, Migration> = {
	'2026_11_27_1600_create_regions': createRegions,
	'2026_11_27_1700_create_accounts': createAccounts,
	'2026_11_27_1800_organisations': organisations,
	'2026_11_27_1900_organisation_logo': organisationLogo,
	'2026_11_27_2000_topic_map': topicMap,
	'2026_11_27_2100_discussion': discussion,
	'2026_11_27_2200_prioritisation': prioritisation,
	'2026_11_27_2250_topic_map_indexes': topicMapIndexes,
	'2026_11_27_2300_notifications': notifications,
	'2026_11_27_2600_events': events,
	'2026_11_27_2400_processes': processes,
	'2026_11_27_2500_surveys': surveys,
	'2026_11_27_2700_working_groups': workingGroups,
	'2026_11_27_2800_event_links': eventLinks,
	'2026_11_27_2900_regional_products': regionalProducts,
	'2026_11_27_2910_place_unit_vector': placeUnitVector,
	'2026_11_27_2920_product_search': productSearch,
	'2026_11_27_2930_market_place_kind': marketPlaceKind,
	'2026_11_27_2950_survey_tally_scopes': surveyTallyScopes,
	'2026_11_27_3000_contribution_counts': contributionCounts,
	'2026_11_27_3100_topic_map_filter_indexes': topicMapFilterIndexes,
	'2026_11_28_0100_notification_answer_updated': notificationAnswerUpdated,
	'2026_11_28_0200_order_collected_at': orderCollectedAt,
	'2026_11_28_0230_topic_map_target_group_board': topicMapTargetGroupBoard,
	'2026_11_28_0240_survey_respondent_counts': surveyRespondentCounts,
	'2026_11_28_0250_topic_map_place_counts': topicMapPlaceCounts,
	'2026_11_28_0400_product_filter_indexes': productFilterIndexes,
	'2026_11_28_0500_product_name_tsv': productNameTsv
};
