/**
 * Demo working groups and use cases: the four working groups of the lab's slides (one per
 * topic field, "Wen und was brauchen wir?"), with leads and members from the demo citizens,
 * needs and pledges; the imported use cases moved through their lifecycle over the last
 * months (every status once at least, one discarded with its reason), dated updates, the
 * organisations involved, and — if the contributions seeder ran first — one use case taken
 * over from a contribution. Names of people are made up.
 */
import { sql } from 'kysely';
import type { NeedKind, UseCaseActorRole, UseCaseStatus } from '../db/schema.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import type { DemoContext, DemoSeeder } from './demo.ts';

interface DemoNeed {
	kind: NeedKind;
	title: string;
	description: string;
	quantity: number;
	unit: string;
	/** pledges: a citizen (by index) or an organisation (by key), with a quantity */
	pledges: ({ citizen: number } | { organisation: string })[];
	each: number;
}

interface DemoGroup {
	field: string;
	slug: string;
	name: string;
	description: string;
	lead: number;
	members: number[];
	needs: DemoNeed[];
	useCases: Record<
		string,
		{ status: UseCaseStatus; actors: [string, UseCaseActorRole][]; reason?: string }
	>;
}

const GROUPS: DemoGroup[] = [
	{
		field: 'regionale-produkte',
		slug: 'ag-regionale-produkte',
		name: 'AG Regionale Produkte und Lieferketten',
		description:
			'Wir stärken Handel und Vermarktung regionaler Produkte: vom Erzeuger über den Dorfladen bis zum Wochenmarkt, stationär und digital.\n\nWir treffen uns einmal im Monat, abwechselnd in Lindenfels und Michelstadt.',
		lead: 0,
		members: [4, 5, 9],
		needs: [
			{
				kind: 'skills',
				title: 'Fahrerinnen und Fahrer für die Abholtour der Erzeuger',
				description:
					'Einmal pro Woche sammeln wir Waren bei den Höfen ein und bringen sie in die Dorfläden.',
				quantity: 6,
				unit: 'Personen',
				pledges: [{ citizen: 4 }, { citizen: 9 }, { organisation: 'hof-lindenblick' }],
				each: 1
			},
			{
				kind: 'places',
				title: 'Kühlraum als Zwischenlager',
				description: 'Für Milchprodukte und Fleisch zwischen Abholung und Auslieferung.',
				quantity: 20,
				unit: 'm²',
				pledges: [{ organisation: 'dorfladen-gadernheim' }],
				each: 8
			},
			{
				kind: 'money',
				title: 'Zuschuss für das Kassensystem des Dorfladens',
				description: '',
				quantity: 4000,
				unit: 'Euro',
				pledges: [{ organisation: 'wirtschaftsfoerderung' }],
				each: 2500
			}
		],
		useCases: {
			maerkte: {
				status: 'implemented',
				actors: [
					['hof-lindenblick', 'provider'],
					['imkerei-felsenmeer', 'provider'],
					['gemeinde-grasellenbach', 'partner']
				]
			},
			dorfladen: {
				status: 'in_progress',
				actors: [
					['dorfladen-gadernheim', 'lead'],
					['hof-lindenblick', 'provider'],
					['wirtschaftsfoerderung', 'funder']
				]
			},
			'digital-und-stationaer': {
				status: 'prioritised',
				actors: [['dorfladen-gadernheim', 'partner']]
			},
			'online-marktplatz': {
				status: 'discarded',
				actors: [['wirtschaftsfoerderung', 'partner']],
				reason:
					'Ein eigener Online-Marktplatz rechnet sich für die wenigen Anbieter nicht. Wir setzen stattdessen auf die Abholstation im Dorfladen und die bestehenden Plattformen.'
			}
		}
	},
	{
		field: 'wohnen-arbeiten',
		slug: 'ag-wohnen-arbeiten-coworking',
		name: 'AG Wohnen, Arbeiten und Coworking',
		description:
			'Wir bringen Leerstand, Coworking und neue Wohnformen zusammen, damit Menschen im Odenwald wohnen und arbeiten können.',
		lead: 1,
		members: [5, 6, 10],
		needs: [
			{
				kind: 'places',
				title: 'Leerstehende Ladenlokale für Pop-up-Nutzungen',
				description: 'Für je drei Monate, gern im Ortskern.',
				quantity: 3,
				unit: 'Räume',
				pledges: [{ organisation: 'gemeinde-grasellenbach' }],
				each: 1
			},
			{
				kind: 'skills',
				title: 'Beratung zu Miet- und Nutzungsverträgen',
				description: '',
				quantity: 10,
				unit: 'Stunden im Monat',
				pledges: [{ citizen: 6 }, { citizen: 10 }],
				each: 3
			},
			{
				kind: 'resources',
				title: 'Büromöbel für den Coworking-Raum',
				description: 'Tische, Stühle, Regale – gebraucht ist gut.',
				quantity: 12,
				unit: 'Arbeitsplätze',
				pledges: [{ organisation: 'coworking-odenwald' }, { citizen: 5 }],
				each: 4
			}
		],
		useCases: {
			'popup-leerstand': {
				status: 'in_progress',
				actors: [
					['gemeinde-grasellenbach', 'lead'],
					['wirtschaftsfoerderung', 'funder']
				]
			},
			'handwerk-dienstleistung': { status: 'idea', actors: [] },
			generationenwohnen: { status: 'paused', actors: [['nachbarschaftshilfe-fuerth', 'partner']] },
			'coworking-cohousing': {
				status: 'implemented',
				actors: [
					['coworking-odenwald', 'lead'],
					['wirtschaftsfoerderung', 'funder']
				]
			}
		}
	},
	{
		field: 'gesundheit-pflege',
		slug: 'ag-gesundheitsvorsorge',
		name: 'AG Gesundheitsvorsorge im ländlichen Raum',
		description:
			'Wir suchen Wege, wie Menschen auf dem Land gut versorgt bleiben: Praxen, Nachbarschaftshilfe und Telemedizin.',
		lead: 2,
		members: [3, 8, 11],
		needs: [
			{
				kind: 'skills',
				title: 'Ehrenamtliche für die Nachbarschaftshilfe',
				description: 'Einkaufen, Fahrten zum Arzt, Gesellschaft leisten.',
				quantity: 15,
				unit: 'Personen',
				pledges: [
					{ citizen: 3 },
					{ citizen: 8 },
					{ citizen: 11 },
					{ organisation: 'nachbarschaftshilfe-fuerth' }
				],
				each: 1
			},
			{
				kind: 'places',
				title: 'Raum für eine Satellitenpraxis',
				description: 'Barrierefrei, mit Wartebereich, zwei Tage pro Woche.',
				quantity: 60,
				unit: 'm²',
				pledges: [],
				each: 0
			},
			{
				kind: 'resources',
				title: 'Tablets für die Video-Sprechstunde',
				description: '',
				quantity: 8,
				unit: 'Geräte',
				pledges: [{ organisation: 'pflegedienst-weschnitztal' }],
				each: 3
			}
		],
		useCases: {
			'aerztehaeuser-mvz': {
				status: 'prioritised',
				actors: [['gemeinde-grasellenbach', 'partner']]
			},
			satellitenpraxen: { status: 'idea', actors: [] },
			'paula-nachbarschaftshilfe': {
				status: 'in_progress',
				actors: [
					['nachbarschaftshilfe-fuerth', 'lead'],
					['pflegedienst-weschnitztal', 'partner']
				]
			},
			telemedizin: { status: 'prioritised', actors: [['pflegedienst-weschnitztal', 'user']] }
		}
	},
	{
		field: 'freizeit-tourismus',
		slug: 'ag-erholung-freizeit-tourismus',
		name: 'AG Erholung, Freizeit und Tourismus',
		description:
			'Wir machen die Region für Gäste und Einheimische sichtbar: mit Regionalmarken, Infoständen und Angeboten für Schulen.',
		lead: 3,
		members: [7, 9, 1],
		needs: [
			{
				kind: 'skills',
				title: 'Betreuung der Infostände an Wochenenden',
				description: 'Von April bis Oktober, je vier Stunden.',
				quantity: 8,
				unit: 'Personen',
				pledges: [{ citizen: 7 }, { organisation: 'tourist-info-erbach' }],
				each: 2
			},
			{
				kind: 'money',
				title: 'Druckkosten für die Regionalkarte',
				description: '',
				quantity: 1500,
				unit: 'Euro',
				pledges: [{ organisation: 'wirtschaftsfoerderung' }],
				each: 1500
			}
		],
		useCases: {
			regionalmarken: {
				status: 'prioritised',
				actors: [
					['tourist-info-erbach', 'lead'],
					['imkerei-felsenmeer', 'user']
				]
			},
			digitalplattformen: { status: 'idea', actors: [] },
			'bne-unterrichtsmodule': { status: 'in_progress', actors: [['hof-lindenblick', 'partner']] },
			'infostaende-regionalmobil': { status: 'idea', actors: [['tourist-info-erbach', 'provider']] }
		}
	}
];

