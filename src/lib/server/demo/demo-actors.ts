/**
 * The made-up people and organisations of the demo region. Names are invented; municipalities,
 * target groups and organisation kinds are the region's real lists.
 */
import type { OrganisationKind, OrganisationSector } from '../organisation/organisation.schema.ts';
import type { PersonRole } from '../db/schema.ts';

export const demoPeople: {
	name: string;
	municipality: string;
	targetGroup: string;
	role: PersonRole;
}[] = [
	{
		name: 'Moderation Kreis Bergstraße',
		municipality: 'Heppenheim',
		targetGroup: 'familien',
		role: 'moderator'
	},
	{ name: 'Anna Hartmann', municipality: 'Lindenfels', targetGroup: 'senioren', role: 'citizen' },
	{ name: 'Jonas Becker', municipality: 'Bensheim', targetGroup: 'jugend', role: 'citizen' },
	{ name: 'Miriam Schäfer', municipality: 'Michelstadt', targetGroup: 'familien', role: 'citizen' },
	{ name: 'Karl Weber', municipality: 'Fürth', targetGroup: 'senioren', role: 'citizen' },
	{ name: 'Lea Wagner', municipality: 'Erbach', targetGroup: 'konsumenten', role: 'citizen' },
	{ name: 'Tobias Krämer', municipality: 'Rimbach', targetGroup: 'konsumenten', role: 'citizen' },
	{ name: 'Sabine Roth', municipality: 'Bad König', targetGroup: 'familien', role: 'citizen' },
	{ name: 'Emil Dietz', municipality: 'Wald-Michelbach', targetGroup: 'jugend', role: 'citizen' },
	{
		name: 'Helga Brunner',
		municipality: 'Reichelsheim (Odenwald)',
		targetGroup: 'senioren',
		role: 'citizen'
	},
	{ name: 'Yusuf Demir', municipality: 'Lorsch', targetGroup: 'konsumenten', role: 'citizen' },
	{ name: 'Clara Vogel', municipality: 'Höchst i. Odw.', targetGroup: 'familien', role: 'citizen' },
	{ name: 'Peter Lang', municipality: 'Zwingenberg', targetGroup: 'senioren', role: 'citizen' }
];

export const demoOrganisations: {
	key: string;
	name: string;
	kind: OrganisationKind;
	sector: OrganisationSector;
	municipality: string;
	description: string;
}[] = [
	{
		key: 'hof-lindenblick',
		name: 'Hof Lindenblick (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Lindenfels',
		description: 'Erfundener Demo-Betrieb: Eier, Kartoffeln und Apfelsaft aus dem Odenwald.'
	},
	{
		key: 'imkerei-felsenmeer',
		name: 'Imkerei am Felsenmeer (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Lautertal (Odenwald)',
		description: 'Erfundene Demo-Imkerei mit Blüten- und Waldhonig.'
	},
	{
		key: 'dorfladen-gadernheim',
		name: 'Dorfladen Gadernheim (Demo)',
		kind: 'village_shop',
		sector: 'zivilgesellschaft',
		municipality: 'Lautertal (Odenwald)',
		description: 'Erfundener genossenschaftlicher Dorfladen mit regionalem Sortiment.'
	},
	{
		key: 'coworking-odenwald',
		name: 'Coworking Odenwald (Demo)',
		kind: 'coworking',
		sector: 'wirtschaft',
		municipality: 'Michelstadt',
		description: 'Erfundener Coworking-Space mit zwölf Arbeitsplätzen und Besprechungsraum.'
	},
	{
		key: 'pflegedienst-weschnitztal',
		name: 'Pflegedienst Weschnitztal (Demo)',
		kind: 'care_service',
		sector: 'wirtschaft',
		municipality: 'Rimbach',
		description: 'Erfundener ambulanter Pflegedienst.'
	},
	{
		key: 'nachbarschaftshilfe-fuerth',
		name: 'Nachbarschaftshilfe Fürth (Demo)',
		kind: 'association',
		sector: 'zivilgesellschaft',
		municipality: 'Fürth',
		description: 'Erfundener Verein für Fahrdienste, Einkaufshilfe und Besuche.'
	},
	{
		key: 'tourist-info-erbach',
		name: 'Tourist-Info Erbach (Demo)',
		kind: 'tourism_office',
		sector: 'verwaltung',
		municipality: 'Erbach',
		description: 'Erfundene Tourist-Information.'
	},
	{
		key: 'wirtschaftsfoerderung',
		name: 'Wirtschaftsförderung Bergstraße (Demo)',
		kind: 'other',
		sector: 'verwaltung',
		municipality: 'Heppenheim',
		description:
			'Erfundene Wirtschaftsförderung des Kreises, Geschäftsstelle der Wertschöpfungsnetzwerke.'
	},
	{
		key: 'gemeinde-grasellenbach',
		name: 'Gemeinde Grasellenbach (Demo)',
		kind: 'municipality',
		sector: 'politik',
		municipality: 'Grasellenbach',
		description: 'Erfundener Demo-Eintrag der Gemeindeverwaltung.'
	},
	// producers of the regional products (product.demo.ts gives them their products)
	{
		key: 'gefluegelhof-kolmbach',
		name: 'Geflügelhof Kolmbach (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Lindenfels',
		description: 'Erfundener Demo-Betrieb: Eier aus Freiland- und Bodenhaltung, Suppenhühner.'
	},
	{
		key: 'hofkaeserei-ueberwald',
		name: 'Hofkäserei Überwald (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Wald-Michelbach',
		description: 'Erfundene Demo-Hofkäserei mit Heumilch, Joghurt und Bergkäse.'
	},
	{
		key: 'metzgerei-hof-weschnitz',
		name: 'Hofmetzgerei Weschnitztal (Demo)',
		kind: 'farm_shop',
		sector: 'wirtschaft',
		municipality: 'Rimbach',
		description: 'Erfundener Demo-Hof mit eigener Schlachtung: Rind, Schwein, Wurst im Glas.'
	},
	{
		key: 'obsthof-streuobstwiese',
		name: 'Obsthof an der Streuobstwiese (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Reichelsheim (Odenwald)',
		description:
			'Erfundener Demo-Obsthof: Äpfel, Birnen, Apfelsaft und Apfelwein von Streuobstwiesen.'
	},
	{
		key: 'weingut-bergstrasse',
		name: 'Weingut am Bergsträßer Hang (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Heppenheim',
		description:
			'Erfundenes Demo-Weingut an der Hessischen Bergstraße: Riesling, Spätburgunder, Traubensaft.'
	},
	{
		key: 'landbaeckerei-michelstadt',
		name: 'Landbäckerei Mümlingtal (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Michelstadt',
		description: 'Erfundene Demo-Bäckerei mit Holzofenbrot aus Odenwälder Getreide.'
	},
	{
		key: 'kartoffelhof-hoechst',
		name: 'Kartoffelhof Höchst (Demo)',
		kind: 'farm_shop',
		sector: 'wirtschaft',
		municipality: 'Höchst i. Odw.',
		description: 'Erfundener Demo-Hof mit Kartoffeln, Zwiebeln und Hofladen am Wochenende.'
	},
	{
		key: 'forellenzucht-gersprenz',
		name: 'Forellenzucht im Gersprenztal (Demo)',
		kind: 'producer',
		sector: 'wirtschaft',
		municipality: 'Brensbach',
		description: 'Erfundene Demo-Fischzucht: frische und geräucherte Forellen, Saibling.'
	}
];
