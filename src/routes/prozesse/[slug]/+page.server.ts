import { getProcess } from '#lib/server/process/process.service.ts';
import { processJsonLd } from '#lib/server/process/process.presenter.ts';
import { processContext } from '#lib/server/process/process.http.ts';
import { throwHttpError } from '#lib/server/http/context.ts';
import { listEvents } from '#lib/server/event/event.service.ts';
import { eventContext } from '#lib/server/event/event.http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const process = await getProcess(await processContext(event), event.params.slug);
		const field = event.locals.region.topicFields.find((f) => f.key === process.topicField);
		return {
			process,
			field: field ? { key: field.key, name: field.name } : null,
			events: await listEvents(await eventContext(event), { process: event.params.slug }),
			jsonLd: processJsonLd(
				process,
				`${event.url.origin}/prozesse/${process.slug}`,
				event.locals.lang,
				{ name: event.locals.region.name, url: event.url.origin }
			)
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};
