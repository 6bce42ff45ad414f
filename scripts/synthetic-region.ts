/**
 * A large synthetic region for the benchmark (`npm run bench`): the demo region, imported from
 * its file exactly as on a real first start, plus `size` made-up municipalities and `size`
 * made-up use cases with their search documents — so the pages are measured with much more
 * content than any real region has today.
 *
 * Everything is generated from a fixed seed, so two runs with the same size load the same rows.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Localised, UseCaseStatus } from '../src/lib/server/db/schema.ts';
import {
	importRegion,
	readRegionFile,
	slugify
} from '../src/lib/server/region/region-import.service.ts';

export const DEMO_REGION_FILE = fileURLToPath(
	new URL('../regions/bergstrasse-odenwald.yaml', import.meta.url)
);

/** PostgreSQL allows 65,535 bind parameters per statement; 1000 rows × at most 8 columns stays far below. */
const CHUNK = 1000;

export interface GenerationProgress {
	phase: 'municipalities' | 'use cases' | 'search documents';
	done: number;
	total: number;
}

export interface GenerationResult {
	regionId: string;
	slug: string;
	municipalities: number;
	useCases: number;
	searchDocuments: number;
	ms: number;
}

// Word lists for titles and summaries: varied enough that search and text lengths look like
// real content rather than one string repeated thousands of times.
const SUBJECTS: Localised[] = [
	{ de: 'Dorfladen', en: 'village shop' },
	{ de: 'Wochenmarkt', en: 'weekly market' },
	{ de: 'Hofladen', en: 'farm shop' },
	{ de: 'Mitfahrbank', en: 'ride-share bench' },
	{ de: 'Bürgerbus', en: 'community bus' },
	{ de: 'Gemeinschaftsgarten', en: 'community garden' },
	{ de: 'Nachbarschaftshilfe', en: 'neighbourhood help' },
	{ de: 'Sprechstunde', en: 'consultation hour' },
	{ de: 'Coworking-Raum', en: 'coworking space' },
	{ de: 'Streuobstwiese', en: 'meadow orchard' },
	{ de: 'Wanderweg', en: 'hiking trail' },
	{ de: 'Kartoffelmarkt', en: 'potato market' },
	{ de: 'Imkerei', en: 'apiary' },
	{ de: 'Mehrgenerationenhaus', en: 'multi-generation house' },
	{ de: 'Lieferdienst', en: 'delivery service' },
	{ de: 'Pflegestützpunkt', en: 'care centre' }
];
const ADJECTIVES: Localised[] = [
	{ de: 'Regionaler', en: 'Regional' },
	{ de: 'Digitaler', en: 'Digital' },
	{ de: 'Gemeinsamer', en: 'Shared' },
	{ de: 'Mobiler', en: 'Mobile' },
	{ de: 'Ehrenamtlicher', en: 'Volunteer' },
	{ de: 'Neuer', en: 'New' },
	{ de: 'Saisonaler', en: 'Seasonal' },
	{ de: 'Barrierefreier', en: 'Accessible' }
];
const PLACES = [
	'Odenwald',
	'Bergstraße',
	'Ried',
	'Neckartal',
	'Mümlingtal',
	'Weschnitztal',
	'Gersprenztal'
];
const SENTENCES: Localised[] = [
	{
		de: 'Erzeugerinnen und Erzeuger verkaufen hier direkt an die Menschen im Ort.',
		en: 'Producers sell directly to the people in the village here.'
	},
	{
		de: 'Ehrenamtliche übernehmen Fahrten, Besorgungen und Besuche.',
		en: 'Volunteers take on trips, errands and visits.'
	},
	{
		de: 'Die Gemeinde stellt Räume zur Verfügung, der Verein organisiert den Betrieb.',
		en: 'The municipality provides rooms, the club runs things.'
	},
	{
		de: 'Termine, Öffnungszeiten und Ansprechpersonen stehen an einem Ort.',
		en: 'Dates, opening hours and contacts are in one place.'
	},
	{
		de: 'Ältere Menschen bleiben länger selbstständig in ihrer gewohnten Umgebung.',
		en: 'Older people stay independent longer in familiar surroundings.'
	},
	{
		de: 'Junge Familien finden Wohnraum, Betreuung und Arbeit in der Nähe.',
		en: 'Young families find housing, childcare and work nearby.'
	},
	{
		de: 'Gäste entdecken Äpfel, Wein, Burgen und Wälder abseits der großen Straßen.',
		en: 'Visitors discover apples, wine, castles and forests off the main roads.'
	},
	{
		de: 'Handwerksbetriebe bilden gemeinsam aus und teilen sich Maschinen.',
		en: 'Craft businesses train apprentices together and share machines.'
	}
];
// Weighted towards early stages, as on a young platform.
const STATUSES: UseCaseStatus[] = [
	'idea',
	'idea',
	'idea',
	'prioritised',
	'prioritised',
	'in_progress',
	'in_progress',
	'implemented',
	'paused'
];

/** mulberry32: a tiny seeded generator, so that runs are reproducible. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const json = (value: unknown) => JSON.stringify(value);

async function insertChunked<T>(
	rows: T[],
	insert: (chunk: T[]) => Promise<unknown>,
	onChunk: (done: number) => void
) {
	for (let start = 0; start < rows.length; start += CHUNK) {
		const chunk = rows.slice(start, start + CHUNK);
		await insert(chunk);
		onChunk(start + chunk.length);
	}
}

/**
 * Imports the demo region (importRegion's own transaction), then adds `size` municipalities and
 * `size` use cases with their search documents in one more transaction: a failure leaves the
 * real region as it was imported. Returns what it added and how long all of it took.
 */
