import { isModerator } from '#lib/server/security/actor.ts';
import type { LayoutServerLoad } from './$types';

// The shell and the content pages need no JavaScript: they ship none. Pages that enhance
// forms later turn client-side rendering on for themselves (`export const csr = true`).
export const csr = false;

export const load: LayoutServerLoad = ({ locals, url }) => {
	const { region, lang } = locals;
	return {
		lang,
		person: locals.person
			? { displayName: locals.person.displayName, verified: locals.person.emailVerified }
			: null,
		path: url.pathname + url.search,
		canAdmin: isModerator({ regionId: region.id, person: locals.person }),
		shell: {
			slug: region.slug,
			name: region.name,
			tagline: region.tagline,
			logoAlt: region.look.logoAlt,
			version: region.version,
			topicFields: region.topicFields.map((f) => ({ key: f.key, name: f.name, icon: f.icon }))
		}
	};
};
