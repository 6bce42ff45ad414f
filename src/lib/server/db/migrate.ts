import { Migrator } from 'kysely/migration';
import type { Kysely } from 'kysely';
import { migrations } from './migrations/index.ts';

/** Applies every pending migration; several processes may call it at once (Kysely takes a lock). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
			cause: error
		});
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
