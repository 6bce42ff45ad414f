import { describe, expect, test } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { perRegionSnapshot } from './region-lists.ts';

const db = {} as Kysely<Database>;

function counted(fail = false) {
	const reads: string[] = [];
	const read = async (_db: unknown, regionId: string) => {
		reads.push(regionId);
		if (fail && reads.length === 1) throw new Error('connection lost');
		return [{ slug: `${regionId}-a`, name: 'A' }];
	};
	return { reads, read };
}

describe('perRegionSnapshot', () => {
	test('one read per region snapshot object, shared by concurrent requests', async () => {
		const { reads, read } = counted();
		const list = perRegionSnapshot(read);
		const snapshot = { id: 'r1' };
		const [a, b] = await Promise.all([list(db, snapshot), list(db, snapshot)]);
		expect(await list(db, snapshot)).toBe(a);
		expect(b).toBe(a);
		expect(reads).toEqual(['r1']);
		// the next snapshot (a new object after a reload or an import) reads again
		const next = { id: 'r1' };
		expect(await list(db, next)).toEqual(a);
		expect(await list(db, next)).not.toBe(a);
		expect(reads).toEqual(['r1', 'r1']);
		// another region has its own list
		expect((await list(db, { id: 'r2' }))[0]!.slug).toBe('r2-a');
	});

	test('the shared rows cannot be changed by one request for the others', async () => {
		const list = perRegionSnapshot(counted().read);
		const rows = await list(db, { id: 'r1' });
		expect(() => (rows as unknown as { slug: string }[]).push({ slug: 'x' })).toThrow(TypeError);
		expect(() => {
			(rows[0] as { name: string }).name = 'changed';
		}).toThrow(TypeError);
	});

	test('a failed read is not kept', async () => {
		const { reads, read } = counted(true);
		const list = perRegionSnapshot(read);
		const snapshot = { id: 'r1' };
		await expect(list(db, snapshot)).rejects.toThrow('connection lost');
		expect(await list(db, snapshot)).toHaveLength(1);
		expect(reads).toEqual(['r1', 'r1']);
	});
});
