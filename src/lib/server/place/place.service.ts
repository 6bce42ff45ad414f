/**
 * Places: the public directory (by name or by distance), a place's page with its opening hours,
 * creating, editing and deleting places, and which producers a shop stocks. Each function works
 * in the context's region only and checks place.policy.ts first; the search document changes in
 * the same transaction as the place.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Language } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { audit, type AuditAction } from '../security/audit.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { slugify } from '../region/region-import.service.ts';
import { municipalityOptions } from '../region/region-lists.ts';
import { scheduleSchema, storedSchedule, type Schedule } from '../schedule/schedule.ts';
import type { ScheduleException } from '../schedule/schedule-form.ts';
import {
	canAssignOperator,
	canCreate,
	canDelete,
	canEdit,
	canOpenCreateForm,
	permissionsFor,
	type OperatorRole
} from './place.policy.ts';
import {
	countProducers,
	deletePlace as deletePlaceRow,
	deleteSearchDocument,
	findMunicipality,
	findOrganisationWithRole,
	findPlaceByName,
	findPlaceBySlug,
	findSlugsLike,
	insertPlaceUnlessSlugTaken,
	listAllPlaces,
	listOperatorOptions,
	listPlaceUses,
	listPlaces as listPlaceRows,
	listProducerOptions,
	listShopProducers,
	lockPlace,
	nearbyPlaces,
	replaceShopProducers,
	updateOpeningHours,
	updatePlace as updatePlaceRow,
	upsertSearchDocument,
	type PlaceRow,
	type PlaceUses,
	type PlaceValues
} from './place.repository.ts';
import {
	SLUG_PATTERN,
	scheduleToFormValues,
	toSchedule,
	type ListQuery,
	type PlaceInput,
	type PlaceKind
} from './place.schema.ts';
import { openingHoursView, searchDocumentOf, toListItem } from './place.presenter.ts';

export const PAGE_SIZE = 20;
const RESERVED_SLUGS = new Set(['neu', 'gemeinden']);

export interface PlaceContext {
	db: DB;
	region: { id: string; name: string };
	actor: Actor;
	/** ip: for the audit log */
	meta: { lang: Language; ip?: string };
}

type Executor = DB | Transaction<Database>;

function assertSameRegion(ctx: PlaceContext): void {
	if (ctx.actor.regionId !== ctx.region.id) throw new Error('actor and region differ');
}

function notFound(): never {
	throw new AppError('not_found', 'error.404.title');
}

function personIdOf(ctx: PlaceContext): string | null {
	return isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
}

function invalid(fields: Record<string, string>): never {
	throw new AppError('invalid', 'form.errorSummary', { fields });
}

/** One audit entry about a place, in the transaction of the change. */
async function auditPlace(
	ctx: PlaceContext,
	db: Executor,
	action: AuditAction,
	placeId: string,
	details: Record<string, unknown>
) {
	await audit(db, {
		regionId: ctx.region.id,
		actorId: personIdOf(ctx),
		action,
		targetType: 'place',
		targetId: placeId,
		ip: ctx.meta.ip,
		details
	});
}

async function loadPlace(
	ctx: PlaceContext,
	db: Executor,
	slug: string,
	options: { lock?: boolean } = {}
): Promise<{ row: PlaceRow; role: OperatorRole }> {
	assertSameRegion(ctx);
	if (slug.length > 100 || !SLUG_PATTERN.test(slug)) notFound();
	if (options.lock && !(await lockPlace(db, ctx.region.id, slug))) notFound();
	const row = await findPlaceBySlug(db, ctx.region.id, slug, personIdOf(ctx));
	if (!row) notFound();
	return { row, role: row.my_role };
}

/** Input → columns. Without coordinates the place sits at its municipality's centre. */
async function toValues(
	ctx: PlaceContext,
	db: Executor,
	input: PlaceInput,
	keep: Schedule | null
): Promise<{ values: PlaceValues; municipality: { name: string }; operatorRole: OperatorRole }> {
	const municipality = await findMunicipality(db, ctx.region.id, input.municipality);
	if (!municipality) invalid({ municipality: 'place.municipality.required' });
	let organisationId: string | null = null;
	let operatorRole: OperatorRole = null;
	if (input.organisation !== '') {
		const operator = await findOrganisationWithRole(
			db,
			ctx.region.id,
			input.organisation,
			personIdOf(ctx)
		);
		if (!operator) invalid({ organisation: 'place.organisation.invalid' });
		organisationId = operator.id;
		operatorRole = operator.role;
	}
	const schedule = toSchedule(input.openingHours, keep);
	return {
		municipality,
		operatorRole,
		values: {
			name: input.name,
			kind: input.kind,
			shop_kind: input.shopKind,
			description: input.description,
			street: input.street,
			postcode: input.postcode,
			municipality_id: municipality.id,
			lat: input.lat ?? municipality.lat,
			lon: input.lon ?? municipality.lon,
			opening_hours: schedule ? JSON.stringify(schedule) : null,
			organisation_id: organisationId
		}
	};
}

