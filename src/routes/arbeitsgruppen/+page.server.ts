import { listGroups } from '#lib/server/working-group/working-group.service.ts';
import { workingGroupContext } from '#lib/server/working-group/working-group.http.ts';
import { canCreateGroup } from '#lib/server/working-group/working-group.policy.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	groups: await listGroups(await workingGroupContext(event)),
	canCreate: canCreateGroup(actorOf(event))
});
