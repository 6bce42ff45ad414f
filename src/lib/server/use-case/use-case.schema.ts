import { z } from 'zod';
import { ACTOR_ROLES, USE_CASE_STATUSES } from './use-case.lifecycle.ts';

const uuid = z.uuid({ message: 'form.invalid' });
/** An optional date (YYYY-MM-DD); an empty field means today. */
const date = z.preprocess(
	(v) => (v === '' ? undefined : v),
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'useCase.date.invalid' })
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), {
			message: 'useCase.date.invalid'
		})
		.optional()
);

export const createUseCaseSchema = z.object({
	topicField: z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'useCase.topicField.required' }),
	title: z
		.string()
		.trim()
		.min(3, { message: 'useCase.title.invalid' })
		.max(120, { message: 'useCase.title.invalid' }),
	summary: z
		.string()
		.trim()
		.min(1, { message: 'useCase.summary.invalid' })
		.max(600, { message: 'useCase.summary.invalid' }),
	contribution: uuid.optional().or(z.literal('').transform(() => undefined))
});
export type CreateUseCaseInput = z.infer<typeof createUseCaseSchema>;

export const statusSchema = z.object({
	status: z.enum(USE_CASE_STATUSES, { message: 'useCase.status.invalid' }),
	reason: z.string().trim().max(1000, { message: 'useCase.reason.tooLong' }),
	text: z.string().trim().max(10000, { message: 'useCase.text.tooLong' }),
	date
});
export type StatusInput = z.infer<typeof statusSchema>;

/** The news form (its field is `news`: the status form on the same page has a `text`). */
export const updateSchema = z.object({
	news: z
		.string()
		.trim()
		.min(1, { message: 'useCase.text.required' })
		.max(10000, { message: 'useCase.text.tooLong' }),
	date
});
export interface UpdateInput {
	text: string;
	date?: string;
}

export const actorSchema = z.object({
	organisation: z.string().regex(/^[a-z0-9-]{1,100}$/, { message: 'useCase.actor.organisation' }),
	role: z.enum(ACTOR_ROLES, { message: 'useCase.actor.role' })
});
export type ActorInput = z.infer<typeof actorSchema>;

export const removeActorSchema = z.object({ actor: uuid });

export const workingGroupSchema = z.object({
	group: z.string().regex(/^[a-z0-9-]{0,80}$/, { message: 'form.invalid' })
});
