/**
 * The production entry point (`npm start` runs it after building when needed):
 * database (embedded or DATABASE_URL) → migrations → first-start region import → SvelteKit's
 * request handler on a node:http server → graceful shutdown on SIGINT/SIGTERM.
 *
 * With WEB_CONCURRENCY above 1 (or "auto": one per core) this process prepares the database
 * and then forks that many app processes (node:cluster), which share the port. They keep no
 * state that others need: sessions, throttling, jobs and the mail queue live in PostgreSQL,
 * and the page cache and parsed schedules are per-process caches (docs/ARCHITECTURE.md).
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import compression from 'compression';
import { readConfig } from './src/lib/server/config.ts';
import { bootstrap } from './src/lib/server/bootstrap.ts';
import { log } from './src/lib/server/log.ts';

const started = performance.now();
const config = readConfig();
const processes =
	config.WEB_CONCURRENCY === 'auto' ? availableParallelism() : config.WEB_CONCURRENCY;

if (cluster.isPrimary) {
	const booted = await bootstrap(config, log).catch((error: Error) => {
		log.fatal({ err: error }, 'start failed');
		process.exit(1);
	});
	await booted.db.destroy();
	process.env.DATABASE_URL = booted.url;
	if (processes === 1) {
		await serve(() => booted.stopDatabase());
	} else {
		superviseWorkers(processes, () => booted.stopDatabase());
	}
} else {
	// a forked app process: the primary prepared the database and passed its URL in the env
	await serve(async () => {});
}

/**
 * Runs SvelteKit's handler on a node:http server in this process; on SIGINT/SIGTERM finishes
 * open requests, closes the app's pools and job runners, then calls `stopDatabase`.
 */
async function serve(stopDatabase: () => Promise<void>) {
	const PROTO = 'x-heimatleben-proto';
	process.env.PROTOCOL_HEADER = PROTO;
	if (config.TRUST_PROXY) {
		process.env.HOST_HEADER ??= 'x-forwarded-host';
		process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
	}

	const handlerUrl = new URL('./build/handler.js', import.meta.url);
	const { handler } = (await import(handlerUrl.href)) as {
		handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
	};
	const compress = compression({ threshold: 1024 });
	const assumeHttps = config.PUBLIC_URL?.startsWith('https:') ?? false;

	const server = createServer((req, res) => {
		const encrypted = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
		const forwarded = config.TRUST_PROXY
			? String(req.headers['x-forwarded-proto'] ?? '')
					.split(',')[0]
					?.trim()
			: '';
		req.headers[PROTO] =
			forwarded === 'https' || forwarded === 'http'
				? forwarded
				: encrypted || assumeHttps
					? 'https'
					: 'http';
		compress(req as never, res as never, () =>
			handler(req, res, () => {
				res.statusCode = 404;
				res.end();
			})
		);
	});
	server.keepAliveTimeout = 5000;
	server.on('error', (error: NodeJS.ErrnoException) => {
		log.fatal(
			{ err: error },
			error.code === 'EADDRINUSE'
				? `port ${config.PORT} is in use: stop the other program or set PORT`
				: 'the web server failed'
		);
		void shutdown('error', 1);
	});

	server.listen(config.PORT, config.HOST, () => {
		// a forked process reports to the primary through cluster's 'listening' event
		if (!cluster.isPrimary) return;
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.PORT;
		ready(port);
	});

	let stopping = false;
	async function shutdown(signal: string, exitCode = 0) {
		if (stopping) return;
		stopping = true;
		log.info({ signal, pid: process.pid }, 'stopping: finishing open requests');
		const force = setTimeout(() => {
			log.error('open requests did not finish in 10 s; stopping anyway');
			server.closeAllConnections();
		}, 10_000);
		force.unref();
		await new Promise<void>((resolve) => {
			if (!server.listening) return resolve();
			server.close(() => resolve());
			server.closeIdleConnections();
		});
		clearTimeout(force);
		const closeApp = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[
			Symbol.for('heimatleben.shutdown')
		];
		await closeApp?.().catch((error: Error) => log.warn({ err: error }, 'closing the pool failed'));
		await stopDatabase().catch((error: Error) =>
			log.warn({ err: error }, 'stopping PostgreSQL failed')
		);
		log.info({ pid: process.pid }, 'stopped');
		process.exit(exitCode);
	}
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	// the primary asks a forked process to stop (a terminal's Ctrl-C reaches both anyway)
	process.on('message', (message: unknown) => {
		if (message === 'shutdown') void shutdown('primary');
	});
}

/** Logs the start and tells a parent process (tests, the bench) the port. */
function ready(port: number) {
	log.info(
		{
			port,
			processes,
			ms: Math.round(performance.now() - started),
			embedded: !config.DATABASE_URL
		},
		`HeimatLeben is ready on http://localhost:${port}`
	);
	process.send?.({ ready: true, port });
}

/**
 * Forks `count` app processes and keeps that many running: one that dies is replaced (after a
 * second; if processes die more than 5 times a minute, the server stops instead of looping).
 * On SIGINT/SIGTERM it asks each to finish its requests, waits for all, then stops PostgreSQL.
 */
function superviseWorkers(count: number, stopDatabase: () => Promise<void>) {
	let stopping = false;
	let listening = 0;
	let announced = false;
	const deaths: number[] = [];
	const fork = () => {
		const worker = cluster.fork();
		worker.once('listening', (address) => {
			if (++listening >= count && !announced) {
				announced = true;
				ready(address.port);
			}
		});
		return worker;
	};
	for (let i = 0; i < count; i++) fork();

	cluster.on('exit', (worker: Worker, code, signal) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) void finish();
			return;
		}
		log.error({ pid: worker.process.pid, code, signal }, 'an app process ended; starting another');
		const now = Date.now();
		deaths.push(now);
		while (deaths.length > 0 && deaths[0]! < now - 60_000) deaths.shift();
		if (deaths.length > 5) {
			log.fatal('app processes keep ending; stopping');
			void stop('crash loop', 1);
			return;
		}
		listening = Math.max(0, listening - 1);
		setTimeout(fork, 1000).unref();
	});

	let exitCode = 0;
	async function finish() {
		await stopDatabase().catch((error: Error) =>
			log.warn({ err: error }, 'stopping PostgreSQL failed')
		);
		log.info('stopped');
		process.exit(exitCode);
	}
	async function stop(signal: string, code = 0) {
		if (stopping) return;
		stopping = true;
		exitCode = code;
		log.info({ signal }, 'stopping the app processes');
		const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
		if (workers.length === 0) return finish();
		for (const worker of workers) {
			if (worker.isConnected()) worker.send('shutdown');
			else worker.process.kill('SIGTERM');
		}
		// the processes give open requests 10 s; after 15 s they are ended
		setTimeout(() => {
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
		}, 15_000).unref();
	}
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}
