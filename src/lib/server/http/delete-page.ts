import type { RequestEvent } from '@sveltejs/kit';
import { AppError } from '../security/app-error.ts';
import { throwHttpError } from './context.ts';

/** The query parameter a delete page's action redirects to once the thing is gone. */
export const DELETED_PARAM = 'geloescht';

/**
 * A delete page's data (a page of its own, confirmed with a box and a button, without
 * JavaScript): what `read` returns while the thing exists; once it is gone and the address
 * says it was deleted here (?geloescht), `{ deleted: true }`, so the page can say so.
 * Any other failure is the usual HTTP error.
 */
export async function deletePageData<T extends object>(
	event: RequestEvent,
	read: () => Promise<T>
): Promise<({ deleted: false } & T) | { deleted: true }> {
	try {
		return { deleted: false as const, ...(await read()) };
	} catch (caught) {
		const gone = caught instanceof AppError && caught.code === 'not_found';
		if (gone && event.url.searchParams.has(DELETED_PARAM)) return { deleted: true as const };
		throwHttpError(event, caught);
	}
}
