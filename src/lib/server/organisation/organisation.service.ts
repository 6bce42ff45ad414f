/**
 * Organisation profiles: the public directory, creating and editing a profile, verification by
 * the region's moderators. Each function works in the context's region only and checks the
 * rules of organisation.policy.ts first; every change is audited in the same transaction.
 * Members and invitations: membership.service.ts.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import { audit, type AuditAction } from '../security/audit.ts';
import { authorise, isSignedIn } from '../security/actor.ts';
import { throttle, type Limit } from '../security/rate-limit.ts';
import { slugify } from '../region/region-import.service.ts';
import { municipalityOptions } from '../region/region-lists.ts';
import { assertSameRegion, notFound, type OrganisationContext } from './organisation.context.ts';
import {
	canCreate,
	canEdit,
	canVerify,
	permissionsFor,
	type Membership
} from './organisation.policy.ts';
import {
	countOrganisations,
	findMunicipality,
	findOrganisationBySlug,
	findSlugsLike,
	insertMember,
	insertOrganisationUnlessSlugTaken,
	listMembershipsOfPerson,
	listOrganisations as listOrganisationRows,
	lockOrganisation,
	setVerification,
	updateOrganisation as updateOrganisationRow,
	upsertSearchDocument,
	type OrganisationRow,
	type OrganisationValues
} from './organisation.repository.ts';
import {
	searchDocumentOf,
	toFormValues,
	toListItem,
	toProfileView
} from './organisation.presenter.ts';
import {
	SLUG_PATTERN,
	type ListQuery,
	type OrganisationInput,
	type OrganisationKind
} from './organisation.schema.ts';

export const PAGE_SIZE = 20;

/** Paths under /organisationen/ that are pages, not organisations. */
const RESERVED_SLUGS = new Set(['neu']);

/** Enough for anyone entering their organisations; not enough to flood the directory. */
const CREATE_LIMIT: Limit = { name: 'organisation:create', max: 10, windowSeconds: 60 * 60 };

type Executor = OrganisationContext['db'] | Transaction<Database>;

function personIdOf(ctx: OrganisationContext): string | null {
	return isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
}

/**
 * The organisation with this slug in the context's region, and the actor's membership in it.
 * Any other region's organisation is simply not found. With `lock` (inside a transaction) the
 * row is locked first and everything is read after the lock was granted.
 */
export async function loadOrganisation(
	ctx: OrganisationContext,
	db: Executor,
	slug: string,
	options: { lock?: boolean } = {}
): Promise<{ row: OrganisationRow; membership: Membership }> {
	assertSameRegion(ctx);
	if (slug.length > 100 || !SLUG_PATTERN.test(slug)) notFound();
	if (options.lock && !(await lockOrganisation(db, ctx.region.id, slug))) notFound();
	const personId = personIdOf(ctx);
	const row = await findOrganisationBySlug(db, ctx.region.id, slug, personId);
	if (!row) notFound();
	const membership: Membership = personId && row.my_role ? { personId, role: row.my_role } : null;
	return { row, membership };
}

export function refOf(row: OrganisationRow) {
	return { regionId: row.region_id };
}

async function auditOrganisation(
	ctx: OrganisationContext,
	db: Executor,
	action: AuditAction,
	organisationId: string,
	details: Record<string, unknown> = {}
) {
	await audit(db, {
		regionId: ctx.region.id,
		actorId: personIdOf(ctx),
		action,
		targetType: 'organisation',
		targetId: organisationId,
		ip: ctx.meta.ip,
		details
	});
}

/** Input → columns. Without coordinates the organisation sits at its municipality's centre. */
async function toValues(
	ctx: OrganisationContext,
	db: Executor,
	input: OrganisationInput
): Promise<{ values: OrganisationValues; municipality: { slug: string; name: string } }> {
	const municipality = await findMunicipality(db, ctx.region.id, input.municipality);
	if (!municipality) {
		throw new AppError('invalid', 'form.errorSummary', {
			fields: { municipality: 'organisation.municipality.required' }
		});
	}
	const exact = input.lat !== null && input.lon !== null;
	return {
		municipality,
		values: {
			name: input.name,
			kind: input.kind,
			sector: input.sector,
			description: input.description,
			street: input.street,
			postcode: input.postcode,
			municipality_id: municipality.id,
			lat: exact ? input.lat! : municipality.lat,
			lon: exact ? input.lon! : municipality.lon,
			exact_location: exact,
			email: input.email,
			phone: input.phone,
			website: input.website,
			opening_hours: input.openingHours
		}
	};
}

async function updateSearchDocument(
	ctx: OrganisationContext,
	db: Executor,
	organisation: { id: string; slug: string },
	values: OrganisationValues,
	municipality: { name: string }
) {
	await upsertSearchDocument(db, ctx.region.id, {
		refId: organisation.id,
		path: `/organisationen/${organisation.slug}`,
		...searchDocumentOf({
			name: values.name,
			kind: values.kind as OrganisationKind,
			municipality: municipality.name,
			description: values.description
		})
	});
}

// Reading

/** The public directory: one page, filtered by kind, sector and municipality. */
export async function listOrganisations(ctx: OrganisationContext, query: ListQuery) {
	assertSameRegion(ctx);
	const filter = { kind: query.art, sector: query.sektor, municipalitySlug: query.ort };
	const [rows, total] = await Promise.all([
		listOrganisationRows(ctx.db, ctx.region.id, filter, {
			limit: PAGE_SIZE,
			offset: (query.seite - 1) * PAGE_SIZE
		}),
		countOrganisations(ctx.db, ctx.region.id, filter)
	]);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	if (query.seite > pages) notFound();
	return { items: rows.map(toListItem), total, page: query.seite, pages };
}

