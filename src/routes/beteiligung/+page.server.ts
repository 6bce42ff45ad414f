import { app } from '#lib/server/app-context.ts';
import { listProcesses } from '#lib/server/process/process.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	const processes = await listProcesses({ db, region: locals.region });
	return {
		categories: locals.region.categories,
		targetGroups: locals.region.targetGroups,
		// running processes first, with the phase they are in
		running: processes
			.filter((p) => p.status === 'running')
			.map((p) => ({
				slug: p.slug,
				title: p.title,
				phase: p.currentIndex === null ? null : (p.phases[p.currentIndex]?.kind ?? null)
			}))
	};
};
