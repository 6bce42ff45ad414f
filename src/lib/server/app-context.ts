/**
 * The process-wide state of the web app: the database pool and the region resolver. Created once
 * by the `init` hook. In production server.ts has already started the database and passes
 * DATABASE_URL; under `vite dev` (no DATABASE_URL) the embedded database is started here and kept
 * on globalThis, so that a module reload does not start a second PostgreSQL on the same folder.
 */
import { readConfig } from './config.ts';
import { bootstrap } from './bootstrap.ts';
import { createDatabase, type DB } from './db/database.ts';
import { createRegionResolver, type RegionResolver } from './region/region.service.ts';
import { startMailWorker } from './mail/mail.ts';
import { startDigestRunner } from './notification/digest.ts';
import { createPageCache, type PageCache } from './http/page-cache.ts';
import { log } from './log.ts';

export interface AppContext {
	db: DB;
	regions: RegionResolver;
	version: string;
	/** true when SMTP_URL is set; otherwise mail is held in the outbox */
	smtp: boolean;
	pageCache: PageCache;
	close(): Promise<void>;
}

const KEY = Symbol.for('heimatleben.app');
const SHUTDOWN = Symbol.for('heimatleben.shutdown');
type Global = typeof globalThis & {
	[KEY]?: Promise<AppContext>;
	[SHUTDOWN]?: () => Promise<void>;
};
const g = globalThis as Global;

export function initApp(version: string): Promise<AppContext> {
	g[KEY] ??= (async () => {
		const config = readConfig();
		let db: DB;
		let closeDatabase: () => Promise<void>;
		let databaseUrl: string;
		if (config.DATABASE_URL) {
			databaseUrl = config.DATABASE_URL;
			db = createDatabase({
				connectionString: config.DATABASE_URL,
				max: config.DB_POOL_SIZE,
				onError: (error) => log.warn({ err: error }, 'idle database client failed')
			});
			closeDatabase = () => db.destroy();
		} else {
			// Only under `vite dev`: server.ts always passes DATABASE_URL. Stop the embedded
			// database with the dev server rather than leaving it to the next start.
			const booted = await bootstrap(config, log);
			db = booted.db;
			databaseUrl = booted.url;
			closeDatabase = booted.close;
			for (const signal of ['SIGINT', 'SIGTERM'] as const) {
				process.once(signal, () => void close().finally(() => process.exit(0)));
			}
		}
		const regions = createRegionResolver(db, { defaultRegion: config.DEFAULT_REGION });
		const sender = new URL(config.PUBLIC_URL ?? 'http://localhost').hostname;
		const mailWorker = startMailWorker(db, {
			smtpUrl: config.SMTP_URL || undefined,
			databaseUrl,
			// the sender names the region; the address is the operator's
			from: async (regionId) => {
				const region = (await regions.all()).find((r) => r.id === regionId);
				const name = `HeimatLeben ${region?.name ?? ''}`.trim().replace(/"/g, '');
				return `"${name}" <${config.MAIL_FROM ?? `noreply@${sender}`}>`;
			},
			onError: (error) => log.warn({ err: error }, 'mail delivery failed')
		});
		// the notification digest: one run at a time across all app servers (advisory lock)
		const publicUrl = config.PUBLIC_URL ? new URL(config.PUBLIC_URL) : null;
		const digestRunner = startDigestRunner(db, {
			smtp: Boolean(config.SMTP_URL),
			origin: async (regionId) => {
				const region = (await regions.all()).find((r) => r.id === regionId);
				if (publicUrl && (!region || region.hosts.includes(publicUrl.hostname))) {
					return publicUrl.origin;
				}
				const port = publicUrl?.port ? `:${publicUrl.port}` : '';
				return `${publicUrl?.protocol ?? 'http:'}//${region?.hosts[0] ?? sender}${port}`;
			},
			onError: (error) => log.warn({ err: error }, 'notification digest failed')
		});
		async function close() {
			await digestRunner.stop();
			await mailWorker.stop();
			await closeDatabase();
		}
		const context: AppContext = {
			db,
			regions,
			version,
			smtp: Boolean(config.SMTP_URL),
			pageCache: createPageCache(config.PAGE_CACHE_SECONDS),
			close
		};
		// server.ts calls this after the HTTP server has drained.
		g[SHUTDOWN] = close;
		return context;
	})();
	return g[KEY];
}

export function app(): Promise<AppContext> {
	const context = g[KEY];
	if (!context) throw new Error('initApp() has not run');
	return context;
}
