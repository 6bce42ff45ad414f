/**
 * Brings the database to a usable state: the embedded PostgreSQL when no DATABASE_URL is set,
 * migrations, and the configured region files on the very first start (when no region exists).
 * Used by the production server (server.ts), by `vite dev` and by the scripts.
 */
import type { Config } from './config.ts';
import { createDatabase, type DB } from './db/database.ts';
import { startEmbeddedDatabase } from './db/embedded.ts';
import { migrateToLatest } from './db/migrate.ts';
import { importRegion, readRegionFile } from './region/region-import.service.ts';
import type { Logger } from './log.ts';
import { seedDemo } from './demo/demo.ts';

export interface Bootstrapped {
	db: DB;
	url: string;
	/** Stops the embedded database, if one was started (close the pools first). */
	stopDatabase(): Promise<void>;
	/** Closes this pool, then stops the embedded database. */
	close(): Promise<void>;
}

interface OpenedDatabase {
	url: string;
	stop(): Promise<void>;
}

export async function openDatabase(config: Config, log: Logger): Promise<OpenedDatabase> {
	if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
	const started = Date.now();
	const embedded = await startEmbeddedDatabase(config.dataDir, {
		port: config.EMBEDDED_PG_PORT,
		log: { info: (m) => log.info(m), warn: (m) => log.warn(m) }
	});
	log.info({ ms: Date.now() - started, dataDir: config.dataDir }, 'embedded PostgreSQL started');
	return { url: embedded.url, stop: embedded.stop };
}

export async function bootstrap(config: Config, log: Logger): Promise<Bootstrapped> {
	const opened = await openDatabase(config, log);
	const db = createDatabase({
		connectionString: opened.url,
		max: config.DB_POOL_SIZE,
		onError: (error) => log.warn({ err: error }, 'idle database client failed')
	});
	try {
		const applied = await migrateToLatest(db);
		if (applied.length) log.info({ applied }, 'migrations applied');
		await seedOnFirstStart(db, config, log);
	} catch (error) {
		await db.destroy();
		await opened.stop();
		throw error;
	}
	return {
		db,
		url: opened.url,
		stopDatabase: opened.stop,
		async close() {
			await db.destroy();
			await opened.stop();
		}
	};
}

async function seedOnFirstStart(db: DB, config: Config, log: Logger) {
	const files = config.regionFiles;
	const { count } = await db
		.selectFrom('region')
		.select((eb) => eb.fn.countAll<string>().as('count'))
		.executeTakeFirstOrThrow();
	if (Number(count) > 0 || files.length === 0) return;
	// Several processes starting at once may all get here: importRegion serialises per region
	// and leaves an identical region unchanged, so the region is loaded once.
	for (const file of files) {
		const parsed = await readRegionFile(file);
		const result = await importRegion(db, parsed);
		log.info({ file, ...result }, 'region loaded on first start');
		if (parsed.region.demo && config.DEMO_DATA) {
			await seedDemo(db, parsed.region.slug, log);
		}
	}
}
