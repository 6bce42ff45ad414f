import { fail } from '@sveltejs/kit';
import { app } from '#lib/server/app-context.ts';
import {
	changePassword,
	getProfile,
	requestEmailChange,
	updateProfile
} from '#lib/server/account/account.service.ts';
import {
	changeEmailSchema,
	changePasswordSchema,
	endSessionSchema,
	profileSchema
} from '#lib/server/account/account.schema.ts';
import { endOtherSessions, endSession, listSessions } from '#lib/server/account/session.ts';
import { audit } from '#lib/server/security/audit.ts';
import { accountContext, requirePerson } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = event.locals.person;
	if (!person) return { signedIn: false as const };
	const { db } = await app();
	const ctx = await accountContext(event);
	const [profile, sessions, municipalities] = await Promise.all([
		getProfile(ctx, person),
		listSessions(db, person.id),
		db
			.selectFrom('municipality')
			.select(['slug', 'name'])
			.where('region_id', '=', event.locals.region.id)
			.orderBy('name')
			.execute()
	]);
	return {
		signedIn: true as const,
		profile: {
			email: profile.email,
			displayName: profile.display_name,
			newsletter: profile.newsletter,
			language: profile.language,
			verified: profile.email_verified_at !== null,
			municipality: profile.municipality ?? '',
			targetGroup: profile.target_group ?? ''
		},
		sessions: sessions.map((s) => ({
			// the hash identifies the session to end; it is not the secret cookie value
			id: s.token_hash,
			current: s.token_hash === person.sessionHash,
			createdAt: s.created_at.toISOString(),
			lastSeenAt: s.last_seen_at.toISOString(),
			userAgent: s.user_agent,
			ip: s.ip
		})),
		municipalities,
		targetGroups: event.locals.region.targetGroups.map((g) => ({ key: g.key, name: g.name }))
	};
};

export const actions: Actions = {
	profile: async (event) => {
		const person = requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(profileSchema, data);
		if (!parsed.ok) return fail(400, { form: 'profile', ...parsed.failure.data });
		try {
			await updateProfile(await accountContext(event), person, parsed.data);
		} catch (error) {
			const failure = failFromError(error, data);
			return fail(failure.status, { form: 'profile', ...failure.data });
		}
		return { form: 'profile', saved: true };
	},
	password: async (event) => {
		const person = requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(changePasswordSchema, data);
		if (!parsed.ok) return fail(400, { form: 'password', ...parsed.failure.data });
		try {
			const ended = await changePassword(await accountContext(event), person, parsed.data);
			return { form: 'password', ended };
		} catch (error) {
			const failure = failFromError(error, data, event.setHeaders);
			return fail(failure.status, { form: 'password', ...failure.data });
		}
	},
	email: async (event) => {
		const person = requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(changeEmailSchema, data);
		if (!parsed.ok) return fail(400, { form: 'email', ...parsed.failure.data });
		try {
			await requestEmailChange(await accountContext(event), person, parsed.data);
		} catch (error) {
			const failure = failFromError(error, data, event.setHeaders);
			return fail(failure.status, { form: 'email', ...failure.data });
		}
		return { form: 'email', requested: true };
	},
	endSession: async (event) => {
		const person = requirePerson(event);
		const parsed = endSessionSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { form: 'sessions' });
		const { db } = await app();
		// scoped to the person: nobody can end another person's session by guessing
		await endSession(db, parsed.data.session, person.id);
		return { form: 'sessions', ended: 1 };
	},
	endOthers: async (event) => {
		const person = requirePerson(event);
		const { db } = await app();
		const ended = await endOtherSessions(db, person.id, person.sessionHash);
		await audit(db, {
			regionId: event.locals.region.id,
			actorId: person.id,
			action: 'account.sessions_ended',
			details: { count: ended }
		});
		return { form: 'sessions', ended };
	}
};
