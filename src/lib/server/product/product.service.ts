/**
 * Producers' products: the public search and product pages (with where to buy: market stands,
 * shops, open order cycles), and adding, editing and removing products. Each function works in
 * the context's region only and checks product.policy.ts first; a product's search document is
 * written in the same transaction as the product.
 */
import type { Transaction } from 'kysely';
import { dateTimeFormat } from '#lib/intl.ts';
import type { DB } from '../db/database.ts';
import type { Database, MemberRole } from '../db/schema.ts';
import { AppError } from '../security/app-error.ts';
import { audit, type AuditAction } from '../security/audit.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { slugify } from '../region/region-import.service.ts';
import { storedSchedule, upcoming } from '../schedule/schedule.ts';
import { distanceKm } from '../place/geo.ts';
import { readSchedule } from '../market/market.service.ts';
import { canAddProducts, canManageProducts, isProducerKind } from './product.policy.ts';
import {
	countProducts,
	deleteProduct as deleteProductRow,
	deleteSearchDocument,
	findProducerBySlug,
	findProductBySlug,
	findSlugsLike,
	insertProductUnlessSlugTaken,
	listAllProducers,
	listLabels,
	listMarketsOfProducer,
	listMunicipalities,
	findMunicipality,
	listOpenOffers,
	listProducersOfPerson,
	listProducersWithProducts,
	listProductsForExport,
	listProductsOfProducer,
	listShopsOfProducer,
	replaceProductLabels,
	updateProduct as updateProductRow,
	upsertSearchDocument,
	type ProductRow,
	type ProductValues
} from './product.repository.ts';
import { MAX_COUNTED, searchProducts } from './product.search.ts';
import { municipalityOptions, perRegionSnapshot } from '../region/region-lists.ts';
import {
	CATEGORIES,
	MONTHS,
	RADII,
	SLUG_PATTERN,
	type ProductInput,
	type SearchQuery
} from './product.schema.ts';
import productDe from '../../../../messages/product.de.json' with { type: 'json' };
import productEn from '../../../../messages/product.en.json' with { type: 'json' };

export const PAGE_SIZE = 20;
/** The search pages as far as its hits are counted. */
const MAX_PAGES = Math.ceil(MAX_COUNTED / PAGE_SIZE);

/** Paths under /produkte/ that are pages, not products. */
const RESERVED_SLUGS = new Set(['neu']);

/** The region's labels, read once per region snapshot (region-lists.ts), for showing. */
const regionLabels = perRegionSnapshot(listLabels);

export interface ProductContext {
	db: DB;
	region: { id: string };
	actor: Actor;
}

type Executor = DB | Transaction<Database>;

function notFound(): never {
	throw new AppError('not_found', 'error.404.title');
}

function personIdOf(actor: Actor): string | null {
	return isSignedIn(actor) ? actor.person.id : null;
}

function assertSameRegion(ctx: ProductContext): void {
	if (ctx.actor.regionId !== ctx.region.id) throw new Error('actor and region differ');
}

/** The month (1–12) of an instant in Europe/Berlin. */
export function berlinMonth(now: Date): number {
	return Number(dateTimeFormat('en', { timeZone: 'Europe/Berlin', month: 'numeric' }).format(now));
}

/** In season: all year (no months), or the current month is one of them. */
export function inSeason(months: number[], now: Date): boolean {
	return months.length === 0 || months.includes(berlinMonth(now));
}

function invalid(fields: Record<string, string>): never {
	throw new AppError('invalid', 'form.errorSummary', { fields });
}

/** One audit entry about a product, in the transaction of the change. */
async function auditProduct(
	ctx: ProductContext,
	db: Executor,
	action: AuditAction,
	productId: string,
	details: Record<string, unknown>
) {
	await audit(db, {
		regionId: ctx.region.id,
		actorId: personIdOf(ctx.actor),
		action,
		targetType: 'product',
		targetId: productId,
		details
	});
}

