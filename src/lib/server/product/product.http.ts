/**
 * The product capability's glue to SvelteKit: the service context from a request, reading the
 * product form (checkbox groups arrive as several values of one name), and how service errors
 * become responses: input problems back to the form with everything typed kept, the rest as
 * HTTP errors (sign in, 403, 404).
 */
import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, throwHttpError } from '../http/context.ts';
import type { FormFailure } from '../http/form.ts';
import { AppError } from '../security/app-error.ts';
import { productSchema, type ProductInput } from './product.schema.ts';
import type { ProductContext } from './product.service.ts';

export async function productContext(event: RequestEvent): Promise<ProductContext> {
	const { db } = await app();
	// the snapshot's region object itself: region-lists.ts keeps the region's lists by it
	return { db, region: event.locals.region, actor: actorOf(event) };
}

export { throwHttpError };

const MULTI = new Set(['months', 'labels']);

/** The values as typed, for the form to show again; checkbox groups joined with commas. */
function typedValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = (MULTI.has(key) ? all.join(',') : (all.at(-1) ?? '')).slice(0, 5000);
	}
	return values;
}

export function parseProductForm(
	data: FormData
): { ok: true; data: ProductInput } | { ok: false; failure: ActionFailure<FormFailure> } {
	const raw: Record<string, unknown> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		raw[key] = MULTI.has(key) ? all : all.at(-1);
	}
	const parsed = productSchema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? '_form');
		errors[field] ??=
			issue.message.includes('.') && !issue.message.includes(' ') ? issue.message : 'form.invalid';
	}
	return {
		ok: false,
		failure: fail(400, { values: typedValues(data), errors, message: 'form.errorSummary' })
	};
}

const FORM_PROBLEMS = new Set(['invalid', 'conflict', 'rate_limited']);

/** For actions: input problems and conflicts go back to the form, the rest as HTTP errors. */
export function actionError(
	event: RequestEvent,
	caught: unknown,
	data: FormData
): ActionFailure<FormFailure> {
	if (caught instanceof AppError && FORM_PROBLEMS.has(caught.code)) {
		return fail(caught.status, {
			values: typedValues(data),
			errors: caught.fields ?? {},
			message: caught.messageKey
		});
	}
	throwHttpError(event, caught);
}
