import { getContribution, setSupport } from '#lib/server/participation/contribution.service.ts';
import { participationContext } from '#lib/server/participation/participation.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const contribution = await getContribution(await participationContext(event), event.params.id);
		return {
			contribution,
			published: event.url.searchParams.has('neu'),
			signedIn: event.locals.person !== null,
			categories: event.locals.region.categories,
			targetGroups: event.locals.region.targetGroups
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

async function toggle(event: Parameters<Actions[string]>[0], support: boolean) {
	requirePerson(event);
	try {
		await setSupport(await participationContext(event), event.params.id!, support);
	} catch (caught) {
		throwHttpError(event, caught);
	}
	return { supportChanged: true };
}

export const actions: Actions = {
	support: (event) => toggle(event, true),
	unsupport: (event) => toggle(event, false)
};
