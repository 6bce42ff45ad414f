/**
 * Ties the demo together once groups, events and the process exist: the kick-off and the
 * workshops belong to the demo process, and every working group has its next meeting.
 */
import { eventSchema } from '../event/event.schema.ts';
import { createEvent, type EventContext } from '../event/event.service.ts';
import { instantToBerlin } from '../event/event.time.ts';
import type { DemoSeeder } from './demo.ts';

const MEETING_PLACES = ['Heppenheim', 'Michelstadt', 'Erbach', 'Bensheim'];

export const linksSeeder: DemoSeeder = {
	name: 'links',
	async seed(ctx) {
		const process = await ctx.db
			.selectFrom('participation_process')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.orderBy('created_at')
			.executeTakeFirst();
		if (process) {
			await ctx.db
				.updateTable('event')
				.set({ process_id: process.id })
				.where('region_id', '=', ctx.region.id)
				.where('kind', 'in', ['kickoff', 'workshop'])
				.execute();
		}
		const [groups, municipalities] = await Promise.all([
			ctx.db
				.selectFrom('working_group')
				.select(['slug', 'name'])
				.where('region_id', '=', ctx.region.id)
				.orderBy('name')
				.execute(),
			ctx.db
				.selectFrom('municipality')
				.select(['name', 'slug'])
				.where('region_id', '=', ctx.region.id)
				.execute()
		]);
		const moderator: EventContext = {
			db: ctx.db,
			region: ctx.region,
			actor: ctx.actorFor(ctx.moderator),
			smtp: false,
			meta: { ip: '', lang: 'de', origin: 'https://demo.heimatleben.invalid' }
		};
		for (const [index, group] of groups.entries()) {
			// the groups meet in turn, a week apart, from next week on
			const day = instantToBerlin(new Date(Date.now() + (7 + index * 7) * 86_400_000)).slice(0, 10);
			const place = MEETING_PLACES[index % MEETING_PLACES.length]!;
			await createEvent(
				moderator,
				eventSchema.parse({
					kind: 'working_group',
					title: `Treffen: ${group.name}`,
					description:
						'Offenes Treffen der Arbeitsgruppe: Stand der Anwendungsfälle, offene Bedarfe, nächste Schritte. Gäste sind willkommen.',
					startsAt: `${day}T18:30`,
					endsAt: `${day}T20:30`,
					municipality: municipalities.find((m) => m.name === place)?.slug ?? '',
					address: 'Rathaus, Sitzungssaal',
					capacity: '25',
					agenda:
						'18:30 Stand der Anwendungsfälle\n19:15 Offene Bedarfe und Zusagen\n20:00 Nächste Schritte',
					workingGroup: group.slug,
					process: ''
				})
			);
		}
	}
};
