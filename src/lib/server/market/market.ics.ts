/**
 * Market dates as iCalendar events (through the events' RFC 5545 writer) and as open data.
 * A date's UID is the market's id and the local date, so it stays the same when its times
 * change or it is cancelled; a second date on the same day gets its start time added.
 */
import { calendar, type IcsEvent } from '../event/event.ics.ts';
import type { Occurrence } from '../schedule/schedule.ts';

export interface MarketForIcs {
	id: string;
	slug: string;
	name: string;
	description: string;
	place: string;
	street: string;
	municipality: string;
	lat: number;
	lon: number;
	updatedAt: Date;
	uncertain: boolean;
}

export function marketDateUid(marketId: string, occurrence: Occurrence, sameDay: number) {
	const time = sameDay > 0 ? `-${occurrence.start.replace(':', '')}` : '';
	return `market-${marketId}-${occurrence.date}${time}`;
}

export function marketIcsEvents(
	market: MarketForIcs,
	dates: Occurrence[],
	options: { origin: string; uncertainNote: string }
): IcsEvent[] {
	const perDay = new Map<string, number>();
	return dates.map((o) => {
		const sameDay = perDay.get(o.date) ?? 0;
		perDay.set(o.date, sameDay + 1);
		// the market's description is on its page (URL); repeating it in every date of a year's
		// feed would multiply the file for nothing
		const notes = [market.uncertain ? options.uncertainNote : '', o.note ?? '']
			.filter(Boolean)
			.join('\n\n');
		return {
			id: marketDateUid(market.id, o, sameDay),
			title: market.name,
			description: notes,
			startsAt: o.startsAt,
			endsAt: o.endsAt,
			updatedAt: market.updatedAt,
			location: [market.place, market.street, market.municipality].filter(Boolean).join(', '),
			point: { lat: market.lat, lon: market.lon },
			url: `${options.origin}/maerkte/${market.slug}`,
			cancelled: o.cancelled
		};
	});
}

export function marketCalendar(
	events: IcsEvent[],
	options: { origin: string; name: string; now: Date }
): string {
	return calendar(events, {
		host: new URL(options.origin).hostname,
		name: options.name,
		now: options.now
	});
}
