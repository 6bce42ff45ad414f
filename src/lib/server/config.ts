/**
 * Every setting the app reads from the environment, validated once. The README's configuration
 * table documents the same names; keep the two in step.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
	.transform((value) => ['1', 'true', 'yes'].includes(value));

const configSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.url()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	DATA_DIR: z.string().default('./data'),
	PUBLIC_URL: z
		.string()
		.url()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	MAIL_FROM: z
		.string()
		.email()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	DEFAULT_REGION: z.string().optional(),
	REGION_FILES: z.string().default('regions/bergstrasse-odenwald.yaml'),
	TRUST_PROXY: flag.default(false),
	/** Demo data for regions whose file says `demo: true`, on the first start. */
	DEMO_DATA: flag.default(true),
	PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
	DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
	/** App processes sharing the port (node:cluster): 1, a number, or "auto" (one per core). */
	WEB_CONCURRENCY: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
	EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
	/**
	 * A tile server for the interactive map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png.
	 * Empty (the default): maps stay the server-drawn SVG and no page asks a third party.
	 */
	MAP_TILE_URL: z
		.string()
		.regex(/^https?:\/\/[^\s'";,]+\{z\}[^\s'";,]*$/, 'an https:// URL with {z}, {x} and {y}')
		.refine((url) => url.includes('{x}') && url.includes('{y}'), 'an URL with {x} and {y}')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	/** The tile provider's required credit, shown on the map (plain text). */
	MAP_TILE_ATTRIBUTION: z.string().max(300).default(''),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
});

export type Config = z.infer<typeof configSchema> & {
	dataDir: string;
	regionFiles: string[];
	/** the tile server's origin for the CSP's img-src ({s} subdomains become *), or null */
	mapTileOrigin: string | null;
};

/** https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org */
export function tileOrigin(url: string | undefined): string | null {
	if (!url) return null;
	const match = /^(https?):\/\/([^/]+)/.exec(url);
	if (!match) return null;
	const pattern = match[2]!.replace(/\{[a-z]+\}/g, '*');
	return /^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(pattern) ? `${match[1]}://${pattern}` : null;
}

/** A page's CSP with the tile server added to img-src (and nowhere else). */
export function withImageSource(policy: string, origin: string): string {
	return policy.replace(/(^|;\s*)img-src ([^;]*)/, (_, start: string, sources: string) =>
		sources.split(/\s+/).includes(origin)
			? `${start}img-src ${sources}`
			: `${start}img-src ${sources} ${origin}`
	);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const parsed = configSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return {
		...parsed.data,
		mapTileOrigin: tileOrigin(parsed.data.MAP_TILE_URL),
		dataDir: resolve(parsed.data.DATA_DIR),
		regionFiles: parsed.data.REGION_FILES.split(',')
			.map((file) => file.trim())
			.filter(Boolean)
	};
}