async function loadProducer(ctx: ProductContext, db: Executor, slug: string) {
	if (!SLUG_PATTERN.test(slug)) invalid({ producer: 'product.producer.required' });
	const producer = await findProducerBySlug(db, ctx.region.id, slug, personIdOf(ctx.actor));
	if (!producer || !isProducerKind(producer.kind))
		invalid({ producer: 'product.producer.required' });
	return producer;
}

function producerRef(row: { region_id: string; kind: string; my_role: MemberRole | null }) {
	return { regionId: row.region_id, kind: row.kind, myRole: row.my_role };
}

/** Input → columns and label ids; unknown labels or municipalities are the input's fault. */
async function toValues(
	ctx: ProductContext,
	db: Executor,
	input: ProductInput
): Promise<{ values: ProductValues; labelIds: string[] }> {
	const [labels, municipalities] = await Promise.all([
		listLabels(db, ctx.region.id),
		input.origin ? listMunicipalities(db, ctx.region.id) : Promise.resolve([])
	]);
	const byKey = new Map(labels.map((l) => [l.key, l.id]));
	const labelIds = input.labels.map((key) => byKey.get(key));
	if (labelIds.some((id) => id === undefined)) invalid({ labels: 'product.labels.invalid' });
	let origin: string | null = null;
	if (input.origin) {
		origin = municipalities.find((m) => m.slug === input.origin)?.id ?? null;
		if (!origin) invalid({ origin: 'product.origin.invalid' });
	}
	return {
		labelIds: labelIds as string[],
		values: {
			name: input.name,
			category: input.category,
			description: input.description,
			unit: input.unit,
			price_cents: input.price,
			months: input.months,
			origin_municipality_id: origin,
			available: input.available
		}
	};
}

function categoryName(category: string, lang: 'de' | 'en') {
	const key = `product.category.${category}` as keyof typeof productDe;
	return (lang === 'de' ? productDe : productEn)[key];
}

async function writeSearchDocument(
	ctx: ProductContext,
	db: Executor,
	product: { id: string; slug: string },
	values: ProductValues,
	producerName: string
) {
	const body = (lang: 'de' | 'en') =>
		`${categoryName(values.category, lang)} · ${producerName}. ${values.description}`.slice(
			0,
			2000
		);
	await upsertSearchDocument(db, ctx.region.id, {
		refId: product.id,
		path: `/produkte/${product.slug}`,
		title: { de: values.name, en: values.name },
		body: { de: body('de'), en: body('en') }
	});
}

// Reading

/** What the product forms offer: the person's producers, categories, labels, municipalities. */
export async function getProductFormOptions(ctx: ProductContext) {
	assertSameRegion(ctx);
	authorise(ctx.actor, canAddProducts(ctx.actor));
	const personId = personIdOf(ctx.actor)!;
	const [producers, labels, municipalities] = await Promise.all([
		isModerator(ctx.actor)
			? listAllProducers(ctx.db, ctx.region.id)
			: listProducersOfPerson(ctx.db, ctx.region.id, personId),
		regionLabels(ctx.db, ctx.region),
		municipalityOptions(ctx.db, ctx.region)
	]);
	return {
		producers,
		categories: CATEGORIES,
		months: MONTHS,
		labels: labels.map((l) => ({ key: l.key, name: l.name, kind: l.kind })),
		municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name }))
	};
}

async function loadProduct(ctx: ProductContext, db: Executor, slug: string, lock = false) {
	assertSameRegion(ctx);
	if (slug.length > 100 || !SLUG_PATTERN.test(slug)) notFound();
	const row = await findProductBySlug(db, ctx.region.id, slug, { lock });
	if (!row) notFound();
	return row;
}

async function authoriseManage(ctx: ProductContext, db: Executor, row: ProductRow) {
	const producer = await findProducerBySlug(
		db,
		ctx.region.id,
		row.producer_slug,
		personIdOf(ctx.actor)
	);
	if (!producer) notFound();
	authorise(ctx.actor, canManageProducts(ctx.actor, producerRef(producer)));
}

