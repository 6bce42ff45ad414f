/**
 * Organisation logos: PNG, JPEG, WebP or SVG up to 256 KB. The type is decided by the file's
 * first bytes, never by its name or the browser's claim; SVG must pass the same check as region
 * logos (no scripts, handlers or references to other hosts), and every logo is served with a
 * sandboxing Content-Security-Policy and `nosniff`.
 */
import { sql } from 'kysely';
import { AppError } from '../security/app-error.ts';
import { authorise } from '../security/actor.ts';
import { checkSvg } from '../region/region-import.service.ts';
import type { LogoType } from '../db/schema.ts';
import { canEdit } from './organisation.policy.ts';
import { loadOrganisation, refOf } from './organisation.service.ts';
import type { OrganisationContext } from './organisation.context.ts';
import { audit } from '../security/audit.ts';

export const LOGO_MAX_BYTES = 256 * 1024;

export function detectLogoType(bytes: Uint8Array): LogoType | null {
	const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
	if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
	if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP')
		return 'image/webp';
	const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.slice(0, 1024));
	if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head))
		return 'image/svg+xml';
	return null;
}

/** The message key of what is wrong with an upload, or null. */
export function logoProblem(bytes: Uint8Array): string | null {
	if (bytes.byteLength === 0) return 'organisation.logo.missing';
	if (bytes.byteLength > LOGO_MAX_BYTES) return 'organisation.logo.tooLarge';
	const type = detectLogoType(bytes);
	if (!type) return 'organisation.logo.wrongType';
	if (type === 'image/svg+xml' && checkSvg(new TextDecoder().decode(bytes)))
		return 'organisation.logo.unsafeSvg';
	return null;
}

export async function setOrganisationLogo(
	ctx: OrganisationContext,
	slug: string,
	bytes: Uint8Array
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, refOf(row), membership));
		const problem = logoProblem(bytes);
		if (problem) throw new AppError('invalid', problem, { fields: { logo: problem } });
		const values = {
			organisation_id: row.id,
			region_id: row.region_id,
			bytes: Buffer.from(bytes),
			content_type: detectLogoType(bytes)!
		};
		await trx
			.insertInto('organisation_logo')
			.values(values)
			.onConflict((oc) =>
				oc.column('organisation_id').doUpdateSet({
					bytes: values.bytes,
					content_type: values.content_type,
					updated_at: sql`now()`
				})
			)
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'organisation.updated',
			targetType: 'organisation',
			targetId: row.id,
			ip: ctx.meta.ip,
			details: { logo: values.content_type }
		});
	});
}

export async function removeOrganisationLogo(ctx: OrganisationContext, slug: string) {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, refOf(row), membership));
		await trx
			.deleteFrom('organisation_logo')
			.where('organisation_id', '=', row.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'organisation.updated',
			targetType: 'organisation',
			targetId: row.id,
			ip: ctx.meta.ip,
			details: { logo: 'removed' }
		});
	});
}

/** The logo of a public organisation in this region, or null. */
export async function getOrganisationLogo(ctx: OrganisationContext, slug: string) {
	return ctx.db
		.selectFrom('organisation_logo')
		.innerJoin('organisation', 'organisation.id', 'organisation_logo.organisation_id')
		.select(['organisation_logo.bytes', 'organisation_logo.content_type'])
		.where('organisation.region_id', '=', ctx.region.id)
		.where('organisation_logo.region_id', '=', ctx.region.id)
		.where('organisation.slug', '=', slug)
		.executeTakeFirst();
}
