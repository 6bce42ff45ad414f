import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app-context.ts';
import type { RequestHandler } from './$types';

/** Topic fields with their use cases (one query for all use cases of the region). */
export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const useCases = await db
		.selectFrom('use_case')
		.select(['topic_field_id', 'key', 'title', 'summary', 'status'])
		.where('region_id', '=', locals.region.id)
		.orderBy('topic_field_id')
		.orderBy('position')
		.execute();
	return json(
		locals.region.topicFields.map((field) => ({
			key: field.key,
			name: field.name,
			summary: field.summary,
			useCases: useCases
				.filter((u) => u.topic_field_id === field.id)
				.map(({ key, title, summary, status }) => ({ key, title, summary, status }))
		})),
		{ headers: { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' } }
	);
};
