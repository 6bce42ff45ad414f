/** One schema per account action; messages are keys of messages/account.*.json. */
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './password.ts';

const email = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, { message: 'account.email.invalid' })
	.regex(/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/, {
		message: 'account.email.invalid'
	});

const newPassword = z
	.string()
	.min(PASSWORD_MIN, { message: 'account.password.tooShort' })
	.max(PASSWORD_MAX, { message: 'account.password.tooLong' });

const displayName = z
	.string()
	.trim()
	.min(2, { message: 'account.displayName.invalid' })
	.max(60, { message: 'account.displayName.invalid' })
	// no control characters or angle brackets in names shown to others
	.regex(/^[^\p{Cc}<>]+$/u, { message: 'account.displayName.invalid' });

const optionalKey = z
	.string()
	.max(80)
	.optional()
	.transform((v) => (v ? v : undefined));

const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true' || v === '1');

export const registerSchema = z.object({
	email,
	displayName,
	password: newPassword,
	municipality: optionalKey,
	targetGroup: optionalKey,
	terms: z.literal('on', { message: 'account.terms.required' }),
	newsletter: checkbox
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
	email: z.string().trim().toLowerCase().min(1, { message: 'account.email.required' }).max(254),
	password: z.string().min(1, { message: 'account.password.required' }).max(PASSWORD_MAX)
});

export const requestResetSchema = z.object({ email });

export const resetPasswordSchema = z.object({
	token: z.string().min(20).max(100),
	password: newPassword
});

export const changePasswordSchema = z.object({
	currentPassword: z.string().min(1, { message: 'account.password.required' }).max(PASSWORD_MAX),
	password: newPassword
});

export const changeEmailSchema = z.object({
	currentPassword: z.string().min(1, { message: 'account.password.required' }).max(PASSWORD_MAX),
	email
});

export const profileSchema = z.object({
	displayName,
	municipality: optionalKey,
	targetGroup: optionalKey,
	newsletter: checkbox,
	language: z.enum(['de', 'en'], { message: 'form.invalid' })
});

export const deleteAccountSchema = z.object({
	currentPassword: z.string().min(1, { message: 'account.password.required' }).max(PASSWORD_MAX),
	contributions: z.enum(['anonymise', 'remove'], { message: 'account.delete.choose' })
});

export const endSessionSchema = z.object({ session: z.string().min(10).max(100) });
