import type { RequestEvent } from '@sveltejs/kit';
import { app } from '../app-context.ts';
import { actorOf, clientAddress } from '../http/context.ts';
import type { NotificationContext } from './notification.service.ts';
import type { AnswerContext } from './official-answer.service.ts';

export async function notificationContext(
	event: RequestEvent
): Promise<NotificationContext & AnswerContext> {
	const { db } = await app();
	return {
		db,
		region: { id: event.locals.region.id },
		actor: actorOf(event),
		meta: { ip: clientAddress(event) }
	};
}
