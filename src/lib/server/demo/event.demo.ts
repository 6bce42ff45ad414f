/**
 * Demo events from the lab's slides: the kick-off workshop and one workshop per topic field
 * (agenda of the slides' "Workshop-Agenda"), some past with minutes and contributions
 * collected on paper, some upcoming with registrations, one of them full with a waiting list.
 * Dates are relative to the first start, so the demo always has past and upcoming events.
 */
import type { Actor } from '../security/actor.ts';
import { eventSchema, paperSchema } from '../event/event.schema.ts';
import {
	createEvent,
	enterPaperContribution,
	register,
	updateEvent,
	type EventContext
} from '../event/event.service.ts';
import { instantToBerlin } from '../event/event.time.ts';
import type { DemoSeeder } from './demo.ts';

const WORKSHOP_AGENDA = [
	'18:00 Begrüßung und kurze Vorstellung der Einzelthemen im Wertschöpfungsnetzwerk',
	'18:20 Herausforderungen von Anbietern und Nutzern, Sammlung von Ideen für Anwendungsfälle',
	'19:15 Priorisierung der Themen, Ideen und Anwendungsfälle für die Region Bergstraße-Odenwald',
	'20:00 Arbeitsgruppen: Wen und was brauchen wir?',
	'20:30 Ende'
].join('\n');

interface DemoEvent {
	kind: 'kickoff' | 'workshop' | 'working_group' | 'information' | 'other';
	topicField?: string;
	title: string;
	description: string;
	/** days from now (negative: in the past) and local start/end hours */
	day: number;
	from: number;
	to: number;
	municipality: string;
	address: string;
	point?: { lat: number; lon: number };
	onlineUrl?: string;
	capacity?: number;
	agenda?: string;
	minutes?: string;
	/** how many demo citizens register (upcoming events) */
	registrations?: number;
	paper?: { title: string; body: string; category: string; groups: string[]; by?: string }[];
}

