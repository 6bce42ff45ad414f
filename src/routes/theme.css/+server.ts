import type { RequestHandler } from './$types';

/**
 * The region's colours as CSS custom properties. A stylesheet (not inline styles) so that the
 * Content-Security-Policy can forbid inline styles; versioned URL, so it can be cached for good.
 */
export const GET: RequestHandler = ({ locals }) => {
	const { look, topicFields } = locals.region;
	const css = [
		`:root{--primary:${look.primaryColour};--accent:${look.accentColour}}`,
		...topicFields.map((field) => `.tf-${field.key}{--tf:${field.colour}}`)
	].join('\n');
	return new Response(css, {
		headers: {
			'content-type': 'text/css; charset=utf-8',
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
};
