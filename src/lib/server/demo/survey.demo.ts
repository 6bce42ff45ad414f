/**
 * The three surveys of the slides ("Durchführung von Umfragen"): consumers and weekly markets
 * (closed, with results), producers and direct marketers (open, anonymous, live results), and
 * mobile work and coworking (open, linked to the account). Questions of all six kinds, with
 * conditions; the responses are drawn with the seeded generator and checked by the same
 * validation as a real response.
 */
import { sql } from 'kysely';
import type { DemoContext, DemoSeeder } from './demo.ts';
import {
	addQuestion,
	createSurvey,
	getSurvey,
	type SurveyContext
} from '../survey/survey.service.ts';
import {
	questionSchema,
	surveySchema,
	validateAnswers,
	type QuestionDef,
	type RawAnswers
} from '../survey/survey.schema.ts';

interface DemoQuestion {
	kind: 'single' | 'multiple' | 'scale' | 'text' | 'ranking' | 'matrix';
	text: string;
	required?: boolean;
	options?: string[];
	rows?: string[];
	columns?: string[];
	scale?: [number, number, string, string];
	/** [question index, option label] */
	condition?: [number, string];
}

interface DemoSurvey {
	title: string;
	intro: string;
	topicField: string;
	linked: boolean;
	liveResults: boolean;
	/** days from today */
	opens: number;
	closes: number;
	responses: number;
	questions: DemoQuestion[];
	texts: string[];
}

