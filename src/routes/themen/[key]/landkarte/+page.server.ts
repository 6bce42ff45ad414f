import { boardQuerySchema } from '#lib/server/participation/contribution.schema.ts';
import { getBoard } from '#lib/server/participation/contribution.service.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = boardQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	try {
		const board = await getBoard(await participationContext(event), event.params.key, query);
		return {
			query,
			...board,
			topicField: { key: board.topicField.key, name: board.topicField.name },
			categories: event.locals.region.categories,
			targetGroups: event.locals.region.targetGroups,
			signedIn: event.locals.person !== null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
