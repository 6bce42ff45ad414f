import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	changeMemberRole,
	getMembers,
	inviteMember,
	leaveOrganisation,
	removeMember
} from '#lib/server/organisation/membership.service.ts';
import {
	inviteSchema,
	memberRoleSchema,
	memberSchema
} from '#lib/server/organisation/organisation.schema.ts';
import {
	actionError,
	organisationContext,
	throwHttpError
} from '#lib/server/organisation/organisation.http.ts';
import { requirePerson } from '#lib/server/http/context.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const pageSchema = z.object({ seite: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const { seite } = pageSchema.parse({ seite: event.url.searchParams.get('seite') ?? 1 });
	try {
		return await getMembers(await organisationContext(event), event.params.slug, seite);
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

type Form = 'invite' | 'role' | 'remove' | 'leave';

/** Runs one of the page's forms; failures carry the form's name so the page shows them there. */
async function run<S extends z.ZodType>(
	event: RequestEvent,
	form: Form,
	schema: S,
	action: (input: z.infer<S>) => Promise<void>
) {
	requirePerson(event);
	const data = await event.request.formData();
	const parsed = parseForm(schema, data);
	if (!parsed.ok) return fail(400, { form, ...parsed.failure.data });
	try {
		await action(parsed.data);
	} catch (caught) {
		const failure = actionError(event, caught, data);
		return fail(failure.status, { form, ...failure.data });
	}
	// the address as it was saved (trimmed, lower case), for the confirmation
	const email = (parsed.data as { email?: string }).email ?? '';
	return { form, done: true as const, email };
}

export const actions: Actions = {
	invite: async (event) =>
		run(event, 'invite', inviteSchema, async (input) =>
			inviteMember(await organisationContext(event), event.params.slug, input)
		),
	role: async (event) =>
		run(event, 'role', memberRoleSchema, async (input) =>
			changeMemberRole(await organisationContext(event), event.params.slug, input)
		),
	remove: async (event) =>
		run(event, 'remove', memberSchema, async (input) =>
			removeMember(await organisationContext(event), event.params.slug, input)
		),
	leave: async (event) => {
		const result = await run(event, 'leave', z.object({}), async () =>
			leaveOrganisation(await organisationContext(event), event.params.slug)
		);
		if ('done' in result) redirect(303, `/organisationen/${event.params.slug}?verlassen=1`);
		return result;
	}
};
