/** Starts the production server (server.ts) as a child process and waits until it listens. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningServer {
	child: ChildProcess;
	port: number;
	output: () => string;
	stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

const root = fileURLToPath(new URL('..', import.meta.url));

export function startServer(env: Record<string, string | undefined>, timeoutMs = 60_000) {
	return new Promise<RunningServer>((resolve, reject) => {
		let output = '';
		const child = fork(`${root}server.ts`, [], {
			cwd: root,
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
			stdio: ['ignore', 'pipe', 'pipe', 'ipc']
		});
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
		}, timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
		});
		child.on('message', (message: { ready?: boolean; port?: number }) => {
			if (!message.ready || !message.port) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			resolve({
				child,
				port: message.port,
				output: () => output,
				stop(signal = 'SIGTERM') {
					const started = Date.now();
					return new Promise((done) => {
						if (child.exitCode !== null) return done({ code: child.exitCode, ms: 0 });
						child.once('exit', (code) => done({ code, ms: Date.now() - started }));
						child.kill(signal);
					});
				}
			});
		});
	});
}
