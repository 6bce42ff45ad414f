/**
 * The one typed error services throw. Routes map `code` to an HTTP status and a message key in
 * the person's language; anything else is an unexpected error (500, logged with request id).
 */
export type AppErrorCode =
	| 'unauthenticated'
	| 'forbidden'
	| 'not_found'
	| 'invalid'
	| 'conflict'
	| 'rate_limited'
	| 'expired';

export const STATUS: Record<AppErrorCode, number> = {
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	invalid: 400,
	conflict: 409,
	rate_limited: 429,
	expired: 410
};

export class AppError extends Error {
	readonly code: AppErrorCode;
	/** a message key of the messages catalogues */
	readonly messageKey: string;
	/** for rate_limited: seconds until the next attempt is allowed */
	readonly retryAfter?: number;
	/** per-field message keys, for forms */
	readonly fields?: Record<string, string>;

	constructor(
		code: AppErrorCode,
		messageKey: string,
		extra: { retryAfter?: number; fields?: Record<string, string> } = {}
	) {
		super(`${code}: ${messageKey}`);
		this.code = code;
		this.messageKey = messageKey;
		this.retryAfter = extra.retryAfter;
		this.fields = extra.fields;
	}

	get status(): number {
		return STATUS[this.code];
	}
}