async function updateSearchDocument(
	ctx: PlaceContext,
	db: Executor,
	place: { id: string; slug: string },
	values: PlaceValues,
	municipality: { name: string }
) {
	await upsertSearchDocument(db, ctx.region.id, {
		refId: place.id,
		path: `/orte/${place.slug}`,
		...searchDocumentOf({
			name: values.name,
			kind: values.kind,
			street: values.street,
			municipality: municipality.name,
			description: values.description
		})
	});
}

// Reading

/**
 * The directory: by name, or — with a centre municipality — the places within the radius,
 * nearest first with their distance.
 */
export async function listPlaces(ctx: PlaceContext, query: ListQuery) {
	assertSameRegion(ctx);
	const kinds = query.art ? [query.art] : undefined;
	const offset = (query.seite - 1) * PAGE_SIZE;
	// around a place named in the search, else around the chosen municipality
	const centre = query.nahe
		? await findPlaceByName(ctx.db, ctx.region.id, query.nahe)
		: query.ort
			? await findMunicipality(ctx.db, ctx.region.id, query.ort)
			: undefined;
	const { rows, total } = centre
		? await nearbyPlaces(ctx.db, ctx.region.id, centre, query.umkreis, {
				kinds,
				limit: PAGE_SIZE,
				offset
			})
		: await listPlaceRows(ctx.db, ctx.region.id, { kinds, limit: PAGE_SIZE, offset });
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	if (query.seite > pages) notFound();
	const now = new Date();
	return {
		items: rows.map((row) => toListItem(row, now)),
		total,
		page: query.seite,
		pages,
		centre: centre
			? { slug: centre.slug, name: centre.name, lat: centre.lat, lon: centre.lon }
			: null,
		/** a place name was searched for but not found */
		centreMissing: Boolean(query.nahe) && !centre
	};
}

export async function listMunicipalities(ctx: PlaceContext) {
	assertSameRegion(ctx);
	return municipalityOptions(ctx.db, ctx.region);
}

/** Every place (of a kind) for the open-data files. */
export async function listPlacesForOpenData(ctx: PlaceContext, kind?: PlaceKind) {
	assertSameRegion(ctx);
	return listAllPlaces(ctx.db, ctx.region.id, kind ? [kind] : undefined);
}

/** A place's public page: details, opening hours now and by weekday, stocked producers. */
export async function getPlace(ctx: PlaceContext, slug: string, now = new Date()) {
	const { row, role } = await loadPlace(ctx, ctx.db, slug);
	const producers =
		row.kind === 'shop' ? await listShopProducers(ctx.db, ctx.region.id, row.id) : [];
	const schedule = storedSchedule(row.opening_hours);
	return {
		place: {
			slug: row.slug,
			name: row.name,
			kind: row.kind,
			shopKind: row.shop_kind,
			description: row.description,
			street: row.street,
			postcode: row.postcode,
			municipality: { slug: row.municipality_slug, name: row.municipality_name },
			lat: row.lat,
			lon: row.lon,
			operator: row.organisation_slug
				? { slug: row.organisation_slug, name: row.organisation_name ?? '' }
				: null
		},
		hours: schedule ? openingHoursView(schedule, now) : null,
		schedule,
		producers: producers.map((p) => ({ slug: p.slug, name: p.name })),
		permissions: permissionsFor(ctx.actor, { regionId: row.region_id }, role)
	};
}

async function operatorOptions(ctx: PlaceContext) {
	const personId = personIdOf(ctx);
	if (!personId) return [];
	return listOperatorOptions(ctx.db, ctx.region.id, personId, isModerator(ctx.actor));
}

/** What the empty form needs, for moderators and members of an organisation. */
export async function getCreateForm(ctx: PlaceContext) {
	assertSameRegion(ctx);
	const operators = await operatorOptions(ctx);
	authorise(ctx.actor, canOpenCreateForm(ctx.actor, operators.length));
	return {
		municipalities: await municipalityOptions(ctx.db, ctx.region),
		operators,
		// a non-moderator must pick one of their organisations: preselect it
		operatorRequired: !isModerator(ctx.actor)
	};
}