const EVENTS: DemoEvent[] = [
	{
		kind: 'kickoff',
		title: 'Kick-off-Workshop HeimatLeben 4.0 Bergstraße-Odenwald',
		description:
			'Auftakt des Open Government Labors: Themen, Aufgaben, Personen und Projektplan. Bürgerinnen und Bürger, Behörden, Politik und Partner aus der Region legen gemeinsam die vier Themenfelder fest.',
		day: -70,
		from: 17,
		to: 21,
		municipality: 'Heppenheim',
		address: 'Kurfürstensaal, Großer Markt 1',
		point: { lat: 49.6415, lon: 8.6383 },
		capacity: 80,
		agenda: [
			'17:00 Begrüßung durch den Landrat',
			'17:20 Was ist ein Open Government Labor?',
			'17:45 Vorstellung der vier Themenfelder',
			'18:30 Themen, Aufgaben, Personen: Arbeit an Stellwänden',
			'20:00 Projektplan und nächste Schritte'
		].join('\n'),
		minutes:
			'## Ergebnisse\n\n- Vier Themenfelder festgelegt: Regionale Produkte und Lieferketten; Wohnen, Arbeiten und Coworking; Gesundheitsvorsorge und Pflege; Erholung, Freizeit und Tourismus.\n- Für jedes Themenfeld gibt es eine Arbeitsgruppe mit einer Ansprechperson.\n- Als Nächstes: Tiefeninterviews mit Akteuren und Umfragen, danach ein Workshop je Themenfeld.',
		paper: [
			{
				title: 'Wochenmarkt auch am Samstagnachmittag',
				body: 'Wer unter der Woche pendelt, schafft den Markt am Vormittag nicht.',
				category: 'nutzerbeduerfnisse',
				groups: ['familien', 'konsumenten'],
				by: 'Teilnehmerin aus Bensheim'
			},
			{
				title: 'Leerstehende Ladenlokale für Pop-up-Läden öffnen',
				body: 'In vielen Ortskernen stehen Läden leer; kurze Mietverträge würden helfen.',
				category: 'anforderungen-der-anbieter',
				groups: ['jugend']
			}
		]
	},
	{
		kind: 'workshop',
		topicField: 'regionale-produkte',
		title: 'Workshop Regionale Produkte und Lieferketten',
		description:
			'Handel und Vermarktung regionaler Produkte stärken, die Lieferkette vom Erzeuger zum Konsumenten stationär und digital weiterentwickeln. Wir sammeln Herausforderungen, Ideen und Anwendungsfälle wie Wochenmärkte, Dorfläden und einen regionalen Online-Marktplatz.',
		day: -35,
		from: 18,
		to: 21,
		municipality: 'Lindenfels',
		address: 'Bürgerhaus, Burgstraße 35',
		capacity: 30,
		agenda: WORKSHOP_AGENDA,
		minutes:
			'## Ergebnisse\n\n1. Dorfladen / Regionalladen: höchste Priorität, Arbeitsgruppe bildet sich.\n2. Wochen- und Themenmärkte: Termine abstimmen, gemeinsamer Kalender.\n3. Regionaler Online-Marktplatz: zuerst die Abholstationen klären.\n\nDie auf Papier gesammelten Beiträge stehen in der Themenlandkarte.',
		paper: [
			{
				title: 'Abholstation für Hofprodukte am Bahnhof',
				body: 'Bestellen am Abend, abholen auf dem Heimweg – wie ein Paketfach, aber gekühlt.',
				category: 'nutzerbeduerfnisse',
				groups: ['konsumenten', 'familien'],
				by: 'Herr M.'
			},
			{
				title: 'Kleine Erzeuger brauchen gemeinsame Logistik',
				body: 'Einzeln lohnt sich die Fahrt in die Stadt nicht.',
				category: 'anforderungen-der-anbieter',
				groups: []
			},
			{
				title: 'Regionale Produkte in der Schulmensa',
				body: 'Die Kinder sollen wissen, wo ihr Essen herkommt.',
				category: 'herausforderungen',
				groups: ['jugend', 'familien']
			}
		]
	},
	{
		kind: 'workshop',
		topicField: 'gesundheit-pflege',
		title: 'Workshop Gesundheitsvorsorge und Pflege',
		description:
			'Ärztehäuser und Satellitenpraxen, Telemedizin und die Vernetzung von Pflegediensten mit der Nachbarschaftshilfe: Was braucht die Region, damit Versorgung im ländlichen Raum gelingt?',
		day: -14,
		from: 18,
		to: 21,
		municipality: 'Fürth',
		address: 'Gemeindezentrum, Hauptstraße 19',
		capacity: 25,
		agenda: WORKSHOP_AGENDA,
		minutes:
			'## Ergebnisse\n\n- Tele-Sprechstunde in der Apotheke als Pilot vorgeschlagen.\n- Nachbarschaftshilfe und Pflegedienste wollen eine gemeinsame Telefonnummer.\n- Nächstes Treffen der Arbeitsgruppe im Odenwaldkreis.',
		paper: [
			{
				title: 'Fahrdienst zur Fachärztin',
				body: 'Ohne Auto ist der Weg nach Heppenheim ein halber Tag.',
				category: 'nutzerbeduerfnisse',
				groups: ['senioren'],
				by: 'Frau K.'
			}
		]
	},
	{
		kind: 'workshop',
		topicField: 'wohnen-arbeiten',
		title: 'Workshop Wohnen, Arbeiten und Coworking',
		description:
			'Pop-up-Nutzung von Leerständen, Handwerker- und Dienstleistungsnetzwerke, generationenübergreifendes Wohnen, Coworking und Cohousing: Wir sammeln Ideen und priorisieren die Anwendungsfälle.',
		day: 12,
		from: 18,
		to: 21,
		municipality: 'Michelstadt',
		address: 'Rathaus, Marktplatz 1',
		point: { lat: 49.6781, lon: 9.0037 },
		capacity: 8,
		agenda: WORKSHOP_AGENDA,
		registrations: 11
	},
	{
		kind: 'workshop',
		topicField: 'freizeit-tourismus',
		title: 'Workshop Erholung, Freizeit und Tourismus',
		description:
			'Regionalmarken, nutzerorientierte Digitalplattformen, Bildung für nachhaltige Entwicklung und ein Regionalmobil für Infostände: Was macht die Region für Gäste und Einheimische attraktiv?',
		day: 26,
		from: 17,
		to: 20,
		municipality: 'Erbach',
		address: 'Tourist-Info, Marktplatz 1',
		capacity: 30,
		onlineUrl: 'https://meet.demo.heimatleben.invalid/tourismus',
		agenda: WORKSHOP_AGENDA,
		registrations: 4
	},
	{
		kind: 'working_group',
		topicField: 'regionale-produkte',
		title: 'Arbeitsgruppe Dorfladen: zweites Treffen',
		description: 'Wir besprechen Standorte, Sortiment und ein Betreibermodell für den Dorfladen.',
		day: 40,
		from: 19,
		to: 21,
		municipality: 'Lautertal (Odenwald)',
		address: 'Dorfgemeinschaftshaus Gadernheim',
		agenda: '19:00 Stand der Standortsuche\n19:45 Sortiment und Lieferanten\n20:30 Betreibermodell',
		registrations: 3
	},
	{
		kind: 'information',
		title: 'Informationsabend: So funktioniert die Beteiligung online',
		description:
			'Wir zeigen die Themenlandkarte, die Priorisierung und die Anmeldung zu Veranstaltungen – online, mit Zeit für Fragen.',
		day: 5,
		from: 19,
		to: 20,
		municipality: '',
		address: '',
		onlineUrl: 'https://meet.demo.heimatleben.invalid/info',
		registrations: 2
	}
];

