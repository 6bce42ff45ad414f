import { app } from '#lib/server/app-context.ts';
import { countUseCasesByField } from '#lib/server/region/region.repository.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	const region = locals.region;
	const counts = new Map(
		(await countUseCasesByField(db, region.id)).map((row) => [row.topic_field_id, row.count])
	);
	return {
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
