import { describe, expect, test } from 'vitest';
import { normaliseWebsite, organisationSchema } from './organisation.schema.ts';
import {
	organisationJsonLd,
	toListItem,
	type OrganisationProfileView
} from './organisation.presenter.ts';

const form = (overrides: Record<string, string> = {}) => ({
	name: 'Hofladen Sonnenhof',
	kind: 'farm_shop',
	sector: 'wirtschaft',
	municipality: 'heppenheim',
	...overrides
});

function errorsOf(input: Record<string, string>) {
	const parsed = organisationSchema.safeParse(input);
	if (parsed.success) return {};
	return Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('organisation form', () => {
	test('only http and https web addresses; a bare host gets https', () => {
		expect(normaliseWebsite('')).toBe('');
		expect(normaliseWebsite('www.example.de')).toBe('https://www.example.de/');
		expect(normaliseWebsite('http://example.de/laden?x=1')).toBe('http://example.de/laden?x=1');
		for (const bad of [
			'javascript:alert(1)',
			'JavaScript:alert(1)',
			' javascript:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'vbscript:msgbox',
			'ftp://example.de',
			'https://user:pw@example.de',
			'localhost:3000',
			'https://exa mple.de'
		]) {
			expect(normaliseWebsite(bad), bad).toBeNull();
		}
		expect(errorsOf(form({ website: 'javascript:alert(1)' }))).toEqual({
			website: 'organisation.website.invalid'
		});
	});

	test('coordinates: both or neither, decimal comma welcome, within range', () => {
		const parsed = organisationSchema.parse(form({ lat: '49,6412', lon: '8.6321' }));
		expect([parsed.lat, parsed.lon]).toEqual([49.6412, 8.6321]);
		expect(organisationSchema.parse(form({ lat: '', lon: '' }))).toMatchObject({
			lat: null,
			lon: null
		});
		expect(errorsOf(form({ lat: '49.6', lon: '' }))).toEqual({
			lon: 'organisation.location.both'
		});
		expect(errorsOf(form({ lat: '91', lon: '8' }))).toEqual({ lat: 'organisation.lat.invalid' });
		expect(errorsOf(form({ lat: '49', lon: '8e1' }))).toEqual({ lon: 'organisation.lon.invalid' });
	});

	test('each field reports its own message key', () => {
		expect(
			errorsOf({
				name: 'X',
				kind: 'spaceport',
				sector: '',
				municipality: '',
				email: 'no-at-sign',
				phone: 'call me',
				postcode: '!',
				description: 'a'.repeat(4001)
			})
		).toEqual({
			name: 'organisation.name.invalid',
			kind: 'organisation.kind.required',
			sector: 'organisation.sector.required',
			municipality: 'organisation.municipality.required',
			email: 'organisation.email.invalid',
			phone: 'organisation.phone.invalid',
			postcode: 'organisation.postcode.invalid',
			description: 'organisation.description.invalid'
		});
	});

	test('contact addresses cannot smuggle parameters into the mailto: link', () => {
		expect(organisationSchema.parse(form({ email: ' Info@Bäckerei-Müller.de ' })).email).toBe(
			'info@bäckerei-müller.de'
		);
		for (const bad of ['a@b.de?cc=x@y.de', 'a&b@c.de', 'a@b', 'a@b.de#x', 'a b@c.de']) {
			expect(errorsOf(form({ email: bad })), bad).toEqual({ email: 'organisation.email.invalid' });
		}
	});

	test('plain text keeps paragraphs and loses carriage returns and control characters', () => {
		expect(organisationSchema.parse(form({ description: ' Eins\r\n\r\nZwei ' })).description).toBe(
			'Eins\n\nZwei'
		);
		expect(errorsOf(form({ description: 'bell\u0007' }))).toEqual({
			description: 'organisation.description.invalid'
		});
		expect(errorsOf(form({ name: 'Zwei\nZeilen' }))).toEqual({ name: 'organisation.name.invalid' });
	});
});

describe('structured data', () => {
	const view: OrganisationProfileView = {
		slug: 'hofladen',
		name: 'Hofladen </script><script>',
		kind: 'farm_shop',
		sector: 'wirtschaft',
		description: 'Eier',
		street: 'Hauptstraße 1',
		postcode: '64646',
		municipality: { slug: 'heppenheim', name: 'Heppenheim' },
		lat: 49.64,
		lon: 8.63,
		exactLocation: true,
		email: 'hof@example.org',
		phone: '06252 1',
		website: '',
		openingHours: 'Mo–Fr 9–18 Uhr',
		verified: true,
		logoVersion: null
	};
	const url = 'http://localhost/organisationen/hofladen';

	test('businesses are LocalBusiness with address, geo and opening hours', () => {
		expect(organisationJsonLd(view, url, { state: 'Hessen' })).toEqual({
			'@context': 'https://schema.org',
			'@type': 'LocalBusiness',
			'@id': url,
			name: view.name,
			url,
			mainEntityOfPage: url,
			description: 'Eier',
			email: 'hof@example.org',
			telephone: '06252 1',
			openingHours: 'Mo–Fr 9–18 Uhr',
			address: {
				'@type': 'PostalAddress',
				streetAddress: 'Hauptstraße 1',
				postalCode: '64646',
				addressLocality: 'Heppenheim',
				addressRegion: 'Hessen'
			},
			geo: { '@type': 'GeoCoordinates', latitude: 49.64, longitude: 8.63 }
		});
	});

	test('associations are Organization; an approximate point is not published as geo', () => {
		const data = organisationJsonLd(
			{ ...view, kind: 'association', exactLocation: false, website: 'https://verein.example/' },
			url,
			{ state: null }
		);
		expect(data['@type']).toBe('Organization');
		expect(data.url).toBe('https://verein.example/');
		expect(data).not.toHaveProperty('geo');
		expect(data).not.toHaveProperty('location');
		expect(data).not.toHaveProperty('openingHours');
	});

	test('list excerpts are the first paragraph, cut at a word', () => {
		const row = {
			slug: 's',
			name: 'n',
			kind: 'other',
			sector: 'wirtschaft' as const,
			municipality_name: 'm',
			lat: 1,
			lon: 2,
			verified_at: null
		};
		expect(toListItem({ ...row, excerpt: 'Erster Absatz.\n\nZweiter.' }).excerpt).toBe(
			'Erster Absatz.'
		);
		const long = toListItem({ ...row, excerpt: 'Wort '.repeat(60).trim() }).excerpt;
		expect(long.length).toBeLessThanOrEqual(202);
		expect(long.endsWith('Wort …')).toBe(true);
	});
});
