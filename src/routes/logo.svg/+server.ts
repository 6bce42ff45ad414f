import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app-context.ts';
import { getLogo } from '#lib/server/region/region.repository.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const { db } = await app();
	const logo = await getLogo(db, locals.region.id);
	if (!logo) error(404);
	return new Response(logo.logo_svg, {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			// the import checked the SVG; the sandbox keeps it inert even when opened directly
			'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
			'cache-control': url.searchParams.has('v')
				? 'public, max-age=31536000, immutable'
				: 'public, max-age=3600'
		}
	});
};