/** A product page: the product, its producer, and where to buy it (three queries, no N+1). */
export async function getProduct(ctx: ProductContext, slug: string, now = new Date()) {
	const row = await loadProduct(ctx, ctx.db, slug);
	const [markets, shops, offers, producer] = await Promise.all([
		listMarketsOfProducer(ctx.db, ctx.region.id, row.producer_id),
		listShopsOfProducer(ctx.db, ctx.region.id, row.producer_id),
		listOpenOffers(ctx.db, ctx.region.id, row.id),
		findProducerBySlug(ctx.db, ctx.region.id, row.producer_slug, personIdOf(ctx.actor))
	]);
	return {
		product: {
			slug: row.slug,
			name: row.name,
			category: row.category,
			description: row.description,
			unit: row.unit,
			priceCents: row.price_cents,
			months: row.months,
			inSeason: inSeason(row.months, now),
			available: row.available,
			labels: row.labels ?? [],
			origin: row.origin_name ?? row.producer_municipality,
			producer: { slug: row.producer_slug, name: row.producer_name }
		},
		// stored market schedules were validated: read through the market's parsed-once cache
		markets: markets.map((m) => ({
			slug: m.slug,
			name: m.name,
			place: m.place_name,
			municipality: m.municipality_name,
			next: upcoming(readSchedule(m.schedule), now, 3).map((o) => ({
				date: o.date,
				start: o.start,
				end: o.end,
				startsAt: o.startsAt
			}))
		})),
		shops: shops.map((s) => {
			const schedule = storedSchedule(s.opening_hours);
			return {
				slug: s.slug,
				name: s.name,
				street: s.street,
				postcode: s.postcode,
				municipality: s.municipality_name,
				hours: schedule
					? schedule.rules.map((r) => ({ weekdays: r.weekdays, start: r.start, end: r.end }))
					: []
			};
		}),
		offers: offers
			.filter((o) => o.stock === null || o.sold < o.stock)
			.map((o) => ({
				slug: o.slug,
				name: o.name,
				closesAt: o.closes_at,
				priceCents: o.price_cents
			})),
		permissions: {
			edit: producer ? canManageProducts(ctx.actor, producerRef(producer)) : false
		}
	};
}
export type ProductPage = Awaited<ReturnType<typeof getProduct>>;

/** The product as form values, for those who may edit it. */
export async function getProductForEdit(ctx: ProductContext, slug: string) {
	const row = await loadProduct(ctx, ctx.db, slug);
	await authoriseManage(ctx, ctx.db, row);
	const options = await getProductFormOptions(ctx);
	return {
		...options,
		product: { slug: row.slug, name: row.name, producer: row.producer_name },
		values: {
			producer: row.producer_slug,
			name: row.name,
			category: row.category,
			description: row.description,
			unit: row.unit,
			price: (row.price_cents / 100).toFixed(2).replace('.', ','),
			months: row.months.join(','),
			labels: (row.labels ?? []).map((l) => l.key).join(','),
			origin: row.origin_slug ?? '',
			available: row.available ? 'on' : ''
		}
	};
}

