import { fail } from '@sveltejs/kit';
import { ballotFromForm, compareSchema } from '#lib/server/prioritisation/prioritisation.schema.ts';
import {
	closeRound,
	compare,
	getRound,
	vote
} from '#lib/server/prioritisation/prioritisation.service.ts';
import { prioritisationContext } from '#lib/server/prioritisation/prioritisation.http.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		return {
			round: await getRound(await prioritisationContext(event), event.params.id),
			signedIn: event.locals.person !== null
		};
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	vote: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const ballot = ballotFromForm(data);
		const values = Object.fromEntries(
			[...data].filter(([k, v]) => k.startsWith('item-') && typeof v === 'string')
		) as Record<string, string>;
		if (!ballot) return fail(400, { message: 'prioritisation.pointsInvalid', values });
		try {
			await vote(await prioritisationContext(event), event.params.id, ballot);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
				return fail(caught.status, { message: caught.messageKey, values });
			}
			throwHttpError(event, caught);
		}
		return { voted: true };
	},
	compare: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = compareSchema.safeParse(Object.fromEntries(data));
		if (!parsed.success) return fail(400, { message: 'prioritisation.choice.invalid' });
		try {
			await compare(await prioritisationContext(event), event.params.id, parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && ['invalid', 'conflict'].includes(caught.code)) {
				return fail(caught.status, { message: caught.messageKey });
			}
			throwHttpError(event, caught);
		}
		return { compared: true };
	},
	close: async (event) => {
		requirePerson(event);
		try {
			await closeRound(await prioritisationContext(event), event.params.id);
		} catch (caught) {
			throwHttpError(event, caught);
		}
		return { closed: true };
	}
};
