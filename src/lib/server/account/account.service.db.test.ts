import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { startSmtp, linkIn, type TestSmtp } from '../../../../test/smtp.ts';
import { importRegion, readRegionFile } from '../region/region-import.service.ts';
import { deliverQueued, smtpTransport } from '../mail/mail.ts';
import { AppError } from '../security/app-error.ts';
import {
	changePassword,
	confirmEmailChange,
	deleteAccount,
	exportData,
	login,
	register,
	requestEmailChange,
	requestPasswordReset,
	resetPassword,
	verifyEmail,
	type AccountContext
} from './account.service.ts';
import { validateSession } from './session.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let demo: { id: string; name: string };
let other: { id: string; name: string };
let ip = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	smtp = await startSmtp();
	await importRegion(t.db, await readRegionFile('regions/bergstrasse-odenwald.yaml'));
	await importRegion(t.db, await readRegionFile('regions/marburg-biedenkopf.yaml'));
	const regions = await t.db.selectFrom('region').select(['id', 'name', 'slug']).execute();
	demo = regions.find((r) => r.slug === 'bergstrasse-odenwald')!;
	other = regions.find((r) => r.slug === 'marburg-biedenkopf')!;
});
afterAll(async () => {
	await smtp?.close();
	await t?.destroy();
});

// a fresh client address per test, so throttling of one test does not leak into the next
beforeEach(() => {
	ip++;
});

function ctx(region = demo, smtpOn = true): AccountContext {
	return {
		db: t.db,
		region,
		smtp: smtpOn,
		meta: { ip: `10.0.0.${ip}`, userAgent: 'vitest', origin: 'http://localhost:3000', lang: 'de' }
	};
}

async function deliver() {
	await deliverQueued(t.db, smtpTransport(smtp.url), () => '"HeimatLeben" <noreply@localhost>');
}

function tokenOf(link: string): string {
	return new URL(link).searchParams.get('token')!;
}

async function registerVerified(email: string, password = 'Apfelbaum im Odenwald') {
	await register(ctx(), {
		email,
		displayName: 'Erika',
		password,
		terms: 'on',
		newsletter: false,
		municipality: 'heppenheim',
		targetGroup: 'senioren'
	});
	await deliver();
	const mail = await smtp.waitFor(email, /bestätigen/);
	await verifyEmail(ctx(), tokenOf(linkIn(mail.text)));
	return login(ctx(), { email, password });
}

async function sessionOf(token: string, region = demo) {
	return (await validateSession(t.db, token, region.id))!;
}