/** The search page: products matching the query, one page, with the form's options. */
export async function searchProductsPage(
	ctx: ProductContext,
	query: SearchQuery,
	now = new Date()
) {
	assertSameRegion(ctx);
	const options = Promise.all([
		regionLabels(ctx.db, ctx.region),
		municipalityOptions(ctx.db, ctx.region)
	]);
	const page = { limit: PAGE_SIZE, offset: (Math.min(query.seite, MAX_PAGES) - 1) * PAGE_SIZE };
	// with a radius the municipality is the centre, not a filter
	const nearOf = (municipality?: { lat: number; lon: number }) =>
		municipality && query.umkreis
			? { lat: municipality.lat, lon: municipality.lon, km: query.umkreis }
			: undefined;
	const search = (
		labelKey: string | undefined,
		municipality?: { id: string; lat: number; lon: number }
	) => {
		const near = nearOf(municipality);
		return searchProducts(
			ctx.db,
			ctx.region.id,
			{
				text: query.q,
				category: query.kategorie,
				labelKey,
				municipalityId: municipality && !near ? municipality.id : undefined,
				near
			},
			// hits are shown up to MAX_COUNTED ("more than 1,000"), and paged as far
			page
		);
	};
	// the search runs while the form's options are read; a chosen municipality is looked up by
	// itself first (its id is the filter, or its coordinates the centre): an indexed lookup,
	// not the list of all
	const chosen = query.ort
		? findMunicipality(ctx.db, ctx.region.id, query.ort)
		: Promise.resolve(undefined);
	const [[labels, municipalities], municipality, firstFound] = await Promise.all([
		options,
		chosen,
		chosen.then((m) => search(query.label, m))
	]);
	const near = nearOf(municipality);
	// an unknown label is ignored (the form offers the region's labels only)
	const found =
		query.label && !labels.some((l) => l.key === query.label)
			? await search(undefined, municipality)
			: firstFound;
	const { rows, total } = found;
	const more = total > MAX_COUNTED;
	const pages = Math.max(1, Math.ceil(Math.min(total, MAX_COUNTED) / PAGE_SIZE));
	return {
		items: rows.map((r) => ({
			slug: r.slug,
			name: r.name,
			category: r.category,
			unit: r.unit,
			priceCents: r.price_cents,
			months: r.months,
			inSeason: inSeason(r.months, now),
			available: r.available,
			labels: r.labels,
			producer: { slug: r.producer_slug, name: r.producer_name },
			municipality: r.municipality_name,
			distanceKm: near
				? Math.round(distanceKm(near, { lat: r.producer_lat, lon: r.producer_lon }) * 10) / 10
				: null
		})),
		total: Math.min(total, MAX_COUNTED),
		more,
		page: Math.min(query.seite, pages),
		pages,
		options: {
			categories: CATEGORIES,
			labels: labels.map((l) => ({ key: l.key, name: l.name })),
			municipalities: municipalities.map((m) => ({ slug: m.slug, name: m.name })),
			radii: RADII
		}
	};
}

/** The products of a producer organisation, for its page (one query). */
export async function listProductsOfOrganisation(
	ctx: ProductContext,
	organisation: { slug: string; kind: string },
	now = new Date()
) {
	assertSameRegion(ctx);
	if (!isProducerKind(organisation.kind)) return [];
	const rows = await listProductsOfProducer(ctx.db, ctx.region.id, organisation.slug);
	return rows.map((r) => ({
		slug: r.slug,
		name: r.name,
		category: r.category,
		unit: r.unit,
		priceCents: r.price_cents,
		inSeason: inSeason(r.months, now),
		available: r.available
	}));
}

// Changing

/**
 * Adds a product to a producer. The slug comes from the name; when another product of the
 * region has it, -2, -3 … is appended, and the unique constraint decides (insert … on conflict
 * do nothing), so two people adding "Apfelsaft" at once get apfelsaft and apfelsaft-2.
 */
export async function createProduct(
	ctx: ProductContext,
	input: ProductInput
): Promise<{ slug: string }> {
	assertSameRegion(ctx);
	authorise(ctx.actor, canAddProducts(ctx.actor));
	const base = slugify(input.name).slice(0, 80).replace(/-+$/, '') || 'produkt';
	return ctx.db.transaction().execute(async (trx) => {
		const producer = await loadProducer(ctx, trx, input.producer);
		authorise(ctx.actor, canManageProducts(ctx.actor, producerRef(producer)));
		const { values, labelIds } = await toValues(ctx, trx, input);
		const taken = new Set(await findSlugsLike(trx, ctx.region.id, base));
		let n = 1;
		for (let attempt = 0; attempt < 10; attempt++) {
			let slug = n === 1 ? base : `${base}-${n}`;
			while (taken.has(slug) || RESERVED_SLUGS.has(slug)) slug = `${base}-${++n}`;
			const created = await insertProductUnlessSlugTaken(
				trx,
				ctx.region.id,
				producer.id,
				slug,
				values
			);
			if (!created) {
				taken.add(slug);
				continue;
			}
			await replaceProductLabels(trx, ctx.region.id, created.id, labelIds);
			await writeSearchDocument(ctx, trx, created, values, producer.name);
			await auditProduct(ctx, trx, 'product.created', created.id, {
				slug,
				name: values.name,
				producer: producer.slug
			});
			return { slug };
		}
		throw new AppError('conflict', 'form.errorSummary');
	});
}

