import { expect, test } from 'vitest';
import { statusSchema, updateSchema } from './use-case.schema.ts';

test('an empty date means today; a malformed or impossible date is refused', () => {
	expect(statusSchema.parse({ status: 'idea', reason: '', text: '', date: '' }).date).toBe(
		undefined
	);
	expect(updateSchema.parse({ news: 'x', date: '2026-10-01' }).date).toBe('2026-10-01');
	expect(updateSchema.safeParse({ news: 'x', date: '01.10.2026' }).success).toBe(false);
	expect(updateSchema.safeParse({ news: 'x', date: '2026-13-45' }).success).toBe(false);
	expect(statusSchema.safeParse({ status: 'nonsense', reason: '', text: '' }).success).toBe(false);
});
