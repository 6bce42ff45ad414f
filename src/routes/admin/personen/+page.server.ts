import { fail } from '@sveltejs/kit';
import { changeRole, listPeople } from '#lib/server/admin/admin.service.ts';
import { changeRoleSchema, parseQuery, peopleQuerySchema } from '#lib/server/admin/admin.schema.ts';
import { adminContext, loadAdmin, rethrowAccessError } from '#lib/server/admin/admin.http.ts';
import { parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await adminContext(event);
	const parsed = parseQuery(peopleQuerySchema, event.url.searchParams);
	const query = parsed.success ? parsed.data : { seite: 1, suche: '' };
	const people = await loadAdmin(event, () => listPeople(ctx, query));
	return {
		people,
		query: parsed.success
			? query
			: { seite: 1, suche: event.url.searchParams.get('suche')?.slice(0, 200) ?? '' },
		queryError: parsed.success ? null : (parsed.error.issues[0]?.message ?? 'form.invalid')
	};
};

export const actions: Actions = {
	role: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(changeRoleSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			const change = await changeRole(await adminContext(event), parsed.data);
			return { change };
		} catch (caught) {
			const problem = rethrowAccessError(event, caught);
			return fail(problem.status, { person: parsed.data.person, message: problem.messageKey });
		}
	}
};
