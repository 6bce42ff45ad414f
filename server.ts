/**
 * The production entry point (`npm start` runs it after building when needed):
 * database (embedded or DATABASE_URL) → migrations → first-start region import → SvelteKit's
 * request handler on a node:http server → graceful shutdown on SIGINT/SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import compression from 'compression';
import { readConfig } from './src/lib/server/config.ts';
import { bootstrap } from './src/lib/server/bootstrap.ts';
import { log } from './src/lib/server/log.ts';

const started = performance.now();
const config = readConfig();

const booted = await bootstrap(config, log).catch((error: Error) => {
	log.fatal({ err: error }, 'start failed');
	process.exit(1);
});
// The web app opens its own pool from DATABASE_URL; this one was only for migrations.
const databaseUrl = booted.url;
await booted.db.destroy();
process.env.DATABASE_URL = databaseUrl;

// adapter-node builds request URLs from these headers. The server sets them itself on every
// request (overwriting what a client sent), from the socket or, behind a trusted reverse proxy,
// from X-Forwarded-*; so form posts over plain http pass SvelteKit's origin check, and nobody
// can spoof the scheme or host.
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
// An https PUBLIC_URL means TLS ends at a proxy in front of this server, even if it does not
// send X-Forwarded-Proto: links, cookies (Secure) and HSTS then follow https.
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
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.PORT;
	log.info(
		{ port, ms: Math.round(performance.now() - started), embedded: !config.DATABASE_URL },
		`HeimatLeben is ready on http://localhost:${port}`
	);
	process.send?.({ ready: true, port });
});

let stopping = false;
async function shutdown(signal: string, exitCode = 0) {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, 'stopping: finishing open requests');
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
	await booted
		.stopDatabase()
		.catch((error: Error) => log.warn({ err: error }, 'stopping PostgreSQL failed'));
	log.info('stopped');
	process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