export async function generateSyntheticRegion(
	db: Kysely<Database>,
	size: number,
	onProgress: (progress: GenerationProgress) => void = () => {}
): Promise<GenerationResult> {
	const started = performance.now();
	const random = seededRandom(20261127);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

	const parsed = await readRegionFile(DEMO_REGION_FILE);
	const { slug } = await importRegion(db, parsed);

	const counts = await db.transaction().execute(async (trx: Transaction<Database>) => {
		const region = await trx
			.selectFrom('region')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
		const regionId = region.id;
		const districts = await trx
			.selectFrom('district')
			.select(['id', 'name'])
			.where('region_id', '=', regionId)
			.orderBy('key')
			.execute();
		const box = await trx
			.selectFrom('municipality')
			.select([
				sql<number>`min(lat)::float8`.as('minLat'),
				sql<number>`max(lat)::float8`.as('maxLat'),
				sql<number>`min(lon)::float8`.as('minLon'),
				sql<number>`max(lon)::float8`.as('maxLon')
			])
			.where('region_id', '=', regionId)
			.executeTakeFirstOrThrow();
		const fields = await trx
			.selectFrom('topic_field')
			.leftJoin('use_case', 'use_case.topic_field_id', 'topic_field.id')
			.select([
				'topic_field.id',
				'topic_field.key',
				sql<number>`coalesce(max(use_case.position) + 1, 0)::int`.as('nextPosition')
			])
			.where('topic_field.region_id', '=', regionId)
			.groupBy(['topic_field.id', 'topic_field.key', 'topic_field.position'])
			.orderBy('topic_field.position')
			.execute();
		if (districts.length === 0 || fields.length === 0) {
			throw new Error(`region ${slug} has no districts or no topic fields`);
		}

		const districtName = new Map(districts.map((d) => [d.id, d.name]));
		const fieldKey = new Map(fields.map((f) => [f.id, f.key]));

		// Municipalities: scattered uniformly over the bounding box of the real ones, so a map
		// of them covers the region rather than one spot.
		const municipalities = Array.from({ length: size }, (_, i) => {
			const name = `Testdorf ${i + 1}`;
			const district = districts[i % districts.length]!;
			return {
				id: randomUUID(),
				region_id: regionId,
				district_id: district.id,
				slug: slugify(name),
				name,
				lat: Number((box.minLat + random() * (box.maxLat - box.minLat)).toFixed(6)),
				lon: Number((box.minLon + random() * (box.maxLon - box.minLon)).toFixed(6))
			};
		});
		await insertChunked(
			municipalities,
			(chunk) => trx.insertInto('municipality').values(chunk).execute(),
			(done) => onProgress({ phase: 'municipalities', done, total: size })
		);

		// Use cases: round-robin over the topic fields, after the real ones in each field.
		const nextPosition = new Map(fields.map((f) => [f.id, f.nextPosition]));
		const useCases = Array.from({ length: size }, (_, i) => {
			const field = fields[i % fields.length]!;
			const position = nextPosition.get(field.id)!;
			nextPosition.set(field.id, position + 1);
			const adjective = pick(ADJECTIVES);
			const subject = pick(SUBJECTS);
			const place = pick(PLACES);
			const first = pick(SENTENCES);
			const second = pick(SENTENCES);
			const number = i + 1;
			return {
				id: randomUUID(),
				region_id: regionId,
				topic_field_id: field.id,
				key: `testfall-${number}`,
				position,
				title: {
					de: `${adjective.de} ${subject.de} ${place} ${number}`,
					en: `${adjective.en} ${subject.en} ${place} ${number}`
				},
				summary: {
					de: `${first.de} ${second.de} Ein Testfall für ${subject.de} im ${place}.`,
					en: `${first.en} ${second.en} A test case for the ${subject.en} in the ${place}.`
				},
				status: STATUSES[i % STATUSES.length]!
			};
		});
		await insertChunked(
			useCases,
			(chunk) =>
				trx
					.insertInto('use_case')
					.values(chunk.map((u) => ({ ...u, title: json(u.title), summary: json(u.summary) })))
					.execute(),
			(done) => onProgress({ phase: 'use cases', done, total: size })
		);

		// Search documents, as importRegion writes them for real municipalities and use cases.
		const documents = [
			...municipalities.map((m) => ({
				region_id: regionId,
				kind: 'municipality' as const,
				ref_id: m.id,
				path: `/orte#${m.slug}`,
				title: json({ de: m.name, en: m.name }),
				body: json({
					de: `Gemeinde im ${districtName.get(m.district_id)}`,
					en: `Municipality in ${districtName.get(m.district_id)}`
				})
			})),
			...useCases.map((u) => ({
				region_id: regionId,
				kind: 'use_case' as const,
				ref_id: u.id,
				path: `/themen/${fieldKey.get(u.topic_field_id)}#${u.key}`,
				title: json(u.title),
				body: json(u.summary)
			}))
		];
		await insertChunked(
			documents,
			(chunk) => trx.insertInto('search_document').values(chunk).execute(),
			(done) => onProgress({ phase: 'search documents', done, total: documents.length })
		);
		return {
			regionId,
			municipalities: municipalities.length,
			useCases: useCases.length,
			searchDocuments: documents.length
		};
	});

	// The state a running installation reaches once autovacuum has been round: planner
	// statistics for the real table sizes, and pages marked all-visible (so scans skip per-row
	// visibility checks). Left to autovacuum, it happens at some random point of the
	// measurement, and runs differ by a third.
	await sql`vacuum (analyze) municipality, use_case, search_document`.execute(db);

	return { ...counts, slug, ms: Math.round(performance.now() - started) };
}
