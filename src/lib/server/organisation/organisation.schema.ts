/**
 * One schema per organisation action; every message is a key of messages/organisation.*.json.
 * The kinds and sectors are the same lists the database checks (migration 2026_11_27_1800).
 */
import { z } from 'zod';

export const KINDS = [
	'producer',
	'farm_shop',
	'village_shop',
	'market_organiser',
	'coworking',
	'landlord',
	'craft_service',
	'practice',
	'care_service',
	'association',
	'school',
	'municipality',
	'tourism_office',
	'other'
] as const;
export type OrganisationKind = (typeof KINDS)[number];

/** Kinds shown to search engines as schema.org LocalBusiness (a place customers visit). */
export const BUSINESS_KINDS: ReadonlySet<OrganisationKind> = new Set([
	'producer',
	'farm_shop',
	'village_shop',
	'coworking',
	'landlord',
	'craft_service',
	'practice',
	'care_service',
	'tourism_office'
]);

export const SECTORS = ['politik', 'verwaltung', 'wirtschaft', 'zivilgesellschaft'] as const;
export type OrganisationSector = (typeof SECTORS)[number];

export const MEMBER_ROLES = ['admin', 'member'] as const;

/** Control characters other than tab and line breaks: never wanted in plain text. */
function hasControl(text: string, allowBreaks: boolean): boolean {
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
		if (control && !(allowBreaks && (char === '\n' || char === '\t'))) return true;
	}
	return false;
}

/** One line of text (a name, a street): trimmed, without control characters. */
function line(max: number, message: string, min = 0) {
	return z
		.string()
		.trim()
		.min(min, { message })
		.max(max, { message })
		.refine((v) => !hasControl(v, false), { message });
}

/** Several lines of plain text: line endings normalised, never interpreted as markup. */
function plainText(max: number, message: string) {
	return z
		.string()
		.transform((v) => v.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.max(max, { message })
				.refine((v) => !hasControl(v, true), { message })
		);
}

/**
 * A public contact address, shown as a mailto: link: no characters that would add headers or
 * parameters to the link (? & # %), a domain of letters, digits and hyphens.
 */
export const EMAIL_PATTERN =
	/^[^\s@<>()[\]\\,;:"?&#%/]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u;

const optionalEmail = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, { message: 'organisation.email.invalid' })
	.refine((v) => v === '' || EMAIL_PATTERN.test(v), { message: 'organisation.email.invalid' });

/** An invited person's address: the same rule as for accounts, which it must match. */
const inviteeEmail = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, { message: 'organisation.email.invalid' })
	.regex(/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/, {
		message: 'organisation.email.invalid'
	});

/**
 * A public web address. Only http and https: `javascript:`, `data:` and the like never become
 * links. An address typed without a scheme (`www.example.de`) gets https.
 */
export function normaliseWebsite(value: string): string | null {
	const text = value.trim();
	if (text === '') return '';
	if (/\s/.test(text) || text.length > 300) return null;
	// "scheme:" not followed by a port number
	const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) ? text : `https://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (url.username || url.password || !url.hostname.includes('.')) return null;
	return url.href;
}

const website = z.string().transform((value, ctx) => {
	const normalised = normaliseWebsite(value);
	if (normalised === null) {
		ctx.addIssue({ code: 'custom', message: 'organisation.website.invalid' });
		return z.NEVER;
	}
	return normalised;
});

/** A coordinate typed with a decimal point or a German decimal comma; empty means none. */
function coordinate(limit: number, message: string) {
	return z
		.string()
		.trim()
		.transform((value, ctx) => {
			if (value === '') return null;
			const number = Number(value.replace(',', '.'));
			if (!/^-?\d{1,3}([.,]\d{1,7})?$/.test(value) || Math.abs(number) > limit) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return number;
		});
}

export const organisationSchema = z
	.object({
		name: line(120, 'organisation.name.invalid', 2),
		kind: z.enum(KINDS, { message: 'organisation.kind.required' }),
		sector: z.enum(SECTORS, { message: 'organisation.sector.required' }),
		description: plainText(4000, 'organisation.description.invalid').default(''),
		street: line(120, 'organisation.street.invalid').default(''),
		postcode: z
			.string()
			.trim()
			.refine((v) => v === '' || /^[0-9A-Za-z -]{3,10}$/.test(v), {
				message: 'organisation.postcode.invalid'
			})
			.default(''),
		municipality: z
			.string({ message: 'organisation.municipality.required' })
			.trim()
			.min(1, { message: 'organisation.municipality.required' })
			.max(80, { message: 'organisation.municipality.required' }),
		lat: coordinate(90, 'organisation.lat.invalid').default(null),
		lon: coordinate(180, 'organisation.lon.invalid').default(null),
		email: optionalEmail.default(''),
		phone: z
			.string()
			.trim()
			.refine((v) => v === '' || (/^\+?[0-9 ()/.-]{3,30}$/.test(v) && /\d{3}/.test(v)), {
				message: 'organisation.phone.invalid'
			})
			.default(''),
		website: website.default(''),
		openingHours: plainText(500, 'organisation.openingHours.invalid').default('')
	})
	.superRefine((value, ctx) => {
		if ((value.lat === null) !== (value.lon === null)) {
			ctx.addIssue({
				code: 'custom',
				path: [value.lat === null ? 'lat' : 'lon'],
				message: 'organisation.location.both'
			});
		}
	});
export type OrganisationInput = z.infer<typeof organisationSchema>;

export const listQuerySchema = z.object({
	art: z.enum(KINDS).optional().catch(undefined),
	sektor: z.enum(SECTORS).optional().catch(undefined),
	ort: z
		.string()
		.regex(/^[a-z0-9-]{1,80}$/)
		.optional()
		.catch(undefined),
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const inviteSchema = z.object({
	email: inviteeEmail,
	role: z.enum(MEMBER_ROLES, { message: 'organisation.role.required' })
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const memberSchema = z.object({ person: z.uuid({ message: 'form.invalid' }) });

export const memberRoleSchema = z.object({
	person: z.uuid({ message: 'form.invalid' }),
	role: z.enum(MEMBER_ROLES, { message: 'organisation.role.required' })
});
export type MemberRoleInput = z.infer<typeof memberRoleSchema>;

/** Slugs as organisations get them (see slugify); anything else cannot name one. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