/** The steps from an idea to each status, with a text for each. */
const PATHS: Record<UseCaseStatus, UseCaseStatus[]> = {
	idea: [],
	prioritised: ['prioritised'],
	in_progress: ['prioritised', 'in_progress'],
	implemented: ['prioritised', 'in_progress', 'implemented'],
	paused: ['prioritised', 'in_progress', 'paused'],
	discarded: ['prioritised', 'discarded']
};
const TEXTS: Record<UseCaseStatus, string> = {
	idea: '',
	prioritised:
		'Beim Workshop der Arbeitsgruppe weit vorn gelandet. Wir suchen jetzt Partner für die Umsetzung.',
	in_progress: 'Die Partner stehen fest, der Zeitplan ist abgestimmt. Los geht’s!',
	implemented: 'Geschafft: Das Angebot läuft. Danke an alle, die mitgemacht haben.',
	paused: 'Wir pausieren, bis die Förderzusage da ist. Sobald es weitergeht, steht es hier.',
	discarded: ''
};

export const workingGroupDemo: DemoSeeder = {
	name: 'working groups and use cases',
	async seed(ctx: DemoContext) {
		const { db, region } = ctx;
		const fields = new Map(region.topicFields.map((f) => [f.key, f.id]));
		const orgAdmins = new Map(
			(
				await db
					.selectFrom('organisation_member')
					.select(['organisation_id', 'person_id'])
					.where('region_id', '=', region.id)
					.execute()
			).map((m) => [m.organisation_id, m.person_id])
		);
		const citizen = (index: number) => ctx.citizens[index % ctx.citizens.length]!;
		await db.transaction().execute(async (trx) => {
			for (const [groupIndex, group] of GROUPS.entries()) {
				const fieldId = fields.get(group.field);
				if (!fieldId) continue;
				const { id: groupId } = await trx
					.insertInto('working_group')
					.values({
						region_id: region.id,
						topic_field_id: fieldId,
						slug: group.slug,
						name: group.name,
						description: group.description,
						description_html: renderMarkdown(group.description),
						created_by: ctx.moderator.id,
						created_at: sql`now() - interval '180 days'`
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const members = new Map<string, 'lead' | 'member'>([[citizen(group.lead).id, 'lead']]);
				for (const m of group.members)
					if (!members.has(citizen(m).id)) members.set(citizen(m).id, 'member');
				await trx
					.insertInto('working_group_member')
					.values(
						[...members].map(([personId, role]) => ({
							region_id: region.id,
							group_id: groupId,
							person_id: personId,
							role
						}))
					)
					.execute();
				for (const need of group.needs) {
					const { id: needId } = await trx
						.insertInto('working_group_need')
						.values({
							region_id: region.id,
							group_id: groupId,
							kind: need.kind,
							title: need.title,
							description: need.description,
							quantity: need.quantity,
							unit: need.unit
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					for (const p of need.pledges) {
						const organisation =
							'organisation' in p ? ctx.organisations[p.organisation] : undefined;
						const personId = organisation
							? orgAdmins.get(organisation.id)
							: citizen((p as { citizen: number }).citizen).id;
						if (!personId) continue;
						await trx
							.insertInto('working_group_pledge')
							.values({
								region_id: region.id,
								need_id: needId,
								person_id: personId,
								organisation_id: organisation?.id ?? null,
								quantity: need.each,
								note: organisation ? '' : 'Gern, nach Absprache.'
							})
							.onConflict((oc) => oc.doNothing())
							.execute();
					}
				}
				const useCases = await trx
					.selectFrom('use_case')
					.select(['id', 'key'])
					.where('region_id', '=', region.id)
					.where('topic_field_id', '=', fieldId)
					.execute();
				for (const useCase of useCases) {
					const plan = group.useCases[useCase.key];
					if (!plan) continue;
					const steps = PATHS[plan.status];
					let from: UseCaseStatus = 'idea';
					for (const [step, to] of steps.entries()) {
						// spread over the last months, a little different per group
						const daysAgo = 150 - step * 45 - groupIndex * 7 - (steps.length === 1 ? 60 : 0);
						const body = to === 'discarded' ? (plan.reason ?? '') : TEXTS[to];
						await trx
							.insertInto('use_case_update')
							.values({
								region_id: region.id,
								use_case_id: useCase.id,
								author_id: step === 0 ? ctx.moderator.id : citizen(group.lead).id,
								happened_on: sql<string>`current_date - ${daysAgo}::int`,
								status_from: from,
								status_to: to,
								body,
								body_html: renderMarkdown(body)
							})
							.execute();
						from = to;
					}
					if (plan.status === 'in_progress') {
						const body =
							'Zweites Treffen mit den Partnern: Aufgaben verteilt, nächster Termin in vier Wochen.';
						await trx
							.insertInto('use_case_update')
							.values({
								region_id: region.id,
								use_case_id: useCase.id,
								author_id: citizen(group.lead).id,
								happened_on: sql<string>`current_date - ${14 + groupIndex}::int`,
								body,
								body_html: renderMarkdown(body)
							})
							.execute();
					}
					await trx
						.updateTable('use_case')
						.set({
							status: plan.status,
							discarded_reason: plan.status === 'discarded' ? (plan.reason ?? null) : null,
							working_group_id: plan.status === 'idea' ? null : groupId
						})
						.where('id', '=', useCase.id)
						.execute();
					const actors = plan.actors
						.map(([key, role]) => ({ organisation: ctx.organisations[key], role }))
						.filter((a) => a.organisation);
					if (actors.length > 0) {
						await trx
							.insertInto('use_case_actor')
							.values(
								actors.map((a) => ({
									region_id: region.id,
									use_case_id: useCase.id,
									organisation_id: a.organisation!.id,
									role: a.role
								}))
							)
							.execute();
					}
				}
			}
			// a use case taken over from a contribution, when the contributions seeder made some
			const contribution = await trx
				.selectFrom('contribution')
				.select(['id', 'title', 'body', 'topic_field_id'])
				.where('region_id', '=', region.id)
				.where('status', '=', 'published')
				.orderBy('created_at')
				.limit(1)
				.executeTakeFirst();
			if (contribution) {
				const text = (value: string) => JSON.stringify({ de: value, en: value });
				await trx
					.insertInto('use_case')
					.values({
						region_id: region.id,
						topic_field_id: contribution.topic_field_id,
						key: 'aus-einem-beitrag',
						position: sql<number>`(select coalesce(max(position), -1) + 1 from use_case
							where region_id = ${region.id} and topic_field_id = ${contribution.topic_field_id})`,
						title: text(contribution.title.slice(0, 120)),
						summary: text(contribution.body.slice(0, 600)),
						from_region_file: false,
						source_contribution_id: contribution.id,
						created_by: ctx.moderator.id
					})
					.onConflict((oc) => oc.doNothing())
					.execute();
			}
		});
	}
};
