import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '#lib/server/app-context.ts';
import { countUseCasesOfField, listUseCases } from '#lib/server/region/region.repository.ts';
import { topicOffers } from '#lib/server/region/topic-offers.ts';
import { t } from '#lib/i18n/index.ts';
import { currentSwitches } from '#lib/server/process/process.service.ts';
import { overview } from '#lib/server/use-case/use-case.service.ts';
import { useCaseContext } from '#lib/server/use-case/use-case.http.ts';
import { canCreateUseCase } from '#lib/server/use-case/use-case.policy.ts';
import { actorOf } from '#lib/server/http/context.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const querySchema = z.object({ seite: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const load: PageServerLoad = async (event) => {
	const { locals, params, url } = event;
	const field = locals.region.topicFields.find((f) => f.key === params.key);
	if (!field) error(404, t(locals.lang, 'error.404.title'));
	const { seite: page } = querySchema.parse({ seite: url.searchParams.get('seite') ?? 1 });
	const { db } = await app();
	const [useCases, total, phase, byStatus] = await Promise.all([
		listUseCases(db, locals.region.id, field.id, {
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		}),
		countUseCasesOfField(db, locals.region.id, field.id),
		currentSwitches(db, locals.region.id, field.id),
		overview(await useCaseContext(event), field.key)
	]);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	if (page > pages) error(404, t(locals.lang, 'error.404.title'));
	return {
		field: {
			key: field.key,
			icon: field.icon,
			name: field.name,
			summary: field.summary,
			goal: field.goal
		},
		useCases: useCases.map((u) => ({
			id: u.id,
			key: u.key,
			title: u.title,
			summary: u.summary,
			status: u.status
		})),
		byStatus: byStatus.map((s) => ({
			status: s.status,
			total: s.total,
			useCases: s.useCases.map((u) => ({ id: u.id, title: u.title }))
		})),
		offers: topicOffers(field.key),
		canCreateUseCase: canCreateUseCase(actorOf(event)),
		page,
		pages,
		total,
		phase
	};
};
