import { z } from 'zod';

export const NEED_KINDS = ['skills', 'resources', 'places', 'money'] as const;

const topicField = z
	.string()
	.regex(/^[a-z0-9-]{1,80}$/, { message: 'workingGroup.topicField.required' });

export const createGroupSchema = z.object({
	name: z
		.string()
		.trim()
		.min(3, { message: 'workingGroup.name.invalid' })
		.max(120, { message: 'workingGroup.name.invalid' }),
	topicField,
	description: z.string().trim().max(10000, { message: 'workingGroup.description.tooLong' })
});
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

const uuid = z.uuid({ message: 'form.invalid' });

export const memberSchema = z.object({ person: uuid });

export const needSchema = z.object({
	kind: z.enum(NEED_KINDS, { message: 'workingGroup.need.kind.invalid' }),
	title: z
		.string()
		.trim()
		.min(3, { message: 'workingGroup.need.title.invalid' })
		.max(150, { message: 'workingGroup.need.title.invalid' }),
	description: z.string().trim().max(2000, { message: 'workingGroup.need.description.tooLong' }),
	quantity: z.coerce
		.number({ message: 'workingGroup.quantity.invalid' })
		.int({ message: 'workingGroup.quantity.invalid' })
		.min(1, { message: 'workingGroup.quantity.invalid' })
		.max(10_000_000, { message: 'workingGroup.quantity.invalid' }),
	unit: z
		.string()
		.trim()
		.min(1, { message: 'workingGroup.need.unit.invalid' })
		.max(40, { message: 'workingGroup.need.unit.invalid' })
});
export type NeedInput = z.infer<typeof needSchema>;

export const removeNeedSchema = z.object({ need: uuid });

/** For themselves (empty organisation) or for an organisation (its slug). */
export const pledgeSchema = z.object({
	need: uuid,
	quantity: z.coerce
		.number({ message: 'workingGroup.quantity.invalid' })
		.int({ message: 'workingGroup.quantity.invalid' })
		.min(1, { message: 'workingGroup.quantity.invalid' })
		.max(10_000_000, { message: 'workingGroup.quantity.invalid' }),
	note: z.string().trim().max(500, { message: 'workingGroup.pledge.note.tooLong' }),
	organisation: z
		.string()
		.regex(/^[a-z0-9-]{0,100}$/, { message: 'form.invalid' })
		.optional()
		.transform((v) => v || undefined)
});
export type PledgeInput = Omit<z.infer<typeof pledgeSchema>, 'organisation'> & {
	organisation?: string;
};

export const withdrawSchema = z.object({
	need: uuid,
	organisation: z
		.string()
		.regex(/^[a-z0-9-]{0,100}$/, { message: 'form.invalid' })
		.optional()
		.transform((v) => v || undefined)
});
