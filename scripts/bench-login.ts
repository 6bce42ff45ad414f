/**
 * Login throughput with the chosen argon2id parameters: successful sign-ins through the real
 * form action (validation, throttling, argon2 verify, session insert, audit entry, redirect),
 * against the bare cost of argon2 verify on the same machine in the same run.
 */
import autocannon from 'autocannon';
import { hash, verify } from '@node-rs/argon2';
import type { DB } from '../src/lib/server/db/database.ts';
import { hashPassword } from '../src/lib/server/account/password.ts';

export interface LoginBenchResult {
	loginsPerSecond: number;
	p50: number;
	p99: number;
	non303: number;
	verifyPerSecond: number;
	hashMs: number;
}

const PASSWORD = 'Apfelbaum im Odenwald';

export async function benchLogin(
	db: DB,
	regionId: string,
	baseUrl: string,
	options: { people?: number; duration?: number; connections?: number } = {}
): Promise<LoginBenchResult> {
	const people = options.people ?? 200;
	const passwordHash = await hashPassword(PASSWORD);
	const emails = Array.from({ length: people }, (_, i) => `bench-login-${i}@example.org`);
	await db
		.insertInto('person')
		.values(
			emails.map((email) => ({
				region_id: regionId,
				email,
				display_name: 'Bench',
				password_hash: passwordHash,
				email_verified_at: new Date(),
				terms_accepted_at: new Date()
			}))
		)
		.onConflict((oc) => oc.columns(['region_id', 'email']).doNothing())
		.execute();

	// the cost floor: argon2id verify alone, on all cores (libuv threads), for 3 seconds
	const started = performance.now();
	let verified = 0;
	const deadline = started + 3000;
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			while (performance.now() < deadline) {
				await verify(passwordHash, PASSWORD);
				verified++;
			}
		})
	);
	const verifyPerSecond = verified / ((performance.now() - started) / 1000);
	const t0 = performance.now();
	await hash(PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
	const hashMs = performance.now() - t0;

	let next = 0;
	const result = await autocannon({
		url: `${baseUrl}/konto/anmelden`,
		connections: options.connections ?? 10,
		duration: options.duration ?? 10,
		requests: [
			{
				method: 'POST',
				setupRequest: (request) => {
					const email = emails[next++ % emails.length]!;
					return {
						...request,
						headers: {
							...request.headers,
							origin: baseUrl,
							accept: 'text/html',
							'content-type': 'application/x-www-form-urlencoded'
						},
						body: new URLSearchParams({ email, password: PASSWORD }).toString()
					};
				}
			}
		]
	});
	const redirects = result['3xx'];
	return {
		loginsPerSecond: redirects / result.duration,
		p50: result.latency.p50,
		p99: result.latency.p99,
		non303: result.requests.total - redirects,
		verifyPerSecond,
		hashMs
	};
}
