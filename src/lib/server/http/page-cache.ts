/**
 * Micro-cache for anonymous page views: the same HTML for everybody who is not signed in, in
 * the same region, language and URL, is rendered at most once per PAGE_CACHE_SECONDS (default
 * 2 s) per process. This is what keeps a busy market-day home page fast on a small server;
 * nobody signed in ever gets a cached page (their pages name them), responses that set cookies
 * or are not 200 are never stored, and content changes show within the few seconds.
 */
const MAX_ENTRIES = 500;
const MAX_BODY = 512 * 1024;

interface Entry {
	at: number;
	status: number;
	headers: [string, string][];
	body: Uint8Array;
}

export interface PageCache {
	key(request: Request, url: URL, lang: string, hasSession: boolean): string | null;
	get(key: string): Response | null;
	store(key: string, response: Response): Promise<Response>;
}

export function createPageCache(ttlSeconds: number): PageCache {
	const entries = new Map<string, Entry>();
	const ttl = ttlSeconds * 1000;
	return {
		key(request, url, lang, hasSession) {
			if (ttl <= 0 || hasSession || request.method !== 'GET') return null;
			// only documents; data endpoints and files have their own cache headers
			if (!(request.headers.get('accept') ?? '').includes('text/html')) return null;
			if (url.pathname.startsWith('/konto') || url.pathname.startsWith('/admin')) return null;
			return `${url.protocol}//${url.host}|${lang}|${url.pathname}${url.search}`;
		},
		get(key) {
			const entry = entries.get(key);
			if (!entry) return null;
			if (Date.now() - entry.at > ttl) {
				entries.delete(key);
				return null;
			}
			return new Response(entry.body.slice(), { status: entry.status, headers: entry.headers });
		},
		async store(key, response) {
			if (response.status !== 200 || response.headers.has('set-cookie')) return response;
			if (/no-store|private/.test(response.headers.get('cache-control') ?? '')) return response;
			if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
			// a page with scripts carries a per-response nonce, which must never be reused
			if ((response.headers.get('content-security-policy') ?? '').includes("'nonce-"))
				return response;
			const body = new Uint8Array(await response.arrayBuffer());
			const headers = [...response.headers].filter(([name]) => name !== 'x-request-id');
			if (body.byteLength <= MAX_BODY) {
				if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
				entries.set(key, { at: Date.now(), status: response.status, headers, body });
			}
			return new Response(body, { status: response.status, headers: response.headers });
		}
	};
}
