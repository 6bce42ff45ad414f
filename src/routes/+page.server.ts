import { app } from '#lib/server/app-context.ts';
import { countUseCasesByField } from '#lib/server/region/region.repository.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { db } = await app();
	const region = locals.region;
	const counts = new Map(
		(await countUseCasesByField(db, region.id)).map((row) => [row.topic_field_id, row.count])
	);
	return {
		jsonLd: {
			'@context': 'https://schema.org',
			'@type': 'WebSite',
			name: `${region.name} – HeimatLeben`,
			url: url.origin + '/',
			inLanguage: ['de', 'en'],
			description: region.tagline[locals.lang],
			about: {
				'@type': 'AdministrativeArea',
				name: region.name,
				...(region.state ? { containedInPlace: { '@type': 'State', name: region.state } } : {})
			},
			potentialAction: {
				'@type': 'SearchAction',
				target: `${url.origin}/suche?q={search_term_string}`,
				'query-input': 'required name=search_term_string'
			}
		},
		intro: region.intro,
		tagline: region.tagline,
		municipalityCount: region.municipalityCount,
		topicFields: region.topicFields.map((field) => ({
			key: field.key,
			icon: field.icon,
			name: field.name,
			summary: field.summary,
			useCaseCount: counts.get(field.id) ?? 0
		}))
	};
};
