import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DB = Kysely<Database>;

// numeric → number (coordinates); bigint counts stay strings unless cast in SQL.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
// date → 'YYYY-MM-DD' as stored: a calendar day, never shifted by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
	connectionString: string;
	max?: number;
	onError?: (error: Error) => void;
}

export function createDatabase({ connectionString, max = 10, onError }: DatabaseOptions): DB {
	// PGAPPNAME (libpq's variable) tells one app's connections apart, e.g. when profiling
	const application_name = process.env.PGAPPNAME || 'heimatleben';
	const pool = new pg.Pool({ connectionString, max, application_name });
	// Without a listener an idle client's error (e.g. the server shutting down, 57P01) would
	// crash the process; log it and let the pool replace the client.
	pool.on('error', (error) => (onError ? onError(error) : console.error(error)));
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