/** The place as form values, the options, and the shop's producers, for those who may edit. */
export async function getPlaceForEdit(ctx: PlaceContext, slug: string) {
	const { row, role } = await loadPlace(ctx, ctx.db, slug);
	authorise(ctx.actor, canEdit(ctx.actor, { regionId: row.region_id }, role));
	const [municipalities, operators, stocked, producerOptions] = await Promise.all([
		municipalityOptions(ctx.db, ctx.region),
		operatorOptions(ctx),
		row.kind === 'shop' ? listShopProducers(ctx.db, ctx.region.id, row.id) : [],
		row.kind === 'shop' ? listProducerOptions(ctx.db, ctx.region.id) : []
	]);
	// the current operator stays selectable even for someone who is not in it (a moderator's pick)
	if (row.organisation_slug && !operators.some((o) => o.slug === row.organisation_slug)) {
		operators.push({ slug: row.organisation_slug, name: row.organisation_name ?? '' });
	}
	const values: Record<string, string> = {
		name: row.name,
		kind: row.kind,
		shopKind: row.shop_kind ?? '',
		description: row.description,
		street: row.street,
		postcode: row.postcode,
		municipality: row.municipality_slug,
		lat: String(row.lat),
		lon: String(row.lon),
		organisation: row.organisation_slug ?? '',
		...scheduleToFormValues(storedSchedule(row.opening_hours))
	};
	return {
		place: { slug: row.slug, name: row.name, kind: row.kind },
		values,
		mayDelete: canDelete(ctx.actor, { regionId: row.region_id }, role),
		hasHours: row.opening_hours !== null,
		exceptions: storedSchedule(row.opening_hours)?.exceptions ?? [],
		municipalities,
		operators,
		producers: producerOptions.map((p) => ({
			id: p.id,
			name: p.name,
			stocked: stocked.some((s) => s.id === p.id)
		}))
	};
}

// Changing

/**
 * Creates the place. The slug comes from the name (-2, -3 … when taken); the unique constraint
 * decides, so two people adding "Dorfladen" at once get two slugs, never an error.
 */
export async function createPlace(ctx: PlaceContext, input: PlaceInput): Promise<{ slug: string }> {
	assertSameRegion(ctx);
	authorise(ctx.actor, isSignedIn(ctx.actor));
	const base = slugify(input.name).slice(0, 80).replace(/-+$/, '') || 'ort';
	return ctx.db.transaction().execute(async (trx) => {
		const { values, municipality, operatorRole } = await toValues(ctx, trx, input, null);
		if (!canCreate(ctx.actor, operatorRole)) {
			// a member must name their organisation as operator; say so at the field
			if (isSignedIn(ctx.actor) && ctx.actor.person.emailVerified && !isModerator(ctx.actor)) {
				invalid({ organisation: 'place.organisation.mine' });
			}
			authorise(ctx.actor, false);
		}
		const taken = new Set(await findSlugsLike(trx, ctx.region.id, base));
		let n = 1;
		for (let attempt = 0; attempt < 10; attempt++) {
			let slug = n === 1 ? base : `${base}-${n}`;
			while (taken.has(slug) || RESERVED_SLUGS.has(slug)) slug = `${base}-${++n}`;
			const created = await insertPlaceUnlessSlugTaken(
				trx,
				ctx.region.id,
				slug,
				values,
				personIdOf(ctx)
			);
			if (!created) {
				taken.add(slug);
				continue;
			}
			await updateSearchDocument(ctx, trx, created, values, municipality);
			await auditPlace(ctx, trx, 'place.created', created.id, { slug, name: values.name });
			return { slug };
		}
		throw new AppError('conflict', 'form.errorSummary');
	});
}

/** Saves the place (the slug stays). Exceptions in the stored schedule survive the edit. */
export async function updatePlace(ctx: PlaceContext, slug: string, input: PlaceInput) {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, role } = await loadPlace(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, { regionId: row.region_id }, role));
		const { values, municipality, operatorRole } = await toValues(
			ctx,
			trx,
			input,
			storedSchedule(row.opening_hours)
		);
		if (
			values.organisation_id !== row.organisation_id &&
			!canAssignOperator(ctx.actor, operatorRole)
		) {
			invalid({ organisation: 'place.organisation.mine' });
		}
		if (!isModerator(ctx.actor) && values.organisation_id === null) {
			// members would lose the place they keep
			invalid({ organisation: 'place.organisation.mine' });
		}
		await updatePlaceRow(trx, ctx.region.id, row.id, values);
		if (values.kind !== 'shop') await replaceShopProducers(trx, ctx.region.id, row.id, []);
		await updateSearchDocument(ctx, trx, row, values, municipality);
		await auditPlace(ctx, trx, 'place.updated', row.id, { slug: row.slug, name: values.name });
	});
}

/**
 * Adds a single day to the opening hours: closed, other hours, or open in addition. The row is
 * locked, so two people adding days at once both keep theirs.
 */
