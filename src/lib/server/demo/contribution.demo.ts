/**
 * Demo topic maps: contributions in all four topic fields, all five categories and for all four
 * target groups of the workshop agenda, with supports and comments, written through the
 * participation services (so search, counters and everything hooked into them stay true).
 * Texts are made up, in the spirit of the workshops in the slides.
 */
import { sql } from 'kysely';
import { createContribution, setSupport } from '../participation/contribution.service.ts';
import { addComment } from '../participation/discussion.service.ts';
import type { DemoContext, DemoPerson, DemoSeeder } from './demo.ts';

type Category =
	| 'herausforderungen'
	| 'anforderungen-der-anbieter'
	| 'anforderungen-an-anbieter'
	| 'nutzerbeduerfnisse'
	| 'rahmenbedingungen';
type Group = 'konsumenten' | 'jugend' | 'familien' | 'senioren';

interface DemoContribution {
	field: string;
	category: Category;
	title: string;
	body: string;
	groups: Group[];
	municipality?: string;
	organisation?: string;
	comments?: string[];
}

const P = 'regionale-produkte';
const W = 'wohnen-arbeiten';
const G = 'gesundheit-pflege';
const F = 'freizeit-tourismus';

export const demoContributions: DemoContribution[] = [
	// Regionale Produkte und Lieferketten
	{
		field: P,
		category: 'herausforderungen',
		title: 'Wochenmarkt endet, bevor ich von der Arbeit komme',
		body: 'Der Markt in unserem Ort ist dienstags von 8 bis 12 Uhr. Wer pendelt, kommt nie hin. Ein Abendmarkt oder eine Abholstation würde helfen.',
		groups: ['konsumenten', 'familien'],
		municipality: 'Bensheim',
		comments: [
			'Geht mir genauso. Ein Feierabendmarkt einmal im Monat wäre ein Anfang.',
			'In Heppenheim gab es das schon einmal, es lief gut.'
		]
	},
	{
		field: P,
		category: 'herausforderungen',
		title: 'Kleine Höfe finden keine Nachfolge',
		body: 'Viele Direktvermarkter im Odenwald sind über 60. Ohne Nachfolge verschwinden Hofläden und Marktstände in wenigen Jahren.',
		groups: ['konsumenten'],
		municipality: 'Reichelsheim (Odenwald)'
	},
	{
		field: P,
		category: 'anforderungen-der-anbieter',
		title: 'Gemeinsame Logistik statt jeder fährt selbst',
		body: 'Als Erzeuger fahre ich dreimal pro Woche einzeln zu Läden. Eine gemeinsame Sammeltour würde Zeit und Diesel sparen.',
		groups: ['konsumenten'],
		municipality: 'Lindenfels',
		organisation: 'hof-lindenblick',
		comments: ['Wir wären als Imkerei dabei, wenn die Tour über Lautertal geht.']
	},
	{
		field: P,
		category: 'anforderungen-der-anbieter',
		title: 'Bestellungen bis Mittwoch, damit wir planen können',
		body: 'Für frische Ware brauchen wir Vorbestellungen mit festem Bestellschluss. Spontane Mengen führen zu Verschwendung.',
		groups: ['konsumenten', 'familien'],
		municipality: 'Lautertal (Odenwald)',
		organisation: 'imkerei-felsenmeer'
	},
	{
		field: P,
		category: 'anforderungen-an-anbieter',
		title: 'Klare Herkunft und Preise online sehen',
		body: 'Bevor ich losfahre, möchte ich wissen, was es gibt, woher es kommt und was es kostet.',
		groups: ['konsumenten', 'jugend'],
		municipality: 'Lorsch'
	},
	{
		field: P,
		category: 'nutzerbeduerfnisse',
		title: 'Eier und Milch im Dorf, ohne Auto',
		body: 'Seit der Bäcker zu hat, gibt es bei uns nichts mehr zu Fuß. Ein Dorfladen oder Regiomat würde vielen Älteren helfen.',
		groups: ['senioren'],
		municipality: 'Grasellenbach',
		comments: [
			'Ein Regiomat am Rathaus wäre schnell umsetzbar.',
			'Der Dorfladen in Gadernheim zeigt, dass es genossenschaftlich geht.'
		]
	},
	{
		field: P,
		category: 'nutzerbeduerfnisse',
		title: 'Schulen und Kitas mit regionalem Essen',
		body: 'Die Mensa könnte Kartoffeln, Äpfel und Milch aus der Region beziehen, wenn es einen verlässlichen Lieferweg gibt.',
		groups: ['familien', 'jugend'],
		municipality: 'Erbach'
	},
	{
		field: P,
		category: 'rahmenbedingungen',
		title: 'Marktsatzungen für Abendmärkte öffnen',
		body: 'Viele Satzungen erlauben nur Vormittagsmärkte. Die Gemeinden könnten Abend- und Themenmärkte unkompliziert zulassen.',
		groups: ['konsumenten'],
		municipality: 'Heppenheim',
		organisation: 'wirtschaftsfoerderung'
	},
	// Wohnen, Arbeiten und Coworking
	{
		field: W,
		category: 'herausforderungen',
		title: 'Leerstand in der Hauptstraße',
		body: 'In unserer Ortsmitte stehen vier Ladenlokale leer. Eigentümer scheuen Zwischennutzung wegen Aufwand und Haftung.',
		groups: ['konsumenten', 'jugend'],
		municipality: 'Fürth',
		comments: ['Ein Musterzwischennutzungsvertrag vom Kreis würde helfen.']
	},
	{
		field: W,
		category: 'herausforderungen',
		title: 'Pendeln nach Frankfurt kostet zwei Stunden am Tag',
		body: 'Mit zwei Tagen Homeoffice wäre viel gewonnen, aber zu Hause fehlt ein ruhiger Arbeitsplatz.',
		groups: ['familien'],
		municipality: 'Höchst i. Odw.'
	},
	{
		field: W,
		category: 'anforderungen-der-anbieter',
		title: 'Auslastung planbar machen',
		body: 'Ein Coworking-Space trägt sich erst mit festen Mitgliedern. Firmen könnten Kontingente für ihre Beschäftigten buchen.',
		groups: ['familien'],
		municipality: 'Michelstadt',
		organisation: 'coworking-odenwald'
	},
	{
		field: W,
		category: 'anforderungen-an-anbieter',
		title: 'Tagespässe und gutes Internet',
		body: 'Ich brauche keinen festen Platz, aber verlässliches Glasfaser, einen ruhigen Raum für Videocalls und Tagespässe.',
		groups: ['jugend', 'familien'],
		municipality: 'Erbach'
	},
	{
		field: W,
		category: 'nutzerbeduerfnisse',
		title: 'Handwerker finden, die auch kleine Aufträge machen',
		body: 'Für eine neue Dachrinne bekomme ich seit Monaten keinen Termin. Ein Netzwerk, das kleine Aufträge bündelt, wäre super.',
		groups: ['senioren'],
		municipality: 'Lindenfels'
	},
	{
		field: W,
		category: 'nutzerbeduerfnisse',
		title: 'Wohnen im Alter im eigenen Dorf',
		body: 'Das Haus ist zu groß geworden. Eine Wohngemeinschaft mit Jüngeren im Ort wäre ideal.',
		groups: ['senioren', 'jugend'],
		municipality: 'Rimbach',
		comments: ['Genau so ein Projekt suchen wir als junge Familie.']
	},
	{
		field: W,
		category: 'rahmenbedingungen',
		title: 'Förderprogramm für Coworking im ländlichen Raum nutzen',
		body: 'Das Land fördert Coworking-Spaces in ländlichen Gemeinden. Die Kommunen sollten gemeinsam einen Antrag stellen.',
		groups: ['familien'],
		municipality: 'Bad König'
	},
	// Gesundheitsvorsorge und Pflege
	{
		field: G,
		category: 'herausforderungen',
		title: 'Hausarzt geht in Ruhestand, keine Nachfolge',
		body: 'Unser Hausarzt hört Ende des Jahres auf. Die nächste Praxis nimmt keine neuen Patienten.',
		groups: ['senioren', 'familien'],
		municipality: 'Wald-Michelbach',
		comments: [
			'Eine Satellitenpraxis mit festen Sprechstunden wäre eine Lösung.',
			'Auch Telemedizin mit Unterstützung vor Ort könnte helfen.'
		]
	},
	{
		field: G,
		category: 'anforderungen-der-anbieter',
		title: 'Fahrdienste mit der Nachbarschaftshilfe abstimmen',
		body: 'Wir fahren Patientinnen zu Terminen, oft doppelt mit dem Pflegedienst. Ein gemeinsamer Plan würde Wege sparen.',
		groups: ['senioren'],
		municipality: 'Fürth',
		organisation: 'nachbarschaftshilfe-fuerth'
	},
	{
		field: G,
		category: 'anforderungen-der-anbieter',
		title: 'Pflegekräfte brauchen bezahlbaren Wohnraum',
		body: 'Wir finden Fachkräfte, aber keine Wohnungen für sie in der Nähe.',
		groups: ['familien'],
		municipality: 'Rimbach',
		organisation: 'pflegedienst-weschnitztal'
	},
	{
		field: G,
		category: 'anforderungen-an-anbieter',
		title: 'Tele-Sprechstunde mit Hilfe vor Ort',
		body: 'Viele Ältere trauen sich die Videosprechstunde allein nicht zu. Eine geschulte Person in der Apotheke oder im Rathaus könnte helfen.',
		groups: ['senioren'],
		municipality: 'Mossautal'
	},
	{
		field: G,
		category: 'nutzerbeduerfnisse',
		title: 'Kinderarzt ohne 40 Kilometer Fahrt',
		body: 'Für Vorsorgeuntersuchungen fahren wir bis Darmstadt. Ein Kinderarzttag im MVZ einmal pro Woche würde reichen.',
		groups: ['familien'],
		municipality: 'Breuberg'
	},
	{
		field: G,
		category: 'rahmenbedingungen',
		title: 'Landarztquote und Stipendien bekannter machen',
		body: 'Es gibt Stipendien für Medizinstudierende, die aufs Land gehen. Kaum jemand in der Region weiß davon.',
		groups: ['jugend'],
		municipality: 'Heppenheim'
	},
	// Erholung, Freizeit und Tourismus
	{
		field: F,
		category: 'herausforderungen',
		title: 'Zu viele Regionalmarken verwirren',
		body: 'Geo-Naturpark, Echt Odenwald, Bergstraße – Gäste und Einheimische wissen nicht, wofür welche Marke steht.',
		groups: ['konsumenten'],
		municipality: 'Lorsch',
		comments: ['Eine gemeinsame Übersicht mit klaren Kriterien wäre ein erster Schritt.']
	},
	{
		field: F,
		category: 'anforderungen-der-anbieter',
		title: 'Veranstaltungen einmal eintragen, überall zeigen',
		body: 'Wir pflegen Termine in drei Portalen. Ein offener Kalender mit Schnittstelle würde viel Arbeit sparen.',
		groups: ['konsumenten'],
		municipality: 'Erbach',
		organisation: 'tourist-info-erbach'
	},
	{
		field: F,
		category: 'anforderungen-an-anbieter',
		title: 'Wanderwege mit Bus erreichbar machen',
		body: 'Am Wochenende fährt kaum ein Bus zu den Startpunkten. Touren sollten zeigen, wie man ohne Auto hinkommt.',
		groups: ['jugend', 'senioren'],
		municipality: 'Lautertal (Odenwald)'
	},
	{
		field: F,
		category: 'nutzerbeduerfnisse',
		title: 'Ausflugsziele für Familien bei Regen',
		body: 'Wir suchen Ideen für Regentage: Museen, Hofbesuche, Werkstätten zum Mitmachen.',
		groups: ['familien'],
		municipality: 'Michelstadt'
	},
	{
		field: F,
		category: 'nutzerbeduerfnisse',
		title: 'Unterrichtsmodule zur Region für Schulen',
		body: 'Lehrkräfte wünschen sich fertige Module zu Streuobstwiesen, Wald und regionaler Landwirtschaft.',
		groups: ['jugend'],
		municipality: 'Bensheim'
	},
	{
		field: F,
		category: 'rahmenbedingungen',
		title: 'Regionalmobil für Infostände auf Festen',
		body: 'Ein gemeinsames Infomobil könnte auf Märkten und Festen die Angebote der Region zeigen, statt jeder Gemeinde einen eigenen Stand.',
		groups: ['konsumenten', 'senioren'],
		municipality: 'Zwingenberg',
		organisation: 'gemeinde-grasellenbach'
	}
];

