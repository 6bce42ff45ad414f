import { valueNetwork } from '#lib/server/use-case/network.service.ts';
import { useCaseContext } from '#lib/server/use-case/use-case.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		return {
			network: await valueNetwork(await useCaseContext(event), event.params.key, event.locals.lang)
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
