import { z } from 'zod';
import { TARGET_TYPES } from './notify.ts';

const uuid = z.uuid({ message: 'form.invalid' });

export const notificationPageSchema = z.object({
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export const digestSchema = z.object({
	frequency: z.enum(['off', 'daily', 'weekly'], { message: 'notification.digest.invalid' })
});
export type DigestInput = z.infer<typeof digestSchema>;

export const unfollowSchema = z.object({
	targetType: z.enum(TARGET_TYPES, { message: 'form.invalid' }),
	target: uuid
});
export type UnfollowInput = z.infer<typeof unfollowSchema>;

export const officialAnswerSchema = z.object({
	body: z
		.string()
		.trim()
		.min(1, { message: 'notification.answer.body.required' })
		.max(5000, { message: 'notification.answer.body.required' }),
	organisation: z
		.string()
		.regex(/^[a-z0-9-]{0,100}$/, { message: 'notification.answer.organisation.invalid' })
		.optional()
		.transform((v) => v || undefined)
});
export type OfficialAnswerInput = z.infer<typeof officialAnswerSchema>;
