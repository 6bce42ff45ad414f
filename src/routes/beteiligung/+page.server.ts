import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	categories: locals.region.categories,
	targetGroups: locals.region.targetGroups
});
