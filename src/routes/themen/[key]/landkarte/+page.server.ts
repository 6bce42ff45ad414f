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
		const { db } = await app();
		const { region } = event.locals;
		// the phase is read beside the board (an unknown topic field is the board's 404)
		const fieldId = region.topicFields.find((f) => f.key === event.params.key)?.id;
		const [board, phase] = await Promise.all([
			getBoard(await participationContext(event), event.params.key, query),
			fieldId ? currentSwitches(db, region.id, fieldId) : null
		]);
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
			// names only: whatever a page returns is also serialised, even without JavaScript
			categories: region.categories.map((c) => ({ key: c.key, name: c.name })),
			targetGroups: region.targetGroups.map((g) => ({ key: g.key, name: g.name })),
			signedIn: event.locals.person !== null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
