/**
 * Demo places: the demo village shop with its opening hours and the demo producers it stocks,
 * a farm shop for each demo producer, and pickup points in village halls of four
 * municipalities. All made up and marked "(Demo)"; coordinates a little off each municipality's
 * centre. Everything goes through the place service (search documents included). Organisations
 * or municipalities that are missing are skipped, never an error.
 */
import { placeSchema } from '../place/place.schema.ts';
import { createPlace, setShopProducers, type PlaceContext } from '../place/place.service.ts';
import type { DemoContext, DemoSeeder } from './demo.ts';

/** weekday rows for the form: days, from, until */
type Rows = [number[], string, string][];

function hourFields(rows: Rows, closedOnHolidays = true): Record<string, string> {
	const fields: Record<string, string> = closedOnHolidays ? { holidays: 'on' } : {};
	rows.forEach(([days, start, end], row) => {
		for (const day of days) fields[`h${row}_${day}`] = 'on';
		fields[`h${row}_start`] = start;
		fields[`h${row}_end`] = end;
	});
	return fields;
}

const PICKUP_POINTS = [
	{
		name: 'Abholstelle Dorfgemeinschaftshaus Gadernheim (Demo)',
		municipality: 'Lautertal (Odenwald)',
		street: 'Nibelungenstraße 10',
		rows: [[[5], '16:00', '19:00']] as Rows
	},
	{
		name: 'Abholstelle Bürgerhaus Lindenfels (Demo)',
		municipality: 'Lindenfels',
		street: 'Burgstraße 5',
		rows: [[[5], '15:00', '18:00']] as Rows
	},
	{
		name: 'Abholstelle Dorfgemeinschaftshaus Krumbach (Demo)',
		municipality: 'Fürth',
		street: 'Am Dorfplatz 2',
		rows: [[[6], '09:00', '12:00']] as Rows
	},
	{
		name: 'Abholstelle Rathaus Rimbach (Demo)',
		municipality: 'Rimbach',
		street: 'Schloßstraße 2',
		rows: [[[4], '16:00', '18:30']] as Rows
	}
];

export const placeSeeder: DemoSeeder = {
	name: 'places',
	async seed(ctx: DemoContext) {
		const placeCtx: PlaceContext = {
			db: ctx.db,
			region: { id: ctx.region.id, name: ctx.region.name },
			actor: ctx.actorFor(ctx.moderator),
			meta: { lang: 'de' }
		};
		const municipalities = await ctx.db
			.selectFrom('municipality')
			.select(['id', 'slug', 'name', 'lat', 'lon'])
			.where('region_id', '=', ctx.region.id)
			.execute();
		const byName = new Map(municipalities.map((m) => [m.name, m]));
		const byId = new Map(municipalities.map((m) => [m.id, m]));
		/** a point up to ~700 m from the centre, the same on every fresh installation */
		const near = (centre: { lat: number; lon: number }) => ({
			lat: (centre.lat + (ctx.random() - 0.5) * 0.012).toFixed(5),
			lon: (centre.lon + (ctx.random() - 0.5) * 0.018).toFixed(5)
		});
		const add = (fields: Record<string, string>) =>
			createPlace(placeCtx, placeSchema.parse(fields));

		// the demo producers: those made by the products seeder too, when it ran before
		const producers = await ctx.db
			.selectFrom('organisation')
			.select(['id', 'slug', 'name', 'municipality_id', 'lat', 'lon'])
			.where('region_id', '=', ctx.region.id)
			.where('kind', '=', 'producer')
			.where('name', 'like', '%(Demo)%')
			.orderBy('name')
			.execute();

		const shop = await ctx.db
			.selectFrom('organisation')
			.select(['slug', 'municipality_id'])
			.where('region_id', '=', ctx.region.id)
			.where('name', '=', 'Dorfladen Gadernheim (Demo)')
			.executeTakeFirst();
		const shopMunicipality = shop ? byId.get(shop.municipality_id) : undefined;
		if (shop && shopMunicipality) {
			const { slug } = await add({
				name: 'Dorfladen Gadernheim (Demo)',
				kind: 'shop',
				shopKind: 'village',
				description:
					'Erfundener genossenschaftlicher Dorfladen: Lebensmittel für jeden Tag, Brot vom ' +
					'Bäcker aus dem Nachbarort, Eier, Honig und Säfte von Erzeugern aus der Region, ' +
					'dazu eine Kaffeeecke.',
				street: 'Nibelungenstraße 34',
				postcode: '64686',
				municipality: shopMunicipality.slug,
				...near(shopMunicipality),
				organisation: shop.slug,
				...hourFields([
					[[1, 2, 3, 4, 5], '07:30', '12:30'],
					[[1, 2, 4, 5], '14:30', '18:00'],
					[[6], '07:30', '12:00']
				])
			});
			const stocked = producers.slice(0, 6).map((p) => p.id);
			if (stocked.length > 0) await setShopProducers(placeCtx, slug, stocked);
		}

		for (const producer of producers) {
			const municipality = byId.get(producer.municipality_id);
			if (!municipality) continue;
			const { slug } = await add({
				name: `${producer.name.replace(/\s*\(Demo\)$/, '')} – Hofladen (Demo)`.slice(0, 150),
				kind: 'shop',
				shopKind: 'farm',
				description: 'Erfundener Demo-Hofladen: Verkauf ab Hof, was gerade Saison hat.',
				municipality: municipality.slug,
				...near(producer),
				organisation: producer.slug,
				...hourFields([
					[[2, 5], '15:00', '18:30'],
					[[6], '09:00', '13:00']
				])
			});
			await setShopProducers(placeCtx, slug, [producer.id]);
		}

		for (const point of PICKUP_POINTS) {
			const municipality = byName.get(point.municipality);
			if (!municipality) continue;
			await add({
				name: point.name,
				kind: 'pickup_point',
				description:
					'Erfundene Demo-Abholstelle: Bestellungen aus der Region werden hier zu den ' +
					'angegebenen Zeiten ausgegeben.',
				street: point.street,
				municipality: municipality.slug,
				...near(municipality),
				...hourFields(point.rows)
			});
		}
	}
};
