import { isModerator } from '#lib/server/security/actor.ts';
import { app } from '#lib/server/app-context.ts';
import { unreadCount } from '#lib/server/notification/notification.service.ts';
import type { LayoutServerLoad } from './$types';

// The shell and the content pages need no JavaScript: they ship none. Pages that enhance
// forms later turn client-side rendering on for themselves (`export const csr = true`).
export const csr = false;

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const { region, lang } = locals;
	// only for signed-in people (their pages are never in the page cache): one indexed count
	const unread = locals.person
		? await unreadCount((await app()).db, region.id, locals.person.id)
		: 0;
	return {
		unread,
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
