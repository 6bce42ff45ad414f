// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * A market is held on a market square: the place a market points to must be of kind
 * market_square, and a market square with markets keeps its kind. Checked by triggers (a check
 * constraint cannot look at another table); the service says so per field before it writes.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create function market_place_is_square() returns trigger language plpgsql as $$
		begin
			if not exists (
				select 1 from place
				where region_id = new.region_id and id = new.place_id and kind = 'market_square'
				for share
			) then
				raise exception 'a market is held on a market square'
					using errcode = 'check_violation', constraint = 'market_place_square';
			end if;
			return new;
		end $$`.execute(db);
	await sql`create trigger market_place_square
		before insert or update of place_id on market
		for each row execute function market_place_is_square()`.execute(db);

	await sql`create function place_keeps_market_square() returns trigger language plpgsql as $$
		begin
			if new.kind <> 'market_square' and exists (
				select 1 from market where region_id = old.region_id and place_id = old.id
			) then
				raise exception 'a market square with markets stays a market square'
					using errcode = 'check_violation', constraint = 'market_place_square';
			end if;
			return new;
		end $$`.execute(db);
	await sql`create trigger place_keeps_market_square
		before update of kind on place
		for each row when (old.kind = 'market_square' and new.kind <> 'market_square')
		execute function place_keeps_market_square()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger place_keeps_market_square on place`.execute(db);
	await sql`drop function place_keeps_market_square()`.execute(db);
	await sql`drop trigger market_place_square on market`.execute(db);
	await sql`drop function market_place_is_square()`.execute(db);
}