function local(day: number, hour: number): string {
	const date = new Date(Date.now() + day * 86_400_000);
	// the day in Berlin, then the wall-clock hour on it
	return `${instantToBerlin(date).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

export const eventSeeder: DemoSeeder = {
	name: 'events',
	async seed(ctx) {
		const municipalities = await ctx.db
			.selectFrom('municipality')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.execute();
		const slug = (name: string) => municipalities.find((m) => m.name === name)?.slug;
		const eventCtx = (actor: Actor): EventContext => ({
			db: ctx.db,
			region: ctx.region,
			actor,
			smtp: false,
			meta: { ip: '', lang: 'de', origin: 'https://demo.heimatleben.invalid' }
		});
		const moderator = eventCtx(ctx.actorFor(ctx.moderator));
		for (const spec of EVENTS) {
			const input = eventSchema.parse({
				kind: spec.kind,
				topicField: spec.topicField ?? '',
				title: spec.title,
				description: spec.description,
				startsAt: local(spec.day, spec.from),
				endsAt: local(spec.day, spec.to),
				municipality: spec.municipality ? slug(spec.municipality) : '',
				address: spec.address,
				lat: spec.point ? String(spec.point.lat) : '',
				lon: spec.point ? String(spec.point.lon) : '',
				onlineUrl: spec.onlineUrl ?? '',
				capacity: spec.capacity ? String(spec.capacity) : '',
				agenda: spec.agenda ?? ''
			});
			const id = await createEvent(moderator, input);
			const citizens = ctx.citizens.slice(0, spec.registrations ?? 0);
			for (const citizen of citizens) {
				await register(eventCtx(ctx.actorFor(citizen)), id);
			}
			if (spec.day < 0) {
				// a past event: who came, the minutes, the contributions from paper
				await ctx.db
					.insertInto('event_registration')
					.values(
						ctx.citizens.slice(0, 6).map((c) => ({
							region_id: ctx.region.id,
							event_id: id,
							person_id: c.id,
							status: 'confirmed' as const,
							confirmed_at: new Date()
						}))
					)
					.execute();
				await updateEvent(moderator, id, { ...input, minutes: spec.minutes ?? '' });
				for (const paper of spec.paper ?? []) {
					await enterPaperContribution(
						moderator,
						id,
						paperSchema.parse({
							topicField: spec.topicField ?? 'regionale-produkte',
							title: paper.title,
							body: paper.body,
							category: paper.category,
							targetGroups: paper.groups,
							onBehalfOf: paper.by ?? ''
						})
					);
				}
			}
		}
	}
};