describe('registration and verification', () => {
	test('registers, mails a link over SMTP, verifies once', async () => {
		await register(ctx(), {
			email: 'anna@example.org',
			displayName: 'Anna',
			password: 'Sonnenblumen am Weg',
			terms: 'on',
			newsletter: false,
			municipality: undefined,
			targetGroup: undefined
		});
		const person = await t.db
			.selectFrom('person')
			.selectAll()
			.where('email', '=', 'anna@example.org')
			.executeTakeFirstOrThrow();
		expect(person.email_verified_at).toBeNull();
		expect(person.newsletter).toBe(false);
		expect(person.terms_accepted_at).toBeInstanceOf(Date);
		expect(person.password_hash).toMatch(/^\$argon2id\$/);
		await deliver();
		const mail = await smtp.waitFor('anna@example.org', /bestätigen/);
		const token = tokenOf(linkIn(mail.text));
		// two clicks at once: exactly one succeeds
		const results = await Promise.allSettled([
			verifyEmail(ctx(), token),
			verifyEmail(ctx(), token)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		await expect(verifyEmail(ctx(), token)).rejects.toMatchObject({ code: 'expired' });
		// the delivered mail's body (with its live link) is not kept
		const stored = await t.db
			.selectFrom('mail')
			.select(['body', 'status'])
			.where('to_address', '=', 'anna@example.org')
			.execute();
		expect(stored).toEqual([{ body: '', status: 'sent' }]);
	});

	test('a known address gets a notice, not a second account, and the visitor learns nothing', async () => {
		await registerVerified('bert@example.org');
		await expect(
			register(ctx(), {
				email: 'bert@example.org',
				displayName: 'Someone',
				password: 'Ganz anderes Passwort',
				terms: 'on',
				newsletter: false,
				municipality: undefined,
				targetGroup: undefined
			})
		).resolves.toBeUndefined();
		await deliver();
		await smtp.waitFor('bert@example.org', /bereits ein Konto/);
		const count = await t.db
			.selectFrom('person')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('email', '=', 'bert@example.org')
			.executeTakeFirstOrThrow();
		expect(count.n).toBe(1);
	});

	test('common and personal passwords are refused with a field message', async () => {
		for (const [password, key] of [
			['passwort123', 'account.password.common'],
			['12345678', 'account.password.common'],
			['carla@example.org', 'account.password.personal']
		]) {
			const error = await register(ctx(), {
				email: 'carla@example.org',
				displayName: 'Carla',
				password: password!,
				terms: 'on',
				newsletter: false,
				municipality: undefined,
				targetGroup: undefined
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(AppError);
			expect((error as AppError).fields).toEqual({ password: key });
		}
		expect(
			await t.db
				.selectFrom('person')
				.select('id')
				.where('email', '=', 'carla@example.org')
				.execute()
		).toEqual([]);
	});

	test('without SMTP, mail is held in the outbox with its text', async () => {
		await register(ctx(demo, false), {
			email: 'dora@example.org',
			displayName: 'Dora',
			password: 'Kirschblüte 2026',
			terms: 'on',
			newsletter: true,
			municipality: undefined,
			targetGroup: undefined
		});
		const mail = await t.db
			.selectFrom('mail')
			.select(['status', 'body'])
			.where('to_address', '=', 'dora@example.org')
			.executeTakeFirstOrThrow();
		expect(mail.status).toBe('held');
		expect(mail.body).toContain('/konto/bestaetigen?token=');
	});
});

describe('login, sessions and throttling', () => {
	test('wrong password and unknown e-mail get the same answer', async () => {
		await registerVerified('emil@example.org');
		const wrong = await login(ctx(), {
			email: 'emil@example.org',
			password: 'falsch falsch'
		}).catch((e) => e);
		const unknown = await login(ctx(), {
			email: 'nobody@example.org',
			password: 'falsch falsch'
		}).catch((e) => e);
		expect(wrong).toMatchObject({ code: 'unauthenticated', messageKey: 'account.login.failed' });
		expect(unknown).toMatchObject({ code: 'unauthenticated', messageKey: 'account.login.failed' });
	});

	test('the eleventh attempt on one account within 15 minutes is throttled with Retry-After', async () => {
		await registerVerified('frieda@example.org');
		const attempts = [];
		for (let i = 0; i < 11; i++) {
			ip++; // even from different addresses: the account limit holds
			attempts.push(
				await login(ctx(), { email: 'frieda@example.org', password: 'nicht richtig' }).catch(
					(e) => e
				)
			);
		}
		expect(attempts.slice(0, 10).every((e) => e.code === 'unauthenticated')).toBe(true);
		expect(attempts[10]).toMatchObject({ code: 'rate_limited' });
		expect(attempts[10].retryAfter).toBeGreaterThan(0);
		expect(attempts[10].retryAfter).toBeLessThanOrEqual(15 * 60);
	});

	test('concurrent attempts never slip past the limit', async () => {
		await registerVerified('gustav@example.org');
		const results = await Promise.all(
			Array.from({ length: 30 }, () =>
				login(ctx(), { email: 'gustav@example.org', password: 'nicht richtig' }).catch((e) => e)
			)
		);
		expect(results.filter((e) => e.code === 'unauthenticated')).toHaveLength(10);
		expect(results.filter((e) => e.code === 'rate_limited')).toHaveLength(20);
	});

	test('a session belongs to one region', async () => {
		const { token } = await registerVerified('hanna@example.org');
		expect(await validateSession(t.db, token, demo.id)).toMatchObject({
			email: 'hanna@example.org'
		});
		expect(await validateSession(t.db, token, other.id)).toBeNull();
		// and the same e-mail is a different account in the other region
		await expect(
			login(ctx(other), { email: 'hanna@example.org', password: 'Apfelbaum im Odenwald' })
		).rejects.toMatchObject({
			code: 'unauthenticated'
		});
	});

	test('idle and absolute timeouts end sessions', async () => {
		const { token } = await registerVerified('ida@example.org');
		const session = await sessionOf(token);
		await t.db
			.updateTable('session')
			.set({ last_seen_at: sql`now() - interval '13 hours'` })
			.where('token_hash', '=', session.sessionHash)
			.execute();
		expect(await validateSession(t.db, token, demo.id)).toBeNull();
		await t.db
			.updateTable('session')
			.set({ last_seen_at: sql`now()`, expires_at: sql`now() - interval '1 second'` })
			.where('token_hash', '=', session.sessionHash)
			.execute();
		expect(await validateSession(t.db, token, demo.id)).toBeNull();
	});
});

describe('passwords and e-mail', () => {
	test('reset by link: single use, expires, ends every session', async () => {
		const { token: sessionToken } = await registerVerified('jana@example.org');
		await requestPasswordReset(ctx(), 'jana@example.org');
		await requestPasswordReset(ctx(), 'unknown@example.org'); // same outcome, no mail
		await deliver();
		const mail = await smtp.waitFor('jana@example.org', /Neues Passwort/);
		const token = tokenOf(linkIn(mail.text));
		await resetPassword(ctx(), { token, password: 'Neues langes Passwort' });
		await expect(
			resetPassword(ctx(), { token, password: 'Noch ein Passwort' })
		).rejects.toMatchObject({ code: 'expired' });
		expect(await validateSession(t.db, sessionToken, demo.id)).toBeNull();
		await expect(
			login(ctx(), { email: 'jana@example.org', password: 'Neues langes Passwort' })
		).resolves.toBeTruthy();
		expect(smtp.mails.filter((m) => m.to.includes('unknown@example.org'))).toEqual([]);

		await requestPasswordReset(ctx(), 'jana@example.org');
		await deliver();
		await new Promise((r) => setTimeout(r, 50));
		const second = smtp.mails
			.filter((m) => m.to.includes('jana@example.org') && /Neues Passwort/.test(m.subject))
			.at(-1)!;
		await t.db
			.updateTable('email_token')
			.set({ expires_at: sql`now() - interval '1 second'` })
			.where('purpose', '=', 'reset_password')
			.execute();
		await expect(
			resetPassword(ctx(), { token: tokenOf(linkIn(second.text)), password: 'Noch ein Passwort' })
		).rejects.toMatchObject({ code: 'expired' });
	});

	test('changing the password needs the current one and ends the other sessions', async () => {
		const { token: first } = await registerVerified('karl@example.org');
		const { token: second } = await login(ctx(), {
			email: 'karl@example.org',
			password: 'Apfelbaum im Odenwald'
		});
		const person = await sessionOf(second);
		await expect(
			changePassword(ctx(), person, { currentPassword: 'falsch', password: 'Neues Passwort hier' })
		).rejects.toMatchObject({ fields: { currentPassword: 'account.password.wrong' } });
		expect(
			await changePassword(ctx(), person, {
				currentPassword: 'Apfelbaum im Odenwald',
				password: 'Neues Passwort hier'
			})
		).toBe(1);
		expect(await validateSession(t.db, first, demo.id)).toBeNull();
		expect(await validateSession(t.db, second, demo.id)).not.toBeNull();
	});

	test('e-mail change: re-authenticate, confirm at the new address, notice to the old one', async () => {
		const { token } = await registerVerified('lena@example.org');
		const person = await sessionOf(token);
		await requestEmailChange(ctx(), person, {
			currentPassword: 'Apfelbaum im Odenwald',
			email: 'lena.neu@example.org'
		});
		await deliver();
		await smtp.waitFor('lena@example.org', /geändert werden/);
		const mail = await smtp.waitFor('lena.neu@example.org', /Neue E-Mail-Adresse/);
		await confirmEmailChange(ctx(), tokenOf(linkIn(mail.text)));
		const row = await t.db
			.selectFrom('person')
			.select('email')
			.where('id', '=', person.id)
			.executeTakeFirstOrThrow();
		expect(row.email).toBe('lena.neu@example.org');
	});
});

describe('privacy', () => {
	test('export has the person’s data and nobody else’s', async () => {
		const { token } = await registerVerified('mia@example.org');
		await registerVerified('noah@example.org');
		const data = await exportData(ctx(), await sessionOf(token));
		expect(data.person).toMatchObject({
			email: 'mia@example.org',
			municipality: 'Heppenheim',
			target_group: 'senioren'
		});
		expect(JSON.stringify(data)).not.toContain('noah@example.org');
		expect(JSON.stringify(data)).not.toContain('password');
		expect(data.sessions.length).toBeGreaterThan(0);
	});

	test('delete removes the person, sessions, tokens and mails', async () => {
		const { token } = await registerVerified('olga@example.org');
		const person = await sessionOf(token);
		await expect(
			deleteAccount(ctx(), person, { currentPassword: 'wrong', contributions: 'anonymise' })
		).rejects.toMatchObject({ code: 'invalid' });
		await deleteAccount(ctx(), person, {
			currentPassword: 'Apfelbaum im Odenwald',
			contributions: 'anonymise'
		});
		for (const table of ['person', 'session'] as const) {
			const rows = await t.db
				.selectFrom(table)
				.select(sql`1`.as('x'))
				.where(table === 'person' ? 'id' : 'person_id', '=', person.id)
				.execute();
			expect(rows, table).toEqual([]);
		}
		expect(
			await t.db
				.selectFrom('mail')
				.select('id')
				.where('to_address', '=', 'olga@example.org')
				.execute()
		).toEqual([]);
		const logged = await t.db
			.selectFrom('audit_entry')
			.select(['action', 'actor_id'])
			.where('target_id', '=', person.id)
			.where('action', '=', 'account.deleted')
			.execute();
		expect(logged).toEqual([{ action: 'account.deleted', actor_id: null }]);
	});
});

describe('deleting an account never leaves nobody in charge', () => {
	test('the only admin of an organisation, or of the region, must hand over first', async () => {
		const { token } = await registerVerified('paula@example.org');
		const paula = await sessionOf(token);
		const place = await t.db
			.selectFrom('municipality')
			.select(['id', 'lat', 'lon'])
			.where('region_id', '=', demo.id)
			.executeTakeFirstOrThrow();
		const org = await t.db
			.insertInto('organisation')
			.values({
				region_id: demo.id,
				slug: 'paulas-hof',
				name: 'Paulas Hof',
				kind: 'farm_shop',
				sector: 'wirtschaft',
				municipality_id: place.id,
				lat: place.lat,
				lon: place.lon
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await t.db
			.insertInto('organisation_member')
			.values({ region_id: demo.id, organisation_id: org.id, person_id: paula.id, role: 'admin' })
			.execute();
		const input = { currentPassword: 'Apfelbaum im Odenwald', contributions: 'anonymise' as const };
		await expect(deleteAccount(ctx(), paula, input)).rejects.toMatchObject({
			messageKey: 'account.delete.lastOrgAdmin'
		});
		const { token: other } = await registerVerified('quentin@example.org');
		const quentin = await sessionOf(other);
		await t.db
			.insertInto('organisation_member')
			.values({ region_id: demo.id, organisation_id: org.id, person_id: quentin.id, role: 'admin' })
			.execute();
		await t.db
			.updateTable('person')
			.set({ role: 'region_admin' })
			.where('id', '=', paula.id)
			.execute();
		await expect(
			deleteAccount(ctx(), { ...paula, role: 'region_admin' }, input)
		).rejects.toMatchObject({
			messageKey: 'account.delete.lastRegionAdmin'
		});
		await t.db
			.updateTable('person')
			.set({ role: 'region_admin' })
			.where('id', '=', quentin.id)
			.execute();
		await deleteAccount(ctx(), { ...paula, role: 'region_admin' }, input);
		const left = await t.db.selectFrom('person').select('id').where('id', '=', paula.id).execute();
		expect(left).toEqual([]);
	});
});
