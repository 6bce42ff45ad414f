import { redirect } from '@sveltejs/kit';
import { register } from '#lib/server/account/account.service.ts';
import { registerSchema } from '#lib/server/account/account.schema.ts';
import { accountContext } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { app } from '#lib/server/app-context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.person) redirect(303, '/konto');
	const { db } = await app();
	const municipalities = await db
		.selectFrom('municipality')
		.select(['slug', 'name'])
		.where('region_id', '=', locals.region.id)
		.orderBy('name')
		.execute();
	return {
		municipalities,
		targetGroups: locals.region.targetGroups.map((g) => ({ key: g.key, name: g.name }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const parsed = parseForm(registerSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await register(await accountContext(event), parsed.data);
		} catch (error) {
			return failFromError(error, data, event.setHeaders);
		}
		redirect(303, '/konto/anmelden?registriert=1');
	}
};
