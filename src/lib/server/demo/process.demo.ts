/**
 * Demo processes and rounds: the workshop series of the slides (kick-off in the past, now in
 * the working groups phase where contributions are open again), its prioritisation round with
 * dot votes that has finished, and an open pairwise round on another field.
 */
import { sql } from 'kysely';
import { renderMarkdown } from '../participation/markdown.ts';
import { phasesFromTemplate } from '../process/phases.ts';
import type { DemoContext, DemoSeeder } from './demo.ts';

const DAY = 24 * 60 * 60 * 1000;

async function useCases(ctx: DemoContext, fieldKey: string) {
	const field = ctx.region.topicFields.find((f) => f.key === fieldKey);
	if (!field) throw new Error(`process demo: no topic field ${fieldKey}`);
	const rows = await ctx.db
		.selectFrom('use_case')
		.select(['id', 'title'])
		.where('region_id', '=', ctx.region.id)
		.where('topic_field_id', '=', field.id)
		.orderBy('position')
		.execute();
	return { field, rows };
}

async function round(
	ctx: DemoContext,
	fieldKey: string,
	values: {
		title: string;
		description: string;
		method: 'dots' | 'pairwise';
		opensAt: Date;
		closesAt: Date;
	}
) {
	const { field, rows } = await useCases(ctx, fieldKey);
	const { id } = await ctx.db
		.insertInto('prioritisation_round')
		.values({
			region_id: ctx.region.id,
			topic_field_id: field.id,
			title: values.title,
			description: values.description,
			points: 10,
			max_per_item: 4,
			show_live_results: true,
			method: values.method,
			opens_at: values.opensAt,
			closes_at: values.closesAt,
			created_by: ctx.moderator.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const items = await ctx.db
		.insertInto('prioritisation_item')
		.values(
			rows.map((u, position) => ({
				region_id: ctx.region.id,
				round_id: id,
				use_case_id: u.id,
				title: (u.title as unknown as { de: string }).de,
				position
			}))
		)
		.returning('id')
		.execute();
	return { id, items: items.map((i) => i.id) };
}

export const processDemo: DemoSeeder = {
	name: 'processes',
	async seed(ctx) {
		const now = Date.now();
		// kick-off 80 days ago: information 14, ideas 28, discussion 21, prioritisation 14 →
		// the working groups started 3 days ago and run for another 53 days
		const start = new Date(now - 80 * DAY);
		start.setUTCHours(7, 0, 0, 0);
		const phases = phasesFromTemplate('workshops', start);
		const field = ctx.region.topicFields.find((f) => f.key === 'regionale-produkte');
		const description = [
			'Gemeinsam mit Anbietern, Kundinnen und Kunden entwickeln wir regionale Wertschöpfungsnetzwerke für die Bergstraße und den Odenwald.',
			'',
			'Der Ablauf folgt den Workshops: **Kick-off** mit Vorstellung der Themen, Sammlung von Herausforderungen und Ideen für Anwendungsfälle, Diskussion, **Priorisierung** der Anwendungsfälle und schließlich **Arbeitsgruppen** zur Weiterentwicklung und Umsetzung: Wen und was brauchen wir?'
		].join('\n');
		const { id: processId } = await ctx.db
			.insertInto('participation_process')
			.values({
				region_id: ctx.region.id,
				slug: 'regionale-wertschoepfungsnetzwerke',
				title: 'Regionale Wertschöpfungsnetzwerke Bergstraße-Odenwald',
				description,
				description_html: renderMarkdown(description),
				topic_field_id: field?.id ?? null,
				created_by: ctx.moderator.id,
				created_at: start
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await ctx.db
			.insertInto('process_phase')
			.values(
				phases.map((p, position) => ({
					region_id: ctx.region.id,
					process_id: processId,
					position,
					kind: p.kind,
					starts_at: p.startsAt,
					ends_at: p.endsAt,
					contributing: p.contributing,
					commenting: p.commenting,
					supporting: p.supporting,
					voting: p.voting,
					results: p.results
				}))
			)
			.execute();

		// the prioritisation phase's dot-voting round, finished when the working groups began
		const prioritisation = phases[3]!;
		const dots = await round(ctx, 'regionale-produkte', {
			title: 'Welche Anwendungsfälle für regionale Produkte packen wir zuerst an?',
			description: 'Priorisierung aus der Workshop-Reihe: jede Person verteilt 10 Punkte.',
			method: 'dots',
			opensAt: prioritisation.startsAt,
			closesAt: phases[4]!.startsAt
		});
		for (const citizen of ctx.citizens) {
			let left = Math.min(10, 4 * dots.items.length);
			const ballot = new Map<string, number>();
			while (left > 0) {
				const item = ctx.pick(dots.items);
				const points = Math.min(
					left,
					4 - (ballot.get(item) ?? 0),
					1 + Math.floor(ctx.random() * 3)
				);
				if (points <= 0) continue;
				ballot.set(item, (ballot.get(item) ?? 0) + points);
				left -= points;
			}
			await ctx.db
				.insertInto('prioritisation_ballot')
				.values({
					region_id: ctx.region.id,
					round_id: dots.id,
					person_id: citizen.id,
					points_left: 0
				})
				.execute();
			await ctx.db
				.insertInto('prioritisation_allocation')
				.values(
					[...ballot].map(([item, points]) => ({
						region_id: ctx.region.id,
						round_id: dots.id,
						item_id: item,
						person_id: citizen.id,
						points,
						max_points: 4
					}))
				)
				.execute();
		}

		// an open pairwise round on another field, with some answers already
		const pairwise = await round(ctx, 'wohnen-arbeiten', {
			title: 'Wohnen und Arbeiten: Was ist wichtiger?',
			description:
				'Immer zwei Anwendungsfälle im Vergleich. Aus allen Antworten entsteht eine Rangfolge.',
			method: 'pairwise',
			opensAt: new Date(now - 5 * DAY),
			closesAt: new Date(now + 23 * DAY)
		});
		const rows: Array<{ low: string; high: string; winner: string | null; person: string }> = [];
		for (const citizen of ctx.citizens.slice(0, 8)) {
			for (let i = 0; i < pairwise.items.length; i++) {
				for (let j = i + 1; j < pairwise.items.length; j++) {
					if (ctx.random() < 0.3) continue;
					const [low, high] = [pairwise.items[i]!, pairwise.items[j]!].sort() as [string, string];
					// earlier items are a little more popular, and some cannot decide
					const r = ctx.random();
					const winner = r < 0.1 ? null : r < 0.65 ? pairwise.items[i]! : pairwise.items[j]!;
					rows.push({ low, high, winner, person: citizen.id });
				}
			}
		}
		if (rows.length > 0) {
			await ctx.db
				.insertInto('prioritisation_comparison')
				.values(
					rows.map((r) => ({
						region_id: ctx.region.id,
						round_id: pairwise.id,
						person_id: r.person,
						item_low: r.low,
						item_high: r.high,
						winner_id: r.winner,
						updated_at: sql<Date>`now()`
					}))
				)
				.execute();
		}
	}
};
