// Frozen in time: never import app code here, never edit after it has shipped.
import { type Kysely, sql } from 'kysely';

/**
 * Regional products (issue 5) and the building blocks later topic fields reuse: places on a
 * map with opening hours, labels (regional brands, organic), producers' products, shops that
 * stock producers, markets with schedules, stands and attendance, and order cycles with offers,
 * pickup points and orders. The invariants live here: stock is never oversold
 * (`sold <= stock`), a price charged is kept in the order line, a pickup belongs to the order's
 * cycle, and every row stays in its region (composite foreign keys).
 */
export async function up(db: Kysely<any>): Promise<void> {
	// Search folding: lower case, umlauts and ß spelled out the simple way, so that "Äpfel",
	// "apfel" and "Aepfel"-free spellings meet; immutable, so generated columns can use it.
	await sql`create function search_fold(text) returns text
		language sql immutable parallel safe strict
		return replace(translate(lower($1), 'äöüéèáàâ', 'aoueeaaa'), 'ß', 'ss')`.execute(db);

	// A place: a market square, a shop, a farm, a pickup point, a venue. Opening hours are a
	// schedule (src/lib/server/schedule), validated by the app before it is stored.
	await db.schema
		.createTable('place')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(sql`kind in ('market_square', 'shop', 'farm', 'pickup_point', 'venue', 'other')`)
		)
		.addColumn('shop_kind', 'text', (c) =>
			c.check(sql`shop_kind is null or shop_kind in ('village', 'regional', 'farm')`)
		)
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 2 and 150`))
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 4000`)
		)
		.addColumn('street', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(street) <= 150`)
		)
		.addColumn('postcode', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`postcode = '' or postcode ~ '^[0-9]{5}$'`)
		)
		.addColumn('municipality_id', 'uuid', (c) => c.notNull())
		.addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat between -90 and 90`))
		.addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon between -180 and 180`))
		.addColumn('opening_hours', 'jsonb')
		.addColumn('organisation_id', 'uuid')
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('place_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('place_region_id', ['region_id', 'id'])
		.addCheckConstraint('place_shop_kind', sql`(kind = 'shop') = (shop_kind is not null)`)
		.addForeignKeyConstraint(
			'place_municipality',
			['region_id', 'municipality_id'],
			'municipality',
			['region_id', 'id']
		)
		.execute();
	await sql`alter table place
		add constraint place_organisation foreign key (region_id, organisation_id)
			references organisation (region_id, id) on delete set null (organisation_id),
		add constraint place_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);
	// "Within 10 km of Lindenfels": a bounding box on this index, then the exact distance.
	await sql`create index place_point on place using gist (point(lon, lat))`.execute(db);
	await sql`create index place_region_kind on place (region_id, kind, name)`.execute(db);
	await sql`create index place_organisation_idx on place (organisation_id)
		where organisation_id is not null`.execute(db);

	// Labels: the region's brands ("Echt Odenwald") and certifications (organic).
	await db.schema
		.createTable('label')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull().check(sql`key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('brand', 'organic', 'other')`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 2 and 120`))
		.addColumn('description', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"de":"","en":""}'`))
		.addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
		.addUniqueConstraint('label_region_key', ['region_id', 'key'])
		.addUniqueConstraint('label_region_id', ['region_id', 'id'])
		.execute();

	// A producer's product. Months are the season (empty: all year); the price is in cents.
	await db.schema
		.createTable('product')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('producer_id', 'uuid', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 2 and 120`))
		.addColumn('category', 'text', (c) =>
			c.notNull().check(
				sql`category in ('vegetables', 'fruit', 'potatoes', 'meat_sausage', 'fish', 'dairy',
					'eggs', 'bread_bakery', 'honey', 'preserves', 'grain_flour', 'wine_juice',
					'beer_spirits', 'plants_flowers', 'other')`
			)
		)
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 4000`)
		)
		.addColumn('unit', 'text', (c) => c.notNull().check(sql`char_length(unit) between 1 and 40`))
		.addColumn('price_cents', 'integer', (c) =>
			c.notNull().check(sql`price_cents between 0 and 1000000`)
		)
		.addColumn('months', sql`smallint[]`, (c) =>
			c
				.notNull()
				.defaultTo(sql`'{}'`)
				.check(sql`months <@ array[1,2,3,4,5,6,7,8,9,10,11,12]::smallint[]`)
		)
		.addColumn('origin_municipality_id', 'uuid')
		.addColumn('available', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('search_name', 'text', (c) =>
			c
				.generatedAlwaysAs(sql`search_fold(name)`)
				.stored()
				.notNull()
		)
		.addColumn('search_tsv', sql`tsvector`, (c) =>
			c
				.generatedAlwaysAs(
					sql`setweight(to_tsvector('german', search_fold(name)), 'A') ||
					setweight(to_tsvector('german', search_fold(description)), 'B')`
				)
				.stored()
				.notNull()
		)
		.addUniqueConstraint('product_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('product_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint(
			'product_producer',
			['region_id', 'producer_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'product_origin',
			['region_id', 'origin_municipality_id'],
			'municipality',
			['region_id', 'id']
		)
		.execute();
	await sql`create index product_tsv on product using gin (search_tsv)`.execute(db);
	await sql`create index product_name_trgm on product using gin (search_name gin_trgm_ops)`.execute(
		db
	);
	await sql`create index product_region_category on product (region_id, category, name)`.execute(
		db
	);
	await sql`create index product_producer_idx on product (producer_id)`.execute(db);

	await db.schema
		.createTable('product_label')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('product_id', 'uuid', (c) => c.notNull())
		.addColumn('label_id', 'uuid', (c) => c.notNull())
		.addPrimaryKeyConstraint('product_label_pk', ['product_id', 'label_id'])
		.addForeignKeyConstraint(
			'product_label_product',
			['region_id', 'product_id'],
			'product',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'product_label_label',
			['region_id', 'label_id'],
			'label',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create index product_label_label_idx on product_label (label_id)`.execute(db);

	// Which producers' products a shop (a place of kind shop) stocks.
	await db.schema
		.createTable('shop_producer')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('place_id', 'uuid', (c) => c.notNull())
		.addColumn('producer_id', 'uuid', (c) => c.notNull())
		.addPrimaryKeyConstraint('shop_producer_pk', ['place_id', 'producer_id'])
		.addForeignKeyConstraint(
			'shop_producer_place',
			['region_id', 'place_id'],
			'place',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'shop_producer_producer',
			['region_id', 'producer_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create index shop_producer_producer_idx on shop_producer (producer_id)`.execute(db);

	// Markets: weekly, regional, theme and seasonal markets at a place, with a schedule.
	await db.schema
		.createTable('market')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 2 and 150`))
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('weekly', 'regional', 'theme', 'seasonal')`)
		)
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 4000`)
		)
		.addColumn('place_id', 'uuid', (c) => c.notNull())
		.addColumn('organiser_id', 'uuid')
		.addColumn('schedule', 'jsonb', (c) => c.notNull())
		.addColumn('uncertain', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('market_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('market_region_id', ['region_id', 'id'])
		.addForeignKeyConstraint('market_place', ['region_id', 'place_id'], 'place', [
			'region_id',
			'id'
		])
		.execute();
	await sql`alter table market
		add constraint market_organiser foreign key (region_id, organiser_id)
			references organisation (region_id, id) on delete set null (organiser_id)`.execute(db);
	await sql`create index market_place_idx on market (place_id)`.execute(db);

	// Stands the market organiser manages; a regular stand is there on every market date
	// unless its producer reports absence.
	await db.schema
		.createTable('market_stand')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('market_id', 'uuid', (c) => c.notNull())
		.addColumn('producer_id', 'uuid', (c) => c.notNull())
		.addColumn('label', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(label) <= 60`)
		)
		.addColumn('regular', 'boolean', (c) => c.notNull().defaultTo(true))
		.addPrimaryKeyConstraint('market_stand_pk', ['market_id', 'producer_id'])
		.addForeignKeyConstraint(
			'market_stand_market',
			['region_id', 'market_id'],
			'market',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'market_stand_producer',
			['region_id', 'producer_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create index market_stand_producer_idx on market_stand (producer_id)`.execute(db);

	// A producer announces (present) or cancels (absent) attendance on one market date.
	await db.schema
		.createTable('market_attendance')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('market_id', 'uuid', (c) => c.notNull())
		.addColumn('date', 'date', (c) => c.notNull())
		.addColumn('producer_id', 'uuid', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('present', 'absent')`))
		.addColumn('note', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(note) <= 200`)
		)
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('market_attendance_pk', ['market_id', 'date', 'producer_id'])
		.addForeignKeyConstraint(
			'market_attendance_market',
			['region_id', 'market_id'],
			'market',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'market_attendance_producer',
			['region_id', 'producer_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await sql`create index market_attendance_region_date on market_attendance (region_id, date)`.execute(
		db
	);
	await sql`create index market_attendance_producer_idx on market_attendance (producer_id, date)`.execute(
		db
	);

	// Order cycles: a coordinator (a shop, a market, a group of producers) opens a cycle,
	// offers products with stock limits and pickup points with windows.
	await db.schema
		.createTable('order_cycle')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull().references('region.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 3 and 150`))
		.addColumn('description', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(description) <= 4000`)
		)
		.addColumn('coordinator_id', 'uuid', (c) => c.notNull())
		/** where the collection tour starts and ends (the coordinator's depot); optional */
		.addColumn('depot_place_id', 'uuid')
		.addColumn('opens_at', 'timestamptz', (c) => c.notNull())
		.addColumn('closes_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_by', 'uuid')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('order_cycle_region_slug', ['region_id', 'slug'])
		.addUniqueConstraint('order_cycle_region_id', ['region_id', 'id'])
		.addCheckConstraint('order_cycle_times', sql`closes_at > opens_at`)
		.addForeignKeyConstraint(
			'order_cycle_coordinator',
			['region_id', 'coordinator_id'],
			'organisation',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint('order_cycle_depot', ['region_id', 'depot_place_id'], 'place', [
			'region_id',
			'id'
		])
		.execute();
	await sql`alter table order_cycle
		add constraint order_cycle_creator foreign key (region_id, created_by)
			references person (region_id, id) on delete set null (created_by)`.execute(db);
	await sql`create index order_cycle_region_closes on order_cycle (region_id, closes_at)`.execute(
		db
	);

	await db.schema
		.createTable('order_cycle_pickup')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('cycle_id', 'uuid', (c) => c.notNull())
		.addColumn('place_id', 'uuid', (c) => c.notNull())
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz', (c) => c.notNull())
		.addUniqueConstraint('order_cycle_pickup_cycle_id', ['cycle_id', 'id'])
		.addUniqueConstraint('order_cycle_pickup_window', ['cycle_id', 'place_id', 'starts_at'])
		.addCheckConstraint('order_cycle_pickup_times', sql`ends_at > starts_at`)
		.addForeignKeyConstraint(
			'order_cycle_pickup_cycle',
			['region_id', 'cycle_id'],
			'order_cycle',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint('order_cycle_pickup_place', ['region_id', 'place_id'], 'place', [
			'region_id',
			'id'
		])
		.execute();

	// An offer: a product in a cycle, at a price, with an optional stock limit. `sold` moves
	// only by conditional updates; the check makes overselling impossible whatever the code.
	await db.schema
		.createTable('order_cycle_offer')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('cycle_id', 'uuid', (c) => c.notNull())
		.addColumn('product_id', 'uuid', (c) => c.notNull())
		.addColumn('price_cents', 'integer', (c) =>
			c.notNull().check(sql`price_cents between 0 and 1000000`)
		)
		.addColumn('stock', 'integer', (c) =>
			c.check(sql`stock is null or stock between 0 and 1000000`)
		)
		.addColumn('sold', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`sold >= 0`)
		)
		.addUniqueConstraint('order_cycle_offer_unique_product', ['cycle_id', 'product_id'])
		.addUniqueConstraint('order_cycle_offer_cycle_id', ['cycle_id', 'id'])
		.addCheckConstraint('order_cycle_offer_not_oversold', sql`stock is null or sold <= stock`)
		.addForeignKeyConstraint(
			'order_cycle_offer_cycle',
			['region_id', 'cycle_id'],
			'order_cycle',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'order_cycle_offer_product',
			['region_id', 'product_id'],
			'product',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();

	// An order of one person in one cycle, for one pickup of that cycle. The person goes
	// when the account is deleted; the name stays for the coordinator's packing list until
	// the account's deletion anonymises it.
	await db.schema
		.createTable('customer_order')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('cycle_id', 'uuid', (c) => c.notNull())
		.addColumn('number', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
		.addColumn('person_id', 'uuid')
		.addColumn('pickup_id', 'uuid', (c) => c.notNull())
		.addColumn('customer_name', 'text', (c) =>
			c.notNull().check(sql`char_length(customer_name) between 1 and 120`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('placed')
				.check(sql`status in ('placed', 'cancelled', 'collected')`)
		)
		.addColumn('total_cents', 'integer', (c) => c.notNull().check(sql`total_cents >= 0`))
		.addColumn('note', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`char_length(note) <= 500`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('cancelled_at', 'timestamptz')
		.addUniqueConstraint('customer_order_region_id', ['region_id', 'id'])
		.addUniqueConstraint('customer_order_number', ['number'])
		.addUniqueConstraint('customer_order_cycle_id', ['id', 'cycle_id'])
		.addCheckConstraint(
			'customer_order_cancelled',
			sql`(status = 'cancelled') = (cancelled_at is not null)`
		)
		.addForeignKeyConstraint(
			'customer_order_cycle',
			['region_id', 'cycle_id'],
			'order_cycle',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'customer_order_pickup',
			['cycle_id', 'pickup_id'],
			'order_cycle_pickup',
			['cycle_id', 'id']
		)
		.execute();
	await sql`alter table customer_order
		add constraint customer_order_person foreign key (region_id, person_id)
			references person (region_id, id) on delete set null (person_id)`.execute(db);
	await sql`create index customer_order_cycle_idx on customer_order (cycle_id, pickup_id)`.execute(
		db
	);
	await sql`create index customer_order_person_idx on customer_order (person_id, created_at)
		where person_id is not null`.execute(db);

	// A line of an order: the price and names as shown when ordering, kept.
	await db.schema
		.createTable('order_line')
		.addColumn('region_id', 'uuid', (c) => c.notNull())
		.addColumn('order_id', 'uuid', (c) => c.notNull())
		.addColumn('cycle_id', 'uuid', (c) => c.notNull())
		.addColumn('offer_id', 'uuid', (c) => c.notNull())
		.addColumn('product_name', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('producer_name', 'text', (c) => c.notNull())
		.addColumn('unit_price_cents', 'integer', (c) =>
			c.notNull().check(sql`unit_price_cents between 0 and 1000000`)
		)
		.addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 999`))
		.addPrimaryKeyConstraint('order_line_pk', ['order_id', 'offer_id'])
		.addForeignKeyConstraint(
			'order_line_order',
			['region_id', 'order_id'],
			'customer_order',
			['region_id', 'id'],
			(fk) => fk.onDelete('cascade')
		)
		.addForeignKeyConstraint(
			'order_line_same_cycle',
			['order_id', 'cycle_id'],
			'customer_order',
			['id', 'cycle_id'],
			(fk) => fk.onDelete('cascade')
		)
		// checked at commit: deleting a whole cycle (or region) removes offers and orders by two
		// cascade paths, and only the end state must hold; an offer with order lines stays
		.addForeignKeyConstraint(
			'order_line_offer',
			['cycle_id', 'offer_id'],
			'order_cycle_offer',
			['cycle_id', 'id'],
			(fk) => fk.deferrable().initiallyDeferred()
		)
		.execute();
	await sql`create index order_line_offer_idx on order_line (offer_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'order_line',
		'customer_order',
		'order_cycle_offer',
		'order_cycle_pickup',
		'order_cycle',
		'market_attendance',
		'market_stand',
		'market',
		'shop_producer',
		'product_label',
		'product',
		'label',
		'place'
	]) {
		await db.schema.dropTable(table).execute();
	}
	await sql`drop function search_fold(text)`.execute(db);
}
