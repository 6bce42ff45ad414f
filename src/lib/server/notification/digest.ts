/**
 * The e-mail digest: a background job collects each person's unread notifications that were
 * not mailed yet, when their digest is due (daily by default, weekly, or never), and puts ONE
 * mail per person into the mail queue — in the same transaction that marks the notifications
 * as mailed. `pg_try_advisory_xact_lock` makes sure only one app server runs it at a time; the
 * others skip that tick. The mail queue carries plain text only (subject and body, no extra
 * headers), so the digest is plain text with a link to switch it off.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, DigestFrequency, NotificationKind } from '../db/schema.ts';
import { enqueueMail } from '../mail/mail.ts';
import { t, type Language, type MessageKey } from '../../i18n/index.ts';

/** Notifications older than this are not mailed any more (they stay in the app). */
const MAX_AGE = '14 days';
/** At most this many items in one mail; the rest are counted and linked. */
export const DIGEST_MAX_ITEMS = 30;
export const SETTINGS_PATH = '/konto/benachrichtigungen';
/** A key of its own for the advisory lock (any constant both runners agree on). */
const LOCK_KEY = 4_202_611;

export interface DigestItem {
	kind: NotificationKind;
	title: string;
	url: string;
}

export interface DigestMailInput {
	lang: Language;
	name: string;
	region: string;
	origin: string;
	frequency: Exclude<DigestFrequency, 'off'>;
	items: DigestItem[];
}

/** The text of one digest mail (pure: the unit tests read it). */
export function buildDigestMail(input: DigestMailInput): { subject: string; body: string } {
	const { lang, items } = input;
	const tr = (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);
	const subject =
		items.length === 1
			? tr('notification.mail.subjectOne', { region: input.region })
			: tr('notification.mail.subject', { region: input.region, count: items.length });
	const settings = input.origin + SETTINGS_PATH;
	const lines = [
		tr('notification.mail.greeting', { name: input.name }),
		'',
		tr('notification.mail.intro', { region: input.region }),
		''
	];
	for (const item of items.slice(0, DIGEST_MAX_ITEMS)) {
		lines.push(`- ${tr(`notification.kind.${item.kind}`, { title: item.title })}`);
		lines.push(`  ${input.origin}${item.url}`);
	}
	if (items.length > DIGEST_MAX_ITEMS) {
		lines.push(
			'',
			tr('notification.mail.more', { count: items.length - DIGEST_MAX_ITEMS, link: settings })
		);
	}
	lines.push(
		'',
		'-- ',
		tr(`notification.mail.footer.${input.frequency}`),
		tr('notification.mail.settings', { link: settings })
	);
	return { subject, body: lines.join('\n') };
}

export interface DigestOptions {
	/** true when SMTP is configured (else mail is held in the outbox) */
	smtp: boolean;
	/** where links in the mail point to, per region, e.g. `https://bergstrasse.example` */
	origin: (regionId: string) => string | Promise<string>;
}

export interface DigestResult {
	/** false when another runner held the lock: nothing was done */
	ran: boolean;
	mails: number;
	notifications: number;
}

/**
 * Mails the due digests as of `now`. Safe to call from several processes at once: one runs,
 * the others return `{ ran: false }`.
 */
export async function runDigest(
	db: Kysely<Database>,
	now: Date,
	options: DigestOptions
): Promise<DigestResult> {
	return db.transaction().execute(async (trx) => {
		const { rows } = await sql<{
			locked: boolean;
		}>`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`.execute(trx);
		if (!rows[0]?.locked) return { ran: false, mails: 0, notifications: 0 };
		// A little slack, so that a runner ticking every few minutes does not drift a day late.
		const due = await trx
			.selectFrom('notification as n')
			.innerJoin('person as p', 'p.id', 'n.person_id')
			.innerJoin('region as r', 'r.id', 'n.region_id')
			.leftJoin('notification_setting as s', 's.person_id', 'n.person_id')
			.select([
				'n.id',
				'n.region_id',
				'n.person_id',
				'n.kind',
				'n.title',
				'n.url',
				'p.email',
				'p.display_name',
				'p.language',
				'r.name as region_name',
				sql<DigestFrequency>`coalesce(s.digest_frequency, 'daily')`.as('frequency')
			])
			.where('n.emailed_at', 'is', null)
			.where('n.read_at', 'is', null)
			.where('n.created_at', '<=', now)
			.where('n.created_at', '>', sql<Date>`${now}::timestamptz - ${MAX_AGE}::interval`)
			.where('p.email_verified_at', 'is not', null)
			.where(sql<boolean>`coalesce(s.digest_frequency, 'daily') <> 'off'`)
			.where(
				sql<boolean>`(s.digest_sent_at is null or s.digest_sent_at <= ${now}::timestamptz -
					case s.digest_frequency when 'weekly' then interval '6 days 23 hours 45 minutes'
					else interval '23 hours 45 minutes' end)`
			)
			.orderBy('n.person_id')
			.orderBy('n.created_at')
			.orderBy('n.id')
			.forUpdate('n')
			.execute();
		if (due.length === 0) return { ran: true, mails: 0, notifications: 0 };
		const byPerson = new Map<string, typeof due>();
		for (const row of due) {
			const list = byPerson.get(row.person_id) ?? [];
			list.push(row);
			byPerson.set(row.person_id, list);
		}
		for (const rows of byPerson.values()) {
			const first = rows[0]!;
			const mail = buildDigestMail({
				lang: first.language,
				name: first.display_name,
				region: first.region_name,
				origin: (await options.origin(first.region_id)).replace(/\/$/, ''),
				frequency: first.frequency === 'weekly' ? 'weekly' : 'daily',
				items: rows.map((r) => ({ kind: r.kind, title: r.title, url: r.url }))
			});
			await enqueueMail(trx, { regionId: first.region_id, to: first.email, ...mail }, options.smtp);
		}
		await trx
			.updateTable('notification')
			.set({ emailed_at: now })
			.where(
				'id',
				'in',
				due.map((r) => r.id)
			)
			.execute();
		await sql`insert into notification_setting (person_id, region_id, digest_sent_at)
			select p.id, p.region_id, ${now}::timestamptz from person p
			where p.id = any(${[...byPerson.keys()]}::uuid[])
			on conflict (person_id) do update set digest_sent_at = excluded.digest_sent_at`.execute(trx);
		return { ran: true, mails: byPerson.size, notifications: due.length };
	});
}

export interface DigestRunner {
	stop(): Promise<void>;
}

/**
 * Runs the digest now and then every `intervalMs` (default five minutes) in this process, like
 * the mail worker; `stop()` waits for a run in progress.
 */
export function startDigestRunner(
	db: Kysely<Database>,
	options: DigestOptions & { intervalMs?: number; onError: (error: unknown) => void }
): DigestRunner {
	let running: Promise<unknown> = Promise.resolve();
	let stopped = false;
	const tick = () => {
		if (stopped) return;
		running = running.then(() => runDigest(db, new Date(), options)).catch(options.onError);
	};
	const timer = setInterval(tick, options.intervalMs ?? 5 * 60_000);
	timer.unref();
	// not at once: let the server start first
	const first = setTimeout(tick, 30_000);
	first.unref();
	return {
		async stop() {
			stopped = true;
			clearInterval(timer);
			clearTimeout(first);
			await running;
		}
	};
}
