/**
 * One way to read a form: parse it with the action's zod schema; on failure return, per field,
 * the message key of the first problem and the values as typed (without secrets), so the page
 * shows every message in the person's language and keeps what they entered.
 */
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { AppError } from '../security/app-error.ts';

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;
export interface FormFailure {
	values: FormValues;
	errors: FormErrors;
	/** a message key for the whole form */
	message?: string;
}

const SECRET = /password|passwort|token/i;

export function formValues(data: FormData): FormValues {
	const values: FormValues = {};
	for (const [key, value] of data) {
		if (typeof value === 'string' && !SECRET.test(key)) values[key] = value.slice(0, 5000);
	}
	return values;
}

export function parseForm<S extends z.ZodType>(
	schema: S,
	data: FormData
): { ok: true; data: z.infer<S> } | { ok: false; failure: ActionFailure<FormFailure> } {
	const raw: Record<string, unknown> = {};
	for (const [key, value] of data) if (typeof value === 'string') raw[key] = value;
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: FormErrors = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		// schemas give message keys; zod's own messages (e.g. wrong type) become a generic one
		errors[field] ??=
			issue.message.includes('.') && !issue.message.includes(' ') ? issue.message : 'form.invalid';
	}
	return { ok: false, failure: fail(400, { values: formValues(data), errors }) };
}

/** Turns an AppError from a service into a form failure; rethrows anything else. */
export function failFromError(
	error: unknown,
	data: FormData,
	setHeaders?: (headers: Record<string, string>) => void
): ActionFailure<FormFailure> {
	if (!(error instanceof AppError)) throw error;
	if (error.retryAfter && setHeaders) setHeaders({ 'retry-after': String(error.retryAfter) });
	return fail(error.status, {
		values: formValues(data),
		errors: error.fields ?? {},
		message: error.messageKey
	});
}
