/**
 * Rows → what pages, search and structured data show. Components never see database rows.
 */
import { t } from '../../i18n/index.ts';
import type { Localised } from '../db/schema.ts';
import type { OrganisationRow } from './organisation.repository.ts';
import {
	BUSINESS_KINDS,
	type OrganisationKind,
	type OrganisationSector
} from './organisation.schema.ts';

export interface OrganisationProfileView {
	slug: string;
	name: string;
	kind: OrganisationKind;
	sector: OrganisationSector;
	description: string;
	street: string;
	postcode: string;
	municipality: { slug: string; name: string };
	lat: number;
	lon: number;
	/** false: the point is the municipality's, not the organisation's own */
	exactLocation: boolean;
	email: string;
	phone: string;
	website: string;
	openingHours: string;
	verified: boolean;
	/** changes with every new logo (for a cacheable URL); null without a logo */
	logoVersion: string | null;
}

export function toProfileView(row: OrganisationRow): OrganisationProfileView {
	return {
		slug: row.slug,
		name: row.name,
		// the database allows only the kinds of organisation.schema.ts (check constraint)
		kind: row.kind as OrganisationKind,
		sector: row.sector,
		description: row.description,
		street: row.street,
		postcode: row.postcode,
		municipality: { slug: row.municipality_slug, name: row.municipality_name },
		lat: row.lat,
		lon: row.lon,
		exactLocation: row.exact_location,
		email: row.email,
		phone: row.phone,
		website: row.website,
		openingHours: row.opening_hours,
		verified: row.verified_at !== null,
		logoVersion: row.logo_updated_at ? new Date(row.logo_updated_at).getTime().toString(36) : null
	};
}

/** The profile as the edit form's field values (the same names the form posts). */
export function toFormValues(view: OrganisationProfileView): Record<string, string> {
	return {
		name: view.name,
		kind: view.kind,
		sector: view.sector,
		description: view.description,
		street: view.street,
		postcode: view.postcode,
		municipality: view.municipality.slug,
		lat: view.exactLocation ? String(view.lat) : '',
		lon: view.exactLocation ? String(view.lon) : '',
		email: view.email,
		phone: view.phone,
		website: view.website,
		openingHours: view.openingHours
	};
}

export interface OrganisationListItem {
	slug: string;
	name: string;
	kind: OrganisationKind;
	sector: OrganisationSector;
	municipality: string;
	lat: number;
	lon: number;
	verified: boolean;
	excerpt: string;
}

export function toListItem(row: {
	slug: string;
	name: string;
	kind: string;
	sector: OrganisationSector;
	municipality_name: string;
	lat: number;
	lon: number;
	verified_at: Date | null;
	excerpt: string;
}): OrganisationListItem {
	const firstParagraph = row.excerpt
		.split(/\n\s*\n/)[0]!
		.replace(/\s+/g, ' ')
		.trim();
	return {
		slug: row.slug,
		name: row.name,
		kind: row.kind as OrganisationKind,
		sector: row.sector,
		municipality: row.municipality_name,
		lat: row.lat,
		lon: row.lon,
		verified: row.verified_at !== null,
		excerpt:
			firstParagraph.length > 200 || row.excerpt.length >= 240
				? `${firstParagraph.slice(0, 200).replace(/\s+\S*$/, '')} …`
				: firstParagraph
	};
}

/**
 * schema.org markup for the profile page: LocalBusiness for places customers visit (shops,
 * practices …), Organization for the others. `geo` only when the point is the organisation's
 * own: the centre of its municipality would mislead maps and search engines.
 */
export function organisationJsonLd(
	view: OrganisationProfileView,
	pageUrl: string,
	region: { state: string | null }
): Record<string, unknown> {
	const business = BUSINESS_KINDS.has(view.kind);
	const address: Record<string, string> = {
		'@type': 'PostalAddress',
		addressLocality: view.municipality.name
	};
	if (view.street) address.streetAddress = view.street;
	if (view.postcode) address.postalCode = view.postcode;
	if (region.state) address.addressRegion = region.state;
	const geo = view.exactLocation
		? { '@type': 'GeoCoordinates', latitude: view.lat, longitude: view.lon }
		: undefined;
	const data: Record<string, unknown> = {
		'@context': 'https://schema.org',
		'@type': business ? 'LocalBusiness' : 'Organization',
		'@id': pageUrl,
		name: view.name,
		url: view.website || pageUrl,
		mainEntityOfPage: pageUrl,
		address
	};
	if (view.description) data.description = view.description;
	if (view.email) data.email = view.email;
	if (view.phone) data.telephone = view.phone;
	if (view.logoVersion) data.logo = `${pageUrl}/logo?v=${view.logoVersion}`;
	if (business) {
		if (geo) data.geo = geo;
		if (view.openingHours) data.openingHours = view.openingHours;
	} else if (geo) {
		// Organization has no geo of its own; its location is a Place
		data.location = { '@type': 'Place', address, geo };
	}
	return data;
}

/** The organisation's document for the region's search, in both languages. */
export function searchDocumentOf(organisation: {
	name: string;
	kind: OrganisationKind;
	municipality: string;
	description: string;
}): { title: Localised; body: Localised } {
	const description = organisation.description.replace(/\s+/g, ' ').slice(0, 1000);
	const body = (lang: 'de' | 'en') =>
		t(lang, 'organisation.search.body', {
			kind: t(lang, `organisation.kind.${organisation.kind}`),
			municipality: organisation.municipality,
			description
		}).trim();
	return {
		title: { de: organisation.name, en: organisation.name },
		body: { de: body('de'), en: body('en') }
	};
}