export async function addPlaceException(
	ctx: PlaceContext,
	slug: string,
	exception: ScheduleException
) {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, role } = await loadPlace(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, { regionId: row.region_id }, role));
		const schedule = storedSchedule(row.opening_hours);
		if (!schedule) throw new AppError('invalid', 'place.exception.noHours');
		if (schedule.exceptions.some((e) => e.date === exception.date && e.kind === exception.kind)) {
			invalid({ date: 'place.exception.duplicate' });
		}
		const next = scheduleSchema.safeParse({
			...schedule,
			exceptions: [...schedule.exceptions, exception].sort((a, b) => a.date.localeCompare(b.date))
		});
		if (!next.success) invalid({ date: next.error.issues[0]?.message ?? 'form.invalid' });
		await updateOpeningHours(trx, ctx.region.id, row.id, JSON.stringify(next.data));
		await auditPlace(ctx, trx, 'place.updated', row.id, {
			slug: row.slug,
			exceptionAdded: exception.date
		});
	});
}

/** Removes the day at `index` of the listed exceptions. */
export async function removePlaceException(ctx: PlaceContext, slug: string, index: number) {
	await ctx.db.transaction().execute(async (trx) => {
		const { row, role } = await loadPlace(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, { regionId: row.region_id }, role));
		const schedule = storedSchedule(row.opening_hours);
		const removed = schedule?.exceptions[index];
		if (!schedule || !removed) notFound();
		const next: Schedule = {
			...schedule,
			exceptions: schedule.exceptions.filter((_, i) => i !== index)
		};
		await updateOpeningHours(trx, ctx.region.id, row.id, JSON.stringify(next));
		await auditPlace(ctx, trx, 'place.updated', row.id, {
			slug: row.slug,
			exceptionRemoved: removed.date
		});
	});
}

/** Which producers a shop stocks (replaces the list; only producers of the region). */
export async function setShopProducers(ctx: PlaceContext, slug: string, producerIds: string[]) {
	const ids = [...new Set(producerIds)];
	await ctx.db.transaction().execute(async (trx) => {
		const { row, role } = await loadPlace(ctx, trx, slug, { lock: true });
		authorise(ctx.actor, canEdit(ctx.actor, { regionId: row.region_id }, role));
		if (row.kind !== 'shop') throw new AppError('invalid', 'place.producers.onlyShops');
		if ((await countProducers(trx, ctx.region.id, ids)) !== ids.length) {
			throw new AppError('invalid', 'place.producers.invalid');
		}
		await replaceShopProducers(trx, ctx.region.id, row.id, ids);
	});
}

// Deleting

function usesView(uses: PlaceUses) {
	return {
		markets: uses.markets.map((m) => ({ slug: m.slug, name: m.name })),
		rounds: uses.rounds.map((r) => ({ slug: r.slug, name: r.name, open: r.open, depot: r.depot }))
	};
}

const inUse = (uses: PlaceUses) => uses.markets.length > 0 || uses.rounds.length > 0;

/**
 * The confirmation page: the place, and what still uses it (markets, order rounds). While
 * anything does, the page explains instead of offering the button.
 */
export async function getPlaceForDelete(ctx: PlaceContext, slug: string) {
	const { row, role } = await loadPlace(ctx, ctx.db, slug);
	authorise(ctx.actor, canDelete(ctx.actor, { regionId: row.region_id }, role));
	const uses = await listPlaceUses(ctx.db, ctx.region.id, row.id);
	return {
		place: { slug: row.slug, name: row.name, kind: row.kind },
		uses: usesView(uses),
		deletable: !inUse(uses)
	};
}

/**
 * Deletes a place, its stocked-producer list and its search document, audited, in one
 * transaction. The place row is locked first, so no market or pickup can start using it
 * between the check and the delete; a place in use is refused (409, nothing changes), and the
 * foreign keys would refuse it too.
 */
export async function deletePlace(ctx: PlaceContext, slug: string): Promise<void> {
	try {
		await ctx.db.transaction().execute(async (trx) => {
			const { row, role } = await loadPlace(ctx, trx, slug, { lock: true });
			authorise(ctx.actor, canDelete(ctx.actor, { regionId: row.region_id }, role));
			if (inUse(await listPlaceUses(trx, ctx.region.id, row.id))) {
				throw new AppError('conflict', 'place.delete.inUse');
			}
			await deletePlaceRow(trx, ctx.region.id, row.id);
			await deleteSearchDocument(trx, ctx.region.id, row.id);
			await auditPlace(ctx, trx, 'place.deleted', row.id, {
				slug: row.slug,
				name: row.name,
				kind: row.kind
			});
		});
	} catch (caught) {
		// a reference the check did not see (the foreign keys have the last word)
		if ((caught as { code?: string }).code === '23503') {
			throw new AppError('conflict', 'place.delete.inUse');
		}
		throw caught;
	}
}