const SURVEYS: DemoSurvey[] = [
	{
		title: 'Regionale Produkte und Wochenmärkte: Ihre Meinung als Verbraucherin und Verbraucher',
		intro:
			'Wo kaufen Sie regionale Produkte, und was wünschen Sie sich von den Wochen-, Regional- und Themenmärkten in Bergstraße und Odenwald? Die Umfrage ist anonym.',
		topicField: 'regionale-produkte',
		linked: false,
		liveResults: false,
		opens: -60,
		closes: -14,
		responses: 64,
		questions: [
			{
				kind: 'single',
				text: 'Wie oft kaufen Sie auf einem Wochenmarkt in der Region ein?',
				required: true,
				options: ['Jede Woche', 'Mehrmals im Monat', 'Selten', 'Nie']
			},
			{
				kind: 'multiple',
				text: 'Welche Produkte kaufen Sie am liebsten regional?',
				options: [
					'Obst und Gemüse',
					'Fleisch und Wurst',
					'Milchprodukte und Käse',
					'Brot und Backwaren',
					'Eier',
					'Honig und Aufstriche'
				]
			},
			{
				kind: 'ranking',
				text: 'Was ist Ihnen beim Einkauf regionaler Produkte am wichtigsten?',
				options: ['Frische', 'Preis', 'Nähe zum Wohnort', 'Bekannte Erzeuger', 'Öffnungszeiten']
			},
			{
				kind: 'matrix',
				text: 'Wie bewerten Sie den Wochenmarkt in Ihrer Nähe?',
				rows: ['Angebot', 'Öffnungszeiten', 'Erreichbarkeit mit Bus und Rad', 'Parkmöglichkeiten'],
				columns: ['schlecht', 'mittel', 'gut']
			},
			{
				kind: 'single',
				text: 'Was hält Sie vom Besuch eines Wochenmarkts ab?',
				required: true,
				options: [
					'Die Öffnungszeiten passen nicht',
					'Kein Markt in der Nähe',
					'Zu teuer',
					'Ich kaufe lieber im Supermarkt oder online'
				],
				condition: [0, 'Nie']
			},
			{
				kind: 'scale',
				text: 'Würden Sie regionale Produkte auf einem regionalen Online-Marktplatz bestellen?',
				scale: [1, 5, 'sicher nicht', 'sehr gern']
			},
			{ kind: 'text', text: 'Was wünschen Sie sich von einem Wochen- oder Regionalmarkt?' }
		],
		texts: [
			'Ein Abendmarkt nach Feierabend wäre ideal.',
			'Mehr Stände mit Bio-Produkten.',
			'Kartenzahlung an allen Ständen.',
			'Ein Markt auch in den kleineren Orten, vielleicht alle zwei Wochen.',
			'Sitzgelegenheiten und ein Kaffeestand, damit man sich trifft.'
		]
	},
	{
		title: 'Erzeuger und Direktvermarkter regionaler Produkte',
		intro:
			'Für Landwirtinnen, Winzer, Imkerinnen, Metzgereien und Bäckereien der Region: Wie vermarkten Sie heute, und was würde Ihnen helfen? Anonym, die Ergebnisse sind schon während der Umfrage sichtbar.',
		topicField: 'regionale-produkte',
		linked: false,
		liveResults: true,
		opens: -10,
		closes: 30,
		responses: 38,
		questions: [
			{
				kind: 'single',
				text: 'Wie vermarkten Sie Ihre Produkte überwiegend?',
				required: true,
				options: [
					'Hofladen',
					'Wochenmarkt',
					'Lieferung an Handel und Gastronomie',
					'Eigener Online-Shop',
					'Abo-Kiste'
				]
			},
			{
				kind: 'multiple',
				text: 'Welche Vertriebswege würden Sie gern zusätzlich nutzen?',
				options: [
					'Regionaler Online-Marktplatz',
					'Dorf- oder Regionalladen',
					'Verkaufsautomat',
					'Themenmärkte',
					'Gemeinsame Logistik mit anderen Erzeugern'
				]
			},
			{
				kind: 'matrix',
				text: 'Wie groß sind diese Herausforderungen für Ihren Betrieb?',
				rows: [
					'Logistik und Lieferung',
					'Personal',
					'Auflagen und Bürokratie',
					'Sichtbarkeit',
					'Preisdruck'
				],
				columns: ['gering', 'mittel', 'groß'],
				required: true
			},
			{
				kind: 'scale',
				text: 'Wie wichtig ist Ihnen die Zusammenarbeit mit anderen Erzeugern der Region?',
				scale: [0, 10, 'unwichtig', 'sehr wichtig']
			},
			{
				kind: 'single',
				text: 'Wie würden Sie einen gemeinsamen Online-Marktplatz bezahlen wollen?',
				options: ['Anteil je Verkauf', 'Monatlicher Beitrag', 'Gar nicht'],
				condition: [1, 'Regionaler Online-Marktplatz']
			},
			{ kind: 'text', text: 'Was bräuchten Sie, um mehr direkt zu vermarkten?' }
		],
		texts: [
			'Eine gemeinsame Kühllogistik für mehrere Höfe.',
			'Hilfe bei Fotos und Texten für den Online-Verkauf.',
			'Weniger Aufwand bei den Hygieneauflagen für kleine Mengen.',
			'Einen festen Platz im Dorfladen.'
		]
	},
	{
		title: 'Mobiles Arbeiten und Coworking im ländlichen Raum',
		intro:
			'Arbeiten, wo man lebt: Wie arbeiten Sie heute, und würden Sie einen Coworking-Space in Ihrer Gemeinde nutzen? Mit Konto, eine Antwort pro Person; Zielgruppe und Gemeinde kommen aus Ihrem Profil.',
		topicField: 'wohnen-arbeiten',
		linked: true,
		liveResults: true,
		opens: -5,
		closes: 40,
		responses: 12,
		questions: [
			{
				kind: 'single',
				text: 'Wie arbeiten Sie überwiegend?',
				required: true,
				options: [
					'Im Betrieb oder Büro',
					'Zu Hause',
					'Gemischt',
					'Selbstständig oder im eigenen Start-up',
					'Nicht berufstätig'
				]
			},
			{
				kind: 'scale',
				text: 'Wie gut reicht Ihr Internetanschluss für das Arbeiten von zu Hause?',
				scale: [1, 5, 'gar nicht', 'sehr gut'],
				required: true
			},
			{
				kind: 'single',
				text: 'Würden Sie einen Coworking-Space in Ihrer Gemeinde nutzen?',
				options: ['Ja, regelmäßig', 'Ja, gelegentlich', 'Nein']
			},
			{
				kind: 'multiple',
				text: 'Was sollte ein Coworking-Space bieten?',
				options: [
					'Schnelles Internet',
					'Besprechungsräume',
					'Kinderbetreuung',
					'Café und Austausch',
					'Werkstatt oder Makerspace'
				],
				condition: [2, 'Ja, regelmäßig']
			},
			{
				kind: 'ranking',
				text: 'Was spricht für Sie für das Arbeiten auf dem Land?',
				options: [
					'Weniger Pendeln',
					'Natur und Ruhe',
					'Günstigere Mieten',
					'Familie und Freunde',
					'Gemeinschaft im Ort'
				]
			},
			{
				kind: 'matrix',
				text: 'Wie wichtig sind Ihnen diese Angebote in der Nähe?',
				rows: ['Kinderbetreuung', 'Nahversorgung', 'ÖPNV-Anbindung'],
				columns: ['unwichtig', 'wichtig', 'sehr wichtig']
			},
			{ kind: 'text', text: 'Was fehlt Ihnen, um in der Region zu arbeiten oder zu gründen?' }
		],
		texts: [
			'Glasfaser bis ins Haus.',
			'Ein Gründerstammtisch im Odenwald.',
			'Bessere Busverbindungen am Abend.'
		]
	}
];

const day = (offset: number) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
		new Date(Date.now() + offset * 86_400_000)
	);

