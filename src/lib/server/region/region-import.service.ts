/**
 * Importing a region file: parse (YAML or JSON), validate against the schema, read the logo, and
 * write everything in one transaction. A file that fails validation, or whose host names belong
 * to another region, changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { formatIssues, regionFileSchema, type RegionFile } from './region-file.schema.ts';
import {
	findHostOwners,
	findRegionBySlug,
	replaceSearchDocuments,
	type SearchDocumentInput
} from './region.repository.ts';

export class RegionFileError extends Error {
	readonly problems: string[];
	constructor(file: string, problems: string[]) {
		super(`${file} is not a valid region file:\n  ${problems.join('\n  ')}`);
		this.problems = problems;
	}
}

export interface ParsedRegionFile {
	file: string;
	region: RegionFile;
	logoSvg: string;
	hash: string;
}

/** Rejects SVG that could run code or load anything from elsewhere when served to browsers. */
export function checkSvg(svg: string): string | null {
	if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(svg))
		return 'not an SVG document';
	if (/<script|<foreignObject|\son\w+\s*=|javascript:/i.test(svg))
		return 'scripts and event handlers are not allowed';
	if (
		/(href|src)\s*=\s*["']\s*(https?:|\/\/|data:)/i.test(svg) ||
		/url\(\s*['"]?(https?:|\/\/)/i.test(svg)
	)
		return 'references to other files or hosts are not allowed';
	if (svg.length > 100_000) return 'larger than 100 KB';
	return null;
}

export async function readRegionFile(path: string): Promise<ParsedRegionFile> {
	const file = resolve(path);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new RegionFileError(path, [`cannot read the file (${(error as Error).message})`]);
	}
	let raw: unknown;
	try {
		raw = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
	} catch (error) {
		throw new RegionFileError(path, [
			`(file): not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`
		]);
	}
	const parsed = regionFileSchema.safeParse(raw);
	if (!parsed.success) throw new RegionFileError(path, formatIssues(parsed.error));
	const region = parsed.data;
	let logoSvg: string;
	try {
		logoSvg = await readFile(resolve(dirname(file), region.look.logo), 'utf8');
	} catch {
		throw new RegionFileError(path, [
			`look.logo: cannot read ${region.look.logo} next to the region file`
		]);
	}
	const svgProblem = checkSvg(logoSvg);
	if (svgProblem) throw new RegionFileError(path, [`look.logo: ${svgProblem}`]);
	const hash = createHash('sha256').update(text).update(logoSvg).digest('hex').slice(0, 16);
	return { file: path, region, logoSvg, hash };
}

export function slugify(name: string): string {
	return name
		.toLowerCase()
		.replaceAll('ä', 'ae')
		.replaceAll('ö', 'oe')
		.replaceAll('ü', 'ue')
		.replaceAll('ß', 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

export type ImportResult = { slug: string; outcome: 'created' | 'updated' | 'unchanged' };

const json = (value: unknown) => JSON.stringify(value);

/**
 * Creates the region or brings it in line with the file. Items are matched by key, so an
 * updated file keeps the ids (and everything attached to them later) of what stays.
 */
export async function importRegion(
	db: Kysely<Database>,
	{ region, logoSvg, hash, file }: ParsedRegionFile
): Promise<ImportResult> {
	return db.transaction().execute(async (trx) => {
		// Serialise imports of the same region (two processes starting at once).
		await sql`select pg_advisory_xact_lock(hashtext(${'region:' + region.slug}))`.execute(trx);
		const existing = await findRegionBySlug(trx, region.slug);
		if (existing?.source_hash === hash) return { slug: region.slug, outcome: 'unchanged' };

		const taken = (await findHostOwners(trx, region.hosts)).filter((h) => h.slug !== region.slug);
		if (taken.length > 0) {
			throw new RegionFileError(
				file,
				taken.map((t) => `hosts: "${t.host}" already belongs to region "${t.slug}"`)
			);
		}

		const values = {
			slug: region.slug,
			name: region.name,
			state: region.state ?? null,
			default_language: region.defaultLanguage,
			tagline: json(region.tagline),
			intro: json(region.intro),
			look: json({
				primaryColour: region.look.primaryColour,
				accentColour: region.look.accentColour,
				logoAlt: region.look.logoAlt
			}),
			logo_svg: logoSvg,
			legal: json(region.legal),
			source_hash: hash
		};
		const { id: regionId } = await trx
			.insertInto('region')
			.values(values)
			.onConflict((oc) => oc.column('slug').doUpdateSet({ ...values, updated_at: sql`now()` }))
			.returning('id')
			.executeTakeFirstOrThrow();

		await trx.deleteFrom('region_host').where('region_id', '=', regionId).execute();
		await trx
			.insertInto('region_host')
			.values(region.hosts.map((host) => ({ host, region_id: regionId })))
			.execute();

		const districtIds = await upsertByKey(
			trx,
			'district',
			regionId,
			region.districts.map((d) => ({ key: d.key, name: d.name, seat: d.seat ?? null }))
		);
		const municipalityIds = await upsertByKey(
			trx,
			'municipality',
			regionId,
			region.municipalities.map((m) => ({
				slug: slugify(m.name),
				name: m.name,
				district_id: districtIds.get(m.district)!,
				lat: m.lat,
				lon: m.lon,
				uncertain: m.uncertain ?? false
			})),
			'slug'
		);
		await deleteMissing(trx, 'municipality', regionId, 'slug', [...municipalityIds.keys()]);
		await deleteMissing(trx, 'district', regionId, 'key', [...districtIds.keys()]);

		const fieldIds = await upsertByKey(
			trx,
			'topic_field',
			regionId,
			region.topicFields.map((f, position) => ({
				key: f.key,
				position,
				icon: f.icon,
				colour: f.colour,
				name: json(f.name),
				summary: json(f.summary),
				goal: f.goal ? json(f.goal) : null
			}))
		);

		const documents: SearchDocumentInput[] = [];
		for (const field of region.topicFields) {
			const topicFieldId = fieldIds.get(field.key)!;
			documents.push({
				kind: 'topic_field',
				refId: topicFieldId,
				path: `/themen/${field.key}`,
				title: field.name,
				body: {
					de: `${field.summary.de} ${field.goal?.de ?? ''}`,
					en: `${field.summary.en} ${field.goal?.en ?? ''}`
				}
			});
			const rows = field.useCases.map((u, position) => ({
				topic_field_id: topicFieldId,
				key: u.key,
				position,
				title: json(u.title),
				summary: json(u.summary)
			}));
			const useCaseIds = rows.length
				? new Map(
						(
							await trx
								.insertInto('use_case')
								.values(rows.map((r) => ({ ...r, region_id: regionId })))
								.onConflict((oc) =>
									oc.columns(['region_id', 'topic_field_id', 'key']).doUpdateSet((eb) => ({
										position: eb.ref('excluded.position'),
										title: eb.ref('excluded.title'),
										summary: eb.ref('excluded.summary'),
										updated_at: sql`now()`
									}))
								)
								.returning(['id', 'key'])
								.execute()
						).map((r) => [r.key, r.id])
					)
				: new Map<string, string>();
			let removed = trx
				.deleteFrom('use_case')
				.where('region_id', '=', regionId)
				.where('topic_field_id', '=', topicFieldId)
				// use cases made in the app belong to the app, not to the region file
				.where('from_region_file', '=', true);
			if (useCaseIds.size > 0) removed = removed.where('key', 'not in', [...useCaseIds.keys()]);
			await removed.execute();
			for (const u of field.useCases) {
				documents.push({
					kind: 'use_case',
					refId: useCaseIds.get(u.key)!,
					path: `/anwendungsfaelle/${useCaseIds.get(u.key)!}`,
					title: u.title,
					body: u.summary
				});
			}
		}
		await deleteMissing(trx, 'topic_field', regionId, 'key', [...fieldIds.keys()]);

		for (const [table, items] of [
			['contribution_category', region.contributionCategories],
			['target_group', region.targetGroups]
		] as const) {
			const ids = await upsertByKey(
				trx,
				table,
				regionId,
				items.map((item, position) => ({
					key: item.key,
					position,
					name: json(item.name),
					description: json(item.description)
				}))
			);
			await deleteMissing(trx, table, regionId, 'key', [...ids.keys()]);
		}

		if (region.labels) {
			// products keep their labels across imports: matched by key, ids stay
			const labelIds = await upsertByKey(
				trx,
				'label',
				regionId,
				region.labels.map((l, position) => ({
					key: l.key,
					kind: l.kind,
					name: l.name,
					area: l.area ?? '',
					position,
					description: json(l.description)
				}))
			);
			await deleteMissing(trx, 'label', regionId, 'key', [...labelIds.keys()]);
		}

		for (const m of region.municipalities) {
			const slug = slugify(m.name);
			const district = region.districts.find((d) => d.key === m.district)!;
			documents.push({
				kind: 'municipality',
				refId: municipalityIds.get(slug)!,
				path: `/orte/gemeinden#${slug}`,
				title: { de: m.name, en: m.name },
				body: { de: `Gemeinde im ${district.name}`, en: `Municipality in ${district.name}` }
			});
		}
		// use cases made in the app stay findable: their documents are written again too
		const appMade = await trx
			.selectFrom('use_case')
			.select(['id', 'title', 'summary'])
			.where('region_id', '=', regionId)
			.where('from_region_file', '=', false)
			.execute();
		for (const u of appMade) {
			documents.push({
				kind: 'use_case',
				refId: u.id,
				path: `/anwendungsfaelle/${u.id}`,
				title: u.title,
				body: u.summary
			});
		}
		await replaceSearchDocuments(
			trx,
			regionId,
			['topic_field', 'use_case', 'municipality'],
			documents
		);

		return { slug: region.slug, outcome: existing ? 'updated' : 'created' };
	});
}

type KeyedTable =
	'district' | 'municipality' | 'topic_field' | 'contribution_category' | 'target_group' | 'label';

/** Inserts or updates rows matched by (region_id, key column); returns key → id. */
async function upsertByKey(
	trx: Transaction<Database>,
	table: KeyedTable,
	regionId: string,
	rows: Record<string, unknown>[],
	keyColumn: 'key' | 'slug' = 'key'
): Promise<Map<string, string>> {
	if (rows.length === 0) return new Map();
	const columns = Object.keys(rows[0]!).filter((c) => c !== keyColumn);
	// The table is chosen at run time, so the row shape is checked by the callers, not here.
	const untyped = trx as unknown as Transaction<Record<string, Record<string, unknown>>>;
	const result = await untyped
		.insertInto(table)
		.values(rows.map((row) => ({ ...row, region_id: regionId })))
		.onConflict((oc) =>
			oc
				.columns(['region_id', keyColumn])
				.doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])))
		)
		.returning(['id', keyColumn])
		.execute();
	return new Map(result.map((r) => [r[keyColumn] as string, r.id as string]));
}

async function deleteMissing(
	trx: Transaction<Database>,
	table: KeyedTable,
	regionId: string,
	keyColumn: 'key' | 'slug',
	keep: string[]
) {
	let query = sql`delete from ${sql.table(table)} where region_id = ${regionId}`;
	if (keep.length > 0) query = sql`${query} and not (${sql.ref(keyColumn)} = any(${keep}))`;
	await query.execute(trx);
}

/** Imports each file unless its region exists already (first start: demo data, never twice). */
export async function importMissingRegions(
	db: Kysely<Database>,
	files: string[]
): Promise<ImportResult[]> {
	const results: ImportResult[] = [];
	for (const path of files) {
		const parsed = await readRegionFile(path);
		if (await findRegionBySlug(db, parsed.region.slug)) {
			results.push({ slug: parsed.region.slug, outcome: 'unchanged' });
			continue;
		}
		results.push(await importRegion(db, parsed));
	}
	return results;
}
