import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { building, version } from '$app/env';
import { app, initApp } from '#lib/server/app-context.ts';
import { hostName } from '#lib/server/region/region.service.ts';
import { isLanguage, negotiateLanguage, t, type Language } from '#lib/i18n/index.ts';
import { log } from '#lib/server/log.ts';
import { readConfig, withImageSource } from '#lib/server/config.ts';
import { LANGUAGE_COOKIE } from '#lib/server/http/language.ts';
import { SESSION_COOKIE, validateSession } from '#lib/server/account/session.ts';

export const init: ServerInit = async () => {
	if (building) return;
	await initApp(version);
};

const REQUEST_ID = /^[\w.:-]{8,128}$/;

/** Paths served without a region (health checks must work for any host name). */
const REGIONLESS = new Set(['/healthz']);

export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const incoming = event.request.headers.get('x-request-id');
	const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
	event.locals.requestId = requestId;

	const { regions, db, pageCache } = await app();
	// url.host honours X-Forwarded-Host only when TRUST_PROXY is set (see server.ts)
	const region = await regions.resolve(hostName(event.url.host));
	const cookieLang = event.cookies.get(LANGUAGE_COOKIE);
	const lang: Language = isLanguage(cookieLang)
		? cookieLang
		: negotiateLanguage(
				event.request.headers.get('accept-language'),
				region?.defaultLanguage ?? 'de'
			);
	event.locals.lang = lang;

	let response: Response;
	if (!region && !REGIONLESS.has(event.url.pathname)) {
		response = new Response(t(lang, 'error.unknownRegion'), {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	} else {
		event.locals.person = null;
		const token = event.cookies.get(SESSION_COOKIE);
		const cacheKey = region ? pageCache.key(event.request, event.url, lang, Boolean(token)) : null;
		const cached = cacheKey ? pageCache.get(cacheKey) : null;
		if (cached) {
			response = cached;
		} else {
			if (region) {
				event.locals.region = region;
				if (token) event.locals.person = await validateSession(db, token, region.id);
			}
			response = await resolve(event, {
				transformPageChunk: ({ html }) => html.replace('%lang%', lang)
			});
			if (cacheKey) response = await pageCache.store(cacheKey, response);
		}
	}

	setSecurityHeaders(response.headers, event.url.protocol === 'https:');
	response.headers.set('x-request-id', requestId);
	if (!response.headers.has('vary')) response.headers.set('vary', 'Accept-Language, Cookie');
	log.info(
		{
			requestId,
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			region: region?.slug,
			person: event.locals.person?.id,
			ms: Math.round(performance.now() - started)
		},
		'request'
	);
	return response;
};

let mapTileOrigin: string | null | undefined;

/** The configured tile server may serve images to pages (and only then: no setting, no host). */
function allowMapTiles(headers: Headers) {
	// undefined until read; null when no tile server is set (`??=` would read it again each time)
	if (mapTileOrigin === undefined) mapTileOrigin = readConfig().mapTileOrigin;
	const policy = headers.get('content-security-policy');
	if (!mapTileOrigin || !policy) return;
	headers.set('content-security-policy', withImageSource(policy, mapTileOrigin));
}

function setSecurityHeaders(headers: Headers, https: boolean) {
	allowMapTiles(headers);
	// Pages get SvelteKit's CSP with nonces; every other response (JSON, files, errors) gets
	// the strictest policy, as nothing there should run or embed anything.
	if (!headers.has('content-security-policy')) {
		headers.set(
			'content-security-policy',
			"default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
		);
	}
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	headers.set('cross-origin-opener-policy', 'same-origin');
	headers.set(
		'permissions-policy',
		'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=()'
	);
	if (https) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

export const handleError: HandleServerError = (caught) => {
	const requestId = caught.event.locals.requestId;
	if (caught.kind === 'unknown') {
		log.error(
			{ requestId, err: caught.error, path: caught.event.url.pathname },
			'unexpected error'
		);
		// Never show internals: a generic message and a reference the person can quote.
		return { message: 'Internal Error', requestId };
	}
	return { message: caught.error.message, requestId };
};
