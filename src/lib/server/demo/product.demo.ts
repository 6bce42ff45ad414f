/**
 * Demo products: about sixty products of the made-up producers of demo-actors.ts, over every
 * category, with prices, units, seasons and the region's labels (a label the region file does
 * not define is left out). Added through the product service, so search documents and slugs
 * are made exactly as in the app. Producers that do not exist are skipped.
 */
import { productSchema } from '../product/product.schema.ts';
import { createProduct } from '../product/product.service.ts';
import type { DemoSeeder } from './demo.ts';

type DemoProduct = [
	name: string,
	category: string,
	unit: string,
	price: string,
	months: number[],
	labels: string[],
	description: string
];

const AUTUMN = [9, 10, 11];
const ALL: number[] = [];

const PRODUCTS: Record<string, DemoProduct[]> = {
	'hof-lindenblick': [
		[
			'Freilandeier',
			'eggs',
			'10 Stück',
			'3,90',
			ALL,
			['echt-odenwald'],
			'Von Hühnern mit Auslauf auf der Wiese.'
		],
		[
			'Kartoffeln festkochend',
			'potatoes',
			'2,5 kg',
			'4,50',
			[7, 8, 9, 10, 11, 12, 1, 2, 3],
			[],
			'Sorte Annabelle, ideal für Salat.'
		],
		[
			'Apfelsaft naturtrüb',
			'wine_juice',
			'1 l',
			'2,20',
			ALL,
			['echt-odenwald'],
			'Aus Äpfeln unserer Streuobstwiesen, ohne Zusätze.'
		],
		['Kürbis Hokkaido', 'vegetables', '1 Stück', '2,50', [9, 10, 11], [], 'Mit Schale essbar.']
	],
	'imkerei-felsenmeer': [
		[
			'Blütenhonig',
			'honey',
			'500 g',
			'6,50',
			ALL,
			['echt-odenwald'],
			'Frühjahrsblüte rund ums Felsenmeer, cremig gerührt.'
		],
		[
			'Waldhonig',
			'honey',
			'500 g',
			'7,50',
			ALL,
			['gepruefte-qualitaet-odenwald'],
			'Dunkel und kräftig.'
		],
		['Akazienhonig', 'honey', '250 g', '4,20', ALL, [], 'Flüssig und mild.'],
		['Bienenwachskerze', 'other', '1 Stück', '5,00', ALL, [], 'Aus eigenem Bienenwachs gegossen.'],
		['Honig-Senf', 'preserves', '200 g', '3,80', ALL, [], 'Zu Käse und Würstchen.']
	],
	'gefluegelhof-kolmbach': [
		[
			'Eier aus Freilandhaltung',
			'eggs',
			'6 Stück',
			'2,40',
			ALL,
			['genial-regional'],
			'Größe M und L gemischt.'
		],
		['Bio-Eier', 'eggs', '10 Stück', '4,80', ALL, ['bio'], 'Aus ökologischer Haltung.'],
		[
			'Suppenhuhn',
			'meat_sausage',
			'1 Stück',
			'9,00',
			[10, 11, 12, 1, 2],
			[],
			'Ideal für kräftige Brühe.'
		],
		['Eierlikör', 'beer_spirits', '0,5 l', '12,00', [11, 12], [], 'Nach Hausrezept.'],
		[
			'Eiernudeln',
			'grain_flour',
			'500 g',
			'3,50',
			ALL,
			['echt-odenwald'],
			'Aus unseren Eiern und Odenwälder Dinkel.'
		]
	],
	'hofkaeserei-ueberwald': [
		['Heumilch', 'dairy', '1 l', '1,60', ALL, ['bio'], 'Frisch, nicht homogenisiert.'],
		['Naturjoghurt', 'dairy', '500 g', '2,30', ALL, ['bio'], 'Cremig, aus Heumilch.'],
		['Bergkäse', 'dairy', '250 g', '6,90', ALL, ['echt-odenwald'], 'Sechs Monate gereift.'],
		[
			'Frischkäse mit Kräutern',
			'dairy',
			'150 g',
			'3,20',
			ALL,
			[],
			'Mit Schnittlauch und Petersilie.'
		],
		['Quark', 'dairy', '500 g', '2,10', ALL, [], 'Magerstufe.'],
		['Butter', 'dairy', '250 g', '3,60', ALL, ['bio'], 'Sauerrahmbutter.']
	],
	'metzgerei-hof-weschnitz': [
		[
			'Rinderhackfleisch',
			'meat_sausage',
			'500 g',
			'7,90',
			ALL,
			['gepruefte-qualitaet-odenwald'],
			'Von Weiderindern aus dem Weschnitztal.'
		],
		[
			'Bratwurst',
			'meat_sausage',
			'4 Stück',
			'6,40',
			[4, 5, 6, 7, 8, 9],
			[],
			'Fein gewürzt, zum Grillen.'
		],
		[
			'Leberwurst im Glas',
			'meat_sausage',
			'200 g',
			'4,20',
			ALL,
			['echt-odenwald'],
			'Nach Odenwälder Art.'
		],
		[
			'Schinken geräuchert',
			'meat_sausage',
			'100 g',
			'3,10',
			ALL,
			[],
			'Über Buchenholz geräuchert.'
		],
		['Rinderbrühe', 'preserves', '0,5 l', '4,50', ALL, [], 'Stundenlang gekocht.'],
		['Lammkeule', 'meat_sausage', '1 kg', '24,00', [3, 4, 5], [], 'Auf Vorbestellung zu Ostern.']
	],
	'obsthof-streuobstwiese': [
		[
			'Äpfel Boskoop',
			'fruit',
			'1 kg',
			'2,80',
			[9, 10, 11, 12, 1, 2],
			['echt-odenwald'],
			'Säuerlich, gut zum Backen.'
		],
		['Birnen Williams', 'fruit', '1 kg', '3,20', [8, 9, 10], [], 'Saftig und süß.'],
		['Apfelwein', 'wine_juice', '1 l', '3,50', ALL, ['echt-odenwald'], 'Vom Streuobst, herb.'],
		['Apfel-Birnen-Saft', 'wine_juice', '1 l', '2,50', ALL, ['genial-regional'], 'Direktsaft.'],
		['Apfelbrand', 'beer_spirits', '0,35 l', '18,00', ALL, [], 'Im Holzfass gereift.'],
		['Zwetschgenmus', 'preserves', '350 g', '4,50', ALL, [], 'Lange im Kupferkessel gerührt.'],
		['Kirschen', 'fruit', '500 g', '4,50', [6, 7], [], 'Süßkirschen vom Hochstamm.'],
		['Quittengelee', 'preserves', '200 g', '3,90', ALL, [], 'Aus alten Quittensorten.']
	],
	'weingut-bergstrasse': [
		[
			'Riesling trocken',
			'wine_juice',
			'0,75 l',
			'9,50',
			ALL,
			[],
			'Mineralisch, von der Hessischen Bergstraße.'
		],
		['Spätburgunder', 'wine_juice', '0,75 l', '12,00', ALL, [], 'Im Barrique gereift.'],
		['Traubensaft rot', 'wine_juice', '1 l', '4,00', ALL, [], 'Alkoholfrei, aus Dornfelder.'],
		['Federweißer', 'wine_juice', '1 l', '5,50', [9, 10], [], 'Nur im Herbst.'],
		['Tresterbrand', 'beer_spirits', '0,5 l', '19,00', ALL, [], 'Aus eigenem Trester gebrannt.']
	],
	'landbaeckerei-michelstadt': [
		[
			'Holzofenbrot',
			'bread_bakery',
			'1 kg',
			'5,20',
			ALL,
			['echt-odenwald'],
			'Roggenmischbrot aus dem Holzofen.'
		],
		['Dinkelbrötchen', 'bread_bakery', '1 Stück', '0,70', ALL, [], 'Mit Saaten.'],
		['Bauernbrot', 'bread_bakery', '750 g', '4,10', ALL, [], 'Mit Natursauerteig.'],
		[
			'Apfelkuchen',
			'bread_bakery',
			'1 Stück',
			'2,60',
			AUTUMN,
			[],
			'Mit Äpfeln aus der Nachbarschaft.'
		],
		[
			'Dinkelmehl Type 630',
			'grain_flour',
			'1 kg',
			'2,90',
			ALL,
			['gepruefte-qualitaet-odenwald'],
			'Aus Odenwälder Dinkel, in der Mühle nebenan gemahlen.'
		],
		['Roggenvollkornmehl', 'grain_flour', '1 kg', '2,60', ALL, [], 'Frisch gemahlen.'],
		['Weihnachtsstollen', 'bread_bakery', '750 g', '14,50', [11, 12], [], 'Mit Butter und Mandeln.']
	],
	'kartoffelhof-hoechst': [
		[
			'Kartoffeln mehligkochend',
			'potatoes',
			'5 kg',
			'7,50',
			[8, 9, 10, 11, 12, 1, 2, 3],
			['genial-regional'],
			'Für Püree und Klöße.'
		],
		['Frühkartoffeln', 'potatoes', '1 kg', '2,40', [6, 7], [], 'Die ersten des Jahres.'],
		['Zwiebeln', 'vegetables', '1 kg', '1,90', ALL, [], 'Lagerfähig.'],
		['Möhren', 'vegetables', '1 kg', '1,80', [7, 8, 9, 10, 11], ['bio'], 'Aus ökologischem Anbau.'],
		[
			'Spargel weiß',
			'vegetables',
			'500 g',
			'7,00',
			[4, 5, 6],
			[],
			'Frisch gestochen, bis Johanni.'
		],
		[
			'Erdbeeren',
			'fruit',
			'500 g',
			'4,00',
			[5, 6, 7],
			[],
			'Zum Selberpflücken oder fertig gepflückt.'
		],
		['Sonnenblumen', 'plants_flowers', '5 Stück', '5,00', [7, 8, 9], [], 'Vom Feld am Hof.'],
		[
			'Gemüsepflanzen',
			'plants_flowers',
			'1 Topf',
			'2,20',
			[4, 5],
			[],
			'Tomaten, Zucchini, Kräuter.'
		]
	],
	'forellenzucht-gersprenz': [
		['Forelle frisch', 'fish', '1 Stück', '6,50', ALL, [], 'Küchenfertig ausgenommen.'],
		[
			'Räucherforelle',
			'fish',
			'1 Stück',
			'7,50',
			ALL,
			['echt-odenwald'],
			'Über Buchenholz geräuchert.'
		],
		['Saiblingsfilet', 'fish', '200 g', '8,90', ALL, [], 'Ohne Gräten.'],
		['Forellenaufstrich', 'fish', '150 g', '4,90', ALL, [], 'Mit Meerrettich.'],
		[
			'Bockbier vom Brauhaus',
			'beer_spirits',
			'0,5 l',
			'2,80',
			[10, 11, 12],
			[],
			'Gebraut in der Nachbarschaft, verkauft im Hofladen.'
		]
	]
};

export const productSeeder: DemoSeeder = {
	name: 'products',
	async seed(ctx) {
		const labels = await ctx.db
			.selectFrom('label')
			.select('key')
			.where('region_id', '=', ctx.region.id)
			.execute();
		const known = new Set(labels.map((l) => l.key));
		const service = {
			db: ctx.db,
			region: { id: ctx.region.id },
			actor: ctx.actorFor(ctx.moderator)
		};
		for (const [producerKey, products] of Object.entries(PRODUCTS)) {
			const producer = ctx.organisations[producerKey];
			if (!producer) continue;
			const slug = await ctx.db
				.selectFrom('organisation')
				.select('slug')
				.where('region_id', '=', ctx.region.id)
				.where('id', '=', producer.id)
				.executeTakeFirstOrThrow();
			for (const [name, category, unit, price, months, labelKeys, description] of products) {
				await createProduct(
					service,
					productSchema.parse({
						producer: slug.slug,
						name,
						category,
						unit,
						price,
						months: months.map(String),
						labels: labelKeys.filter((key) => known.has(key)),
						description,
						available: 'on'
					})
				);
			}
		}
	}
};