/** Saves a product. The slug and the producer stay (links keep working). */
export async function updateProduct(
	ctx: ProductContext,
	slug: string,
	input: ProductInput
): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const row = await loadProduct(ctx, trx, slug, true);
		await authoriseManage(ctx, trx, row);
		const { values, labelIds } = await toValues(ctx, trx, input);
		await updateProductRow(trx, ctx.region.id, row.id, values);
		await replaceProductLabels(trx, ctx.region.id, row.id, labelIds);
		await writeSearchDocument(ctx, trx, row, values, row.producer_name);
		await auditProduct(ctx, trx, 'product.updated', row.id, {
			slug: row.slug,
			name: values.name,
			producer: row.producer_slug
		});
	});
}

/** Removes a product and its search document; returns the producer's slug. */
export async function deleteProduct(ctx: ProductContext, slug: string): Promise<string> {
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			const row = await loadProduct(ctx, trx, slug, true);
			await authoriseManage(ctx, trx, row);
			await deleteProductRow(trx, ctx.region.id, row.id);
			await deleteSearchDocument(trx, ctx.region.id, row.id);
			await auditProduct(ctx, trx, 'product.deleted', row.id, {
				slug: row.slug,
				name: row.name,
				producer: row.producer_slug
			});
			return row.producer_slug;
		});
	} catch (caught) {
		// ordered before: the order lines keep the offer, so the product stays (mark it unavailable)
		if ((caught as { code?: string }).code === '23503') {
			throw new AppError('conflict', 'product.delete.hasOrders');
		}
		throw caught;
	}
}

// Open data

export const API_PAGE_SIZE = 500;

/** One page of all products of the region, as open data. */
export async function exportProducts(ctx: ProductContext, page: number, origin: string) {
	assertSameRegion(ctx);
	const [rows, total] = await Promise.all([
		listProductsForExport(ctx.db, ctx.region.id, {
			limit: API_PAGE_SIZE,
			offset: (page - 1) * API_PAGE_SIZE
		}),
		countProducts(ctx.db, ctx.region.id)
	]);
	return {
		total,
		page,
		pages: Math.max(1, Math.ceil(total / API_PAGE_SIZE)),
		items: rows.map((r) => ({
			slug: r.slug,
			name: r.name,
			category: r.category,
			description: r.description,
			unit: r.unit,
			priceCents: r.price_cents,
			currency: 'EUR' as const,
			months: r.months,
			available: r.available,
			labels: r.labels ?? [],
			origin: r.origin_name,
			producer: { slug: r.producer_slug, name: r.producer_name },
			url: `${origin}/produkte/${r.slug}`,
			updatedAt: r.updated_at
		}))
	};
}

/** Producer organisations with products, as GeoJSON (RFC 7946: longitude before latitude). */
export async function producersGeoJson(ctx: ProductContext, regionSlug: string, origin: string) {
	assertSameRegion(ctx);
	const rows = await listProducersWithProducts(ctx.db, ctx.region.id);
	return {
		type: 'FeatureCollection' as const,
		name: `${regionSlug}-producers`,
		features: rows.map((r) => ({
			type: 'Feature' as const,
			id: r.slug,
			geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
			properties: {
				name: r.name,
				municipality: r.municipality_name,
				categories: r.categories,
				products: r.products,
				approximate: !r.exact_location,
				url: `${origin}/organisationen/${r.slug}`
			}
		}))
	};
}
