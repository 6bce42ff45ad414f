import { organisationJsonLd } from '#lib/server/organisation/organisation.presenter.ts';
import {
	getOrganisation,
	setOrganisationVerified
} from '#lib/server/organisation/organisation.service.ts';
import {
	actionError,
	organisationContext,
	throwHttpError
} from '#lib/server/organisation/organisation.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { listProductsOfOrganisation } from '#lib/server/product/product.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await organisationContext(event);
	try {
		const { profile, permissions } = await getOrganisation(ctx, event.params.slug);
		const pageUrl = `${event.url.origin}/organisationen/${profile.slug}`;
		const notice = (
			['angelegt', 'gespeichert', 'beigetreten', 'verlassen', 'produktEntfernt'] as const
		).find((key) => event.url.searchParams.has(key));
		const products = await listProductsOfOrganisation(ctx, profile);
		return {
			profile,
			permissions,
			products,
			jsonLd: organisationJsonLd(profile, pageUrl, ctx.region),
			notice: notice ?? null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

async function verify(event: Parameters<Actions[string]>[0], verified: boolean) {
	requirePerson(event);
	const data = await event.request.formData();
	try {
		await setOrganisationVerified(await organisationContext(event), event.params.slug!, verified);
	} catch (caught) {
		return actionError(event, caught, data);
	}
	return { verification: verified ? ('verified' as const) : ('unverified' as const) };
}

export const actions: Actions = {
	verify: (event) => verify(event, true),
	unverify: (event) => verify(event, false)
};
