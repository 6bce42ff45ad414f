import { error } from '@sveltejs/kit';
import { getOrganisationLogo } from '#lib/server/organisation/logo.ts';
import { organisationContext } from '#lib/server/organisation/organisation.http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const logo = await getOrganisationLogo(await organisationContext(event), event.params.slug);
	if (!logo) error(404);
	return new Response(new Uint8Array(logo.bytes), {
		headers: {
			'content-type': logo.content_type,
			// inert even when opened directly (an SVG is a document)
			'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
			'cache-control': event.url.searchParams.has('v')
				? 'public, max-age=31536000, immutable'
				: 'public, max-age=300'
		}
	});
};
