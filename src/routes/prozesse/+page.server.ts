import { listProcesses } from '#lib/server/process/process.service.ts';
import { processContext } from '#lib/server/process/process.http.ts';
import { canManageProcess } from '#lib/server/process/process.policy.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const processes = await listProcesses(await processContext(event));
	return {
		running: processes.filter((p) => p.status === 'running'),
		upcoming: processes.filter((p) => p.status === 'upcoming'),
		finished: processes.filter((p) => p.status === 'finished'),
		canCreate: canManageProcess(actorOf(event))
	};
};
