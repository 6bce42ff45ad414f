/** One schema per discussion and moderation action; messages are keys of messages/discussion.*.json. */
import { z } from 'zod';

const uuid = z.uuid({ message: 'form.invalid' });
const body = z
	.string()
	.trim()
	.min(1, { message: 'discussion.body.required' })
	.max(2000, { message: 'discussion.body.tooLong' })
	// plain text: line breaks and tabs, no other control characters
	.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'discussion.body.invalid' })
	.transform((v) => v.replace(/\r\n?/g, '\n'));

export const commentSchema = z.object({ body });
export type CommentInput = z.infer<typeof commentSchema>;

export const replySchema = z.object({ parent: uuid, body });
export type ReplyInput = z.infer<typeof replySchema>;

export const editCommentSchema = z.object({ comment: uuid, body });
export type EditCommentInput = z.infer<typeof editCommentSchema>;

export const deleteCommentSchema = z.object({ comment: uuid });

export const TARGET_TYPES = ['contribution', 'comment'] as const;
export const FLAG_REASONS = ['spam', 'insulting', 'personal_data', 'off_topic', 'other'] as const;

export const flagSchema = z.object({
	targetType: z.enum(TARGET_TYPES, { message: 'form.invalid' }),
	target: uuid,
	reason: z.enum(FLAG_REASONS, { message: 'discussion.flag.reason.required' }),
	note: z
		.string()
		.trim()
		.max(500, { message: 'discussion.flag.note.tooLong' })
		.regex(/^[^\p{Cc}]*$/u, { message: 'discussion.body.invalid' })
		.optional()
		.transform((v) => (v ? v : null))
});
export type FlagInput = z.infer<typeof flagSchema>;

export const moderationTargetSchema = z.object({
	targetType: z.enum(TARGET_TYPES, { message: 'form.invalid' }),
	target: uuid
});
export type ModerationTarget = z.infer<typeof moderationTargetSchema>;

export const hideSchema = moderationTargetSchema.extend({
	note: z
		.string()
		.trim()
		.min(3, { message: 'moderation.note.required' })
		.max(500, { message: 'moderation.note.tooLong' })
		.regex(/^[^\p{Cc}]*$/u, { message: 'moderation.note.required' })
});
export type HideInput = z.infer<typeof hideSchema>;

export const QUEUE_VIEWS = ['offen', 'ausgeblendet'] as const;
export const queueQuerySchema = z.object({
	ansicht: z.enum(QUEUE_VIEWS).catch('offen'),
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const discussionPageSchema = z.object({
	seite: z.coerce.number().int().min(1).max(10_000).catch(1)
});