/** Random answers to every question; validation then drops what the conditions hide. */
function drawAnswers(ctx: DemoContext, questions: QuestionDef[], texts: string[]): RawAnswers {
	const raw: RawAnswers = new Map();
	for (const q of questions) {
		const name = `q-${q.id}`;
		if (!q.required && ctx.random() < 0.1) continue;
		switch (q.kind) {
			case 'single': {
				// earlier options a little more likely, as in real surveys
				const i = Math.floor(Math.pow(ctx.random(), 1.4) * q.options.length);
				raw.set(name, [q.options[i]!.id]);
				break;
			}
			case 'multiple': {
				const chosen = q.options.filter(() => ctx.random() < 0.45).map((o) => o.id);
				raw.set(name, chosen.length > 0 ? chosen : [ctx.pick(q.options).id]);
				break;
			}
			case 'scale': {
				const min = q.scaleMin ?? 1;
				const span = (q.scaleMax ?? 5) - min + 1;
				raw.set(name, [String(min + Math.floor(Math.pow(ctx.random(), 0.7) * span))]);
				break;
			}
			case 'text':
				if (ctx.random() < 0.4) raw.set(name, [ctx.pick(texts)]);
				break;
			case 'ranking': {
				const ranks = q.options.map((_, i) => i + 1);
				for (let i = ranks.length - 1; i > 0; i--) {
					const j = Math.floor(ctx.random() * (i + 1));
					[ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
				}
				q.options.forEach((o, i) => raw.set(`${name}-${o.id}`, [String(ranks[i])]));
				break;
			}
			case 'matrix':
				for (const row of q.rows) {
					raw.set(`${name}-${row.id}`, [String(Math.floor(ctx.random() * q.columns.length))]);
				}
				break;
		}
	}
	return raw;
}

export const surveySeeder: DemoSeeder = {
	name: 'surveys',
	async seed(ctx) {
		const service: SurveyContext = {
			db: ctx.db,
			region: ctx.region,
			actor: {
				regionId: ctx.region.id,
				person: {
					sessionHash: 'demo',
					id: ctx.moderator.id,
					regionId: ctx.region.id,
					email: '',
					displayName: ctx.moderator.displayName,
					emailVerified: true,
					role: 'moderator',
					isPlatformAdmin: false,
					language: 'de'
				}
			},
			meta: { ip: '' }
		};
		const [groups, places] = await Promise.all([
			ctx.db
				.selectFrom('target_group')
				.select('id')
				.where('region_id', '=', ctx.region.id)
				.execute(),
			ctx.db
				.selectFrom('municipality')
				.select('id')
				.where('region_id', '=', ctx.region.id)
				.execute()
		]);
		for (const demo of SURVEYS) {
			const id = await createSurvey(
				service,
				surveySchema.parse({
					title: demo.title,
					intro: demo.intro,
					topicField: demo.topicField,
					mode: demo.linked ? 'linked' : 'anonymous',
					opensOn: day(demo.opens),
					closesOn: day(demo.closes),
					liveResults: demo.liveResults ? 'on' : '',
					onePerBrowser: 'on'
				})
			);
			const made: QuestionDef[] = [];
			for (const q of demo.questions) {
				let condition = '';
				if (q.condition) {
					const target = made[q.condition[0]]!;
					const option = target.options.find((o) => o.label === q.condition![1])!;
					condition = `${target.id}:${option.id}`;
				}
				await addQuestion(
					service,
					id,
					questionSchema.parse({
						kind: q.kind,
						text: q.text,
						required: q.required ? 'on' : '',
						options: (q.options ?? []).join('\n'),
						rows: (q.rows ?? []).join('\n'),
						columns: (q.columns ?? []).join('\n'),
						scaleMin: String(q.scale?.[0] ?? 1),
						scaleMax: String(q.scale?.[1] ?? 5),
						labelMin: q.scale?.[2] ?? '',
						labelMax: q.scale?.[3] ?? '',
						condition
					})
				);
				made.splice(0, made.length, ...(await getSurvey(service, id)).questions);
			}
			const people = demo.linked ? ctx.citizens.slice(0, demo.responses) : [];
			for (let i = 0; i < demo.responses; i++) {
				const checked = validateAnswers(made, drawAnswers(ctx, made, demo.texts));
				if (!checked.ok)
					throw new Error(`demo survey answers invalid: ${JSON.stringify(checked.errors)}`);
				const person = people[i];
				const targetGroupId = person
					? person.targetGroupId
					: ctx.random() < 0.8
						? ctx.pick(groups).id
						: null;
				const municipalityId = person
					? person.municipalityId
					: ctx.random() < 0.8
						? ctx.pick(places).id
						: null;
				// spread over the survey's time so far
				const daysAgo =
					Math.floor(ctx.random() * (Math.min(0, demo.closes) - demo.opens)) -
					Math.min(0, demo.closes);
				await ctx.db.transaction().execute(async (trx) => {
					const { id: responseId } = await trx
						.insertInto('survey_response')
						.values({
							region_id: ctx.region.id,
							survey_id: id,
							linked: demo.linked,
							person_id: person?.id ?? null,
							target_group_id: targetGroupId,
							municipality_id: municipalityId,
							created_at: sql<Date>`date_trunc('day', now()) - make_interval(days => ${daysAgo})`
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					if (checked.answers.length === 0) return;
					await trx
						.insertInto('survey_answer')
						.values(
							checked.answers.map((a) => ({
								region_id: ctx.region.id,
								survey_id: id,
								response_id: responseId,
								question_id: a.questionId,
								option_id: a.optionId,
								value: a.value,
								text: a.text,
								target_group_id: targetGroupId,
								municipality_id: municipalityId
							}))
						)
						.execute();
				});
			}
		}
	}
};
