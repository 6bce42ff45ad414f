import { listRounds } from '#lib/server/prioritisation/prioritisation.service.ts';
import { prioritisationContext } from '#lib/server/prioritisation/prioritisation.http.ts';
import { canCreateRound } from '#lib/server/prioritisation/prioritisation.policy.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	rounds: await listRounds(await prioritisationContext(event)),
	canCreate: canCreateRound(actorOf(event))
});
