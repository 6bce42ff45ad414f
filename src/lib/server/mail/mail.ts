/**
 * Outgoing mail as a queue in PostgreSQL. `enqueueMail` runs inside the caller's transaction, so
 * a mail exists exactly when what it announces was committed. A worker in every app process
 * delivers queued mail over SMTP (FOR UPDATE SKIP LOCKED: each mail goes out once, whichever
 * process takes it). Without SMTP_URL mail is `held`: the outbox region admins read.
 * After delivery the body is cleared, because it may hold a single-use link.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/schema.ts';
import { pruneRateLimits } from '../security/rate-limit.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutgoingMail {
	regionId: string;
	to: string;
	subject: string;
	body: string;
}

export async function enqueueMail(db: Executor, mail: OutgoingMail, smtpConfigured: boolean) {
	await db
		.insertInto('mail')
		.values({
			region_id: mail.regionId,
			to_address: mail.to,
			subject: mail.subject,
			body: mail.body,
			status: smtpConfigured ? 'queued' : 'held'
		})
		.execute();
	// Wake the workers at once instead of at their next tick.
	if (smtpConfigured) await sql`select pg_notify('heimatleben_mail', '')`.execute(db);
}

export interface Transport {
	sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export function smtpTransport(smtpUrl: string): Transport {
	return nodemailer.createTransport(smtpUrl);
}

const MAX_ATTEMPTS = 5;

/** Delivers up to `batch` queued mails; returns how many were sent. */
export async function deliverQueued(
	db: Kysely<Database>,
	transport: Transport,
	from: (regionId: string) => string | Promise<string>,
	batch = 20
): Promise<number> {
	let sent = 0;
	for (let i = 0; i < batch; i++) {
		const done = await db.transaction().execute(async (trx) => {
			const mail = await trx
				.selectFrom('mail')
				.selectAll()
				.where('status', '=', 'queued')
				.orderBy('created_at')
				.limit(1)
				.forUpdate()
				.skipLocked()
				.executeTakeFirst();
			if (!mail) return null;
			try {
				await transport.sendMail({
					from: await from(mail.region_id),
					to: mail.to_address,
					subject: mail.subject,
					text: mail.body
				});
				await trx
					.updateTable('mail')
					.set({ status: 'sent', sent_at: sql`now()`, body: '', attempts: mail.attempts + 1 })
					.where('id', '=', mail.id)
					.execute();
				return true;
			} catch (error) {
				await trx
					.updateTable('mail')
					.set({
						attempts: mail.attempts + 1,
						last_error: String((error as Error).message).slice(0, 500),
						status: mail.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'queued'
					})
					.where('id', '=', mail.id)
					.execute();
				return false;
			}
		});
		if (done === null) break;
		if (done) sent++;
		else break; // the SMTP server is failing: try again at the next tick
	}
	return sent;
}

export interface MailWorker {
	stop(): Promise<void>;
}

/** Polls every few seconds and on NOTIFY; also prunes old rate-limit windows now and then. */
export function startMailWorker(
	db: Kysely<Database>,
	options: {
		smtpUrl?: string;
		from: (regionId: string) => string | Promise<string>;
		databaseUrl: string;
		onError: (error: unknown) => void;
	}
): MailWorker {
	const transport = options.smtpUrl ? smtpTransport(options.smtpUrl) : null;
	let running: Promise<unknown> = Promise.resolve();
	let stopped = false;
	let ticks = 0;
	const tick = () => {
		if (stopped) return;
		running = running
			.then(async () => {
				if (transport) await deliverQueued(db, transport, options.from);
				if (ticks++ % 60 === 0) await pruneRateLimits(db);
			})
			.catch(options.onError);
	};
	const timer = setInterval(tick, 5000);
	timer.unref();
	let listener: import('pg').Client | null = null;
	if (transport) {
		void (async () => {
			const pg = await import('pg');
			const client = new pg.default.Client({ connectionString: options.databaseUrl });
			client.on('error', options.onError);
			client.on('notification', tick);
			await client.connect();
			await client.query('listen heimatleben_mail');
			if (stopped) await client.end();
			else listener = client;
		})().catch(options.onError);
	}
	tick();
	return {
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
			await listener?.end().catch(() => {});
		}
	};
}