function contextFor(ctx: DemoContext, person: DemoPerson) {
	return {
		db: ctx.db,
		region: ctx.region,
		actor: ctx.actorFor(person),
		meta: { ip: '127.0.0.1', lang: 'de' as const }
	};
}

export const contributionSeeder: DemoSeeder = {
	name: 'contributions',
	async seed(ctx) {
		const municipalities = await ctx.db
			.selectFrom('municipality')
			.select(['name', 'slug'])
			.where('region_id', '=', ctx.region.id)
			.execute();
		const slugOf = new Map(municipalities.map((m) => [m.name, m.slug]));
		const members = await ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select(['organisation.slug', 'organisation_member.person_id'])
			.where('organisation_member.region_id', '=', ctx.region.id)
			.execute();
		const people = [...ctx.citizens];
		const now = Date.now();
		for (const [index, item] of demoContributions.entries()) {
			const memberId = item.organisation
				? members.find((m) => m.slug === item.organisation)?.person_id
				: undefined;
			const author = people.find((p) => p.id === memberId) ?? people[index % people.length]!;
			const id = await createContribution(contextFor(ctx, author), item.field, {
				title: item.title,
				body: item.body,
				category: item.category,
				targetGroups: item.groups,
				municipality: item.municipality ? slugOf.get(item.municipality) : undefined,
				organisation: memberId ? item.organisation : undefined
			});
			for (const person of people) {
				if (person.id !== author.id && ctx.random() < 0.35) {
					await setSupport(contextFor(ctx, person), id, true);
				}
			}
			for (const body of item.comments ?? []) {
				const commenter = ctx.pick(people.filter((p) => p.id !== author.id));
				await addComment(contextFor(ctx, commenter), id, { body });
			}
			// spread the contributions over the weeks of the workshop series
			const days = Math.round(90 - (index / demoContributions.length) * 80 + ctx.random() * 5);
			const at = new Date(now - days * 86_400_000);
			await ctx.db
				.updateTable('contribution')
				.set({ created_at: at, updated_at: at })
				.where('id', '=', id)
				.execute();
			await ctx.db
				.updateTable('comment')
				.set({ created_at: sql<Date>`${at}::timestamptz + interval '1 day'` })
				.where('contribution_id', '=', id)
				.execute();
		}
	}
};
