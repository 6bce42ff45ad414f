/**
 * Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), at least 8 and at most
 * 256 characters, no composition rules, refused when common (a bundled list of about 49,000
 * leaked passwords, plus German ones) or when it is the person's own name or e-mail.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// algorithm 2 = Argon2id (the package exports it as a const enum, which type stripping cannot read)
const OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

const GERMAN_COMMON = [
	'passwort',
	'passwort1',
	'passwort123',
	'hallo123',
	'hallohallo',
	'schatz',
	'schatzi',
	'geheim',
	'geheim123',
	'fussball',
	'fußball',
	'sommer',
	'sommer2024',
	'sommer2025',
	'sommer2026',
	'winter2026',
	'deutschland',
	'odenwald',
	'bergstrasse',
	'heimatleben',
	'qwertz',
	'qwertzuiop',
	'asdfghjkl',
	'ichliebedich',
	'einszweidrei',
	'lieblings',
	'blumen',
	'sonnenschein',
	'mausi123',
	'hase1234'
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
	common ??= new Set([
		...(dictionary['passwords-common'] as unknown as string[]).map((p) => String(p).toLowerCase()),
		...GERMAN_COMMON
	]);
	return common;
}

/** The message key of the first rule the password breaks, or null when it may be used. */
export function passwordProblem(
	password: string,
	person: { email?: string; displayName?: string } = {}
): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'account.password.tooShort';
	if (length > PASSWORD_MAX) return 'account.password.tooLong';
	const lower = password.toLowerCase();
	if (
		commonPasswords().has(lower) ||
		/^(.)\1+$/.test(password) ||
		/^(0123456789|1234567890)/.test(password)
	)
		return 'account.password.common';
	const own = [person.email, person.email?.split('@')[0], person.displayName]
		.filter((v): v is string => Boolean(v && v.length >= 3))
		.map((v) => v.toLowerCase());
	if (own.includes(lower)) return 'account.password.personal';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

/**
 * Verifying against this when no account exists makes a failed login take as long as a wrong
 * password, so the response time does not tell whether an e-mail is registered.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword('not-a-real-password-' + Math.random());
	return dummy;
}