/** The organisations the signed-in person belongs to (none for visitors). */
export async function listMyOrganisations(ctx: OrganisationContext) {
	assertSameRegion(ctx);
	const personId = personIdOf(ctx);
	if (!personId) return [];
	const rows = await listMembershipsOfPerson(ctx.db, ctx.region.id, personId);
	return rows.map((r) => ({ slug: r.slug, name: r.name, role: r.role }));
}

export async function listMunicipalities(ctx: OrganisationContext) {
	assertSameRegion(ctx);
	return municipalityOptions(ctx.db, ctx.region);
}

/** A public profile, with what the actor may do there. */
export async function getOrganisation(ctx: OrganisationContext, slug: string) {
	const { row, membership } = await loadOrganisation(ctx, ctx.db, slug);
	return {
		profile: toProfileView(row),
		permissions: permissionsFor(ctx.actor, refOf(row), membership)
	};
}

/** The profile as form values, for those who may edit it. */
export async function getOrganisationForEdit(ctx: OrganisationContext, slug: string) {
	const { row, membership } = await loadOrganisation(ctx, ctx.db, slug);
	authorise(ctx.actor, canEdit(ctx.actor, refOf(row), membership));
	const profile = toProfileView(row);
	const municipalities = await municipalityOptions(ctx.db, ctx.region);
	return {
		profile,
		values: toFormValues(profile),
		municipalities,
		permissions: permissionsFor(ctx.actor, refOf(row), membership)
	};
}

function authoriseCreate(ctx: OrganisationContext): void {
	assertSameRegion(ctx);
	if (canCreate(ctx.actor)) return;
	// signed in, but the address is not confirmed yet: say what to do
	if (isSignedIn(ctx.actor)) throw new AppError('forbidden', 'organisation.error.verifyFirst');
	authorise(ctx.actor, false);
}

/** What the empty form needs, for those who may create an organisation. */
export async function getCreateForm(ctx: OrganisationContext) {
	authoriseCreate(ctx);
	return { municipalities: await municipalityOptions(ctx.db, ctx.region) };
}

// Changing

/**
 * Creates the organisation with the creator as its admin. The slug comes from the name; when
 * another organisation of the region has it, -2, -3 … is appended. The unique constraint
 * decides (insert … on conflict do nothing), so two people creating "Hofladen Müller" at the
 * same moment get hofladen-mueller and hofladen-mueller-2, never an error or a duplicate.
 */
export async function createOrganisation(
	ctx: OrganisationContext,
	input: OrganisationInput
): Promise<{ slug: string }> {
	authoriseCreate(ctx);
	const person = ctx.actor.person!;
	await throttle(ctx.db, [[CREATE_LIMIT, person.id]]);
	const { values, municipality } = await toValues(ctx, ctx.db, input);
	const base = slugify(input.name).slice(0, 80).replace(/-+$/, '') || 'organisation';
	return ctx.db.transaction().execute(async (trx) => {
		const taken = new Set(await findSlugsLike(trx, ctx.region.id, base));
		let n = 1;
		for (let attempt = 0; attempt < 10; attempt++) {
			let slug = n === 1 ? base : `${base}-${n}`;
			while (taken.has(slug) || RESERVED_SLUGS.has(slug)) slug = `${base}-${++n}`;
			const created = await insertOrganisationUnlessSlugTaken(
				trx,
				ctx.region.id,
				slug,
				values,
				person.id
			);
			if (!created) {
				// taken by someone else meanwhile: try the next number
				taken.add(slug);
				continue;
			}
			await insertMember(trx, ctx.region.id, created.id, person.id, 'admin');
			await updateSearchDocument(ctx, trx, created, values, municipality);
			await auditOrganisation(ctx, trx, 'organisation.created', created.id, { slug });
			return { slug };
		}
		throw new AppError('conflict', 'form.errorSummary');
	});
}

/**
 * Saves the profile. The slug stays (links to the profile keep working). A new name voids the
 * verification, unless a moderator makes the change: moderators verified the old name.
 */
export async function updateOrganisation(
	ctx: OrganisationContext,
	slug: string,
	input: OrganisationInput
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, membership } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, refOf(row), membership));
		const { values, municipality } = await toValues(ctx, trx, input);
		const unverify =
			row.verified_at !== null && values.name !== row.name && !canVerify(ctx.actor, refOf(row));
		await updateOrganisationRow(trx, ctx.region.id, row.id, {
			...values,
			...(unverify ? { verified_at: null, verified_by: null } : {})
		});
		await updateSearchDocument(ctx, trx, row, values, municipality);
		await auditOrganisation(ctx, trx, 'organisation.updated', row.id, {
			...(values.name !== row.name ? { renamedFrom: row.name } : {}),
			...(unverify ? { verificationVoided: true } : {})
		});
	});
}

/** Moderators mark an organisation verified, or take that back. */
export async function setOrganisationVerified(
	ctx: OrganisationContext,
	slug: string,
	verified: boolean
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { row } = await loadOrganisation(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canVerify(ctx.actor, refOf(row)));
		if ((row.verified_at !== null) === verified) return;
		await setVerification(trx, ctx.region.id, row.id, verified ? personIdOf(ctx) : null);
		await auditOrganisation(
			ctx,
			trx,
			verified ? 'organisation.verified' : 'organisation.unverified',
			row.id
		);
	});
}
