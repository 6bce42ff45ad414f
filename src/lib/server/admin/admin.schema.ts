/**
 * One schema per admin page query and action. Messages are keys of messages/admin.*.json.
 * Query parameters carry German names like every path of the site (`seite`, `suche` …).
 */
import { z } from 'zod';
import { ROLES } from './admin.policy.ts';

export const PAGE_SIZE = 50;

/** A page number; anything unusable means the first page. */
const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

export const peopleQuerySchema = z.object({
	seite: pageNumber,
	suche: z.string().trim().max(100, { message: 'admin.people.searchTooLong' }).default('')
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const changeRoleSchema = z.object({
	person: z.uuid({ message: 'form.invalid' }),
	role: z.enum(ROLES, { message: 'admin.role.invalid' })
});
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;

export const ORGANISATION_STATUS = ['alle', 'offen', 'bestaetigt'] as const;
export const organisationsQuerySchema = z.object({
	seite: pageNumber,
	status: z.enum(ORGANISATION_STATUS).catch('alle')
});
export type OrganisationsQuery = z.infer<typeof organisationsQuerySchema>;

export const mailQuerySchema = z.object({ seite: pageNumber });
export type MailQuery = z.infer<typeof mailQuerySchema>;

export const auditQuerySchema = z.object({
	seite: pageNumber,
	aktion: z
		.string()
		.trim()
		.toLowerCase()
		.max(60, { message: 'admin.audit.filterInvalid' })
		.regex(/^[a-z_.]*$/, { message: 'admin.audit.filterInvalid' })
		.default('')
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Reads a page's query parameters with its schema (first value of each name). */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams) {
	const raw: Record<string, string> = {};
	for (const [key, value] of params) raw[key] ??= value;
	return schema.safeParse(raw);
}
