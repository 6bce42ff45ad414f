import { canCreate } from '#lib/server/organisation/organisation.policy.ts';
import { KINDS, SECTORS, listQuerySchema } from '#lib/server/organisation/organisation.schema.ts';
import {
	listMunicipalities,
	listMyOrganisations,
	listOrganisations
} from '#lib/server/organisation/organisation.service.ts';
import { organisationContext, throwHttpError } from '#lib/server/organisation/organisation.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// unknown filter values are ignored rather than refused: old links keep working
	const query = listQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const ctx = await organisationContext(event);
	try {
		const [list, mine, municipalities] = await Promise.all([
			listOrganisations(ctx, query),
			listMyOrganisations(ctx),
			listMunicipalities(ctx)
		]);
		return {
			...list,
			mine,
			municipalities,
			kinds: KINDS,
			sectors: SECTORS,
			filter: { art: query.art ?? '', sektor: query.sektor ?? '', ort: query.ort ?? '' },
			canCreate: canCreate(ctx.actor)
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
