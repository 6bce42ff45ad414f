/**
 * Demo follows and official answers: everybody who wrote, commented on or supported a demo
 * contribution follows it (as the services do for real people), and the demo administration
 * (the moderator, for the Wirtschaftsförderung) answers the most supported contributions.
 * Runs after the seeders that make contributions and comments; without them it adds nothing.
 */
import { sql } from 'kysely';
import type { DemoSeeder } from './demo.ts';
import { renderMarkdown } from '../participation/markdown.ts';

const ANSWERS = [
	'Vielen Dank für den Vorschlag! Die Wirtschaftsförderung nimmt ihn in das Wertschöpfungsnetzwerk **Regionale Produkte** auf. Wir laden Erzeuger und Gemeinden zum nächsten Workshop ein und berichten hier über den Stand.',
	'Die Kreisverwaltung prüft gemeinsam mit den Gemeinden, wo sich das umsetzen lässt. Ein erster Termin mit den Beteiligten ist für das nächste Quartal geplant.',
	'Das Anliegen ist bekannt. Fördermittel aus dem Programm für ländliche Räume können dafür beantragt werden; die Wirtschaftsförderung berät gern.'
];

export const notificationSeeder: DemoSeeder = {
	name: 'notifications',
	async seed(ctx) {
		const regionId = ctx.region.id;
		await sql`insert into follow (region_id, person_id, target_type, target_id, created_at)
			select region_id, author_id, 'contribution', id, created_at from contribution
			where region_id = ${regionId} and author_id is not null
			union
			select region_id, author_id, 'contribution', contribution_id, created_at from comment
			where region_id = ${regionId} and author_id is not null
			union
			select region_id, person_id, 'contribution', contribution_id, created_at
			from contribution_support where region_id = ${regionId}
			on conflict do nothing`.execute(ctx.db);

		const top = await ctx.db
			.selectFrom('contribution')
			.select(['id', 'created_at'])
			.where('region_id', '=', regionId)
			.where('status', '=', 'published')
			.orderBy('support_count', 'desc')
			.orderBy('created_at')
			.orderBy('id')
			.limit(ANSWERS.length)
			.execute();
		if (top.length === 0) return;
		const office = ctx.organisations['wirtschaftsfoerderung']?.id ?? null;
		if (office) {
			await ctx.db
				.insertInto('organisation_member')
				.values({
					region_id: regionId,
					organisation_id: office,
					person_id: ctx.moderator.id,
					role: 'member'
				})
				.onConflict((oc) => oc.doNothing())
				.execute();
		}
		await ctx.db
			.insertInto('official_answer')
			.values(
				top.map((c, i) => {
					const body = ANSWERS[i]!;
					// a few days after the contribution
					const at = new Date(c.created_at.getTime() + (2 + i) * 86_400_000);
					return {
						region_id: regionId,
						contribution_id: c.id,
						author_id: ctx.moderator.id,
						organisation_id: i === 1 ? null : office,
						body,
						body_html: renderMarkdown(body),
						created_at: at,
						updated_at: at
					};
				})
			)
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
};
