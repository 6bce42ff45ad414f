import type { Language } from '#lib/i18n/index.ts';
import type { RegionContext } from '#lib/server/region/region.service.ts';
import type { SessionPerson } from '#lib/server/account/session.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			lang: Language;
			region: RegionContext;
			/** the signed-in person, or null */
			person: SessionPerson | null;
		}
	}
}

export {};
