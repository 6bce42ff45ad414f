// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * When an order was handed over: `collected_at` is set exactly when the status is 'collected'
 * (as `cancelled_at` is for 'cancelled'). Orders collected before this column existed get the
 * end of their pickup window (or now, if that is still ahead), never before they were placed:
 * the best the stored data can say.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table customer_order add column collected_at timestamptz`.execute(db);
	await sql`update customer_order as o
		set collected_at = greatest(o.created_at, least(now(), pickup.ends_at))
		from order_cycle_pickup as pickup
		where pickup.id = o.pickup_id and o.status = 'collected'`.execute(db);
	await sql`alter table customer_order add constraint customer_order_collected
		check ((status = 'collected') = (collected_at is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table customer_order drop constraint customer_order_collected,
		drop column collected_at`.execute(db);
}
