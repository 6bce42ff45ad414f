import { boardQuerySchema } from '#lib/server/participation/contribution.schema.ts';
import { getBoard } from '#lib/server/participation/contribution.service.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { actorOf, throwHttpError } from '#lib/server/http/context.ts';
import { currentSwitches } from '#lib/server/process/process.service.ts';
import { bypassesPhase } from '#lib/server/process/process.policy.ts';
import { app } from '#lib/server/app-context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = boardQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		const board = await getBoard(await participationContext(event), event.params.key, query);
		const { db } = await app();
		const phase = await currentSwitches(db, event.locals.region.id, board.topicField.id);
		const phaseClosed = Boolean(
			phase && !phase.switches.contributing && !bypassesPhase(actorOf(event))
		);
		return {
			phase,
			phaseClosed,
			query,
			...board,
			canContribute: board.canContribute && !phaseClosed,
			topicField: { key: board.topicField.key, name: board.topicField.name },
			categories: event.locals.region.categories,
			targetGroups: event.locals.region.targetGroups,
			signedIn: event.locals.person !== null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
