/** What every organisation service function works with: one region, one actor. */
import type { DB } from '../db/database.ts';
import type { Language } from '../../i18n/index.ts';
import type { Actor } from '../security/actor.ts';
import { AppError } from '../security/app-error.ts';

export interface OrganisationContext {
	db: DB;
	/** the region of the request; every query is scoped to it */
	region: { id: string; name: string; state: string | null };
	actor: Actor;
	/** true when SMTP_URL is set: mails are delivered, otherwise held in the outbox */
	smtp: boolean;
	meta: { ip: string; origin: string; lang: Language };
}

/** A context whose actor belongs to another region than the request is a programming error. */
export function assertSameRegion(ctx: OrganisationContext): void {
	if (ctx.actor.regionId !== ctx.region.id) throw new Error('actor and region differ');
}

export function notFound(): never {
	throw new AppError('not_found', 'error.404.title');
}
