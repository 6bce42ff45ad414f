/**
 * schema.org markup for a process page. A participation process is something that happens over
 * a stretch of time, with parts that have their own dates: an `Event` with one `subEvent` per
 * phase. It happens on this platform (its workshops are events of their own, with places), so
 * its location is the page itself, a `VirtualLocation`, and its attendance mode online.
 */
import { t, type Language } from '../../i18n/index.ts';
import type { PhaseKind } from './phases.ts';

export function processJsonLd(
	process: {
		title: string;
		description: string;
		phases: { kind: PhaseKind; startsAt: string; endsAt: string | null }[];
	},
	pageUrl: string,
	lang: Language,
	region: { name: string; url: string }
): Record<string, unknown> {
	const first = process.phases[0];
	const last = process.phases.at(-1);
	const data: Record<string, unknown> = {
		'@context': 'https://schema.org',
		'@type': 'Event',
		'@id': pageUrl,
		url: pageUrl,
		name: process.title,
		eventStatus: 'https://schema.org/EventScheduled',
		eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
		location: { '@type': 'VirtualLocation', url: pageUrl },
		organizer: { '@type': 'Organization', name: region.name, url: region.url },
		isAccessibleForFree: true,
		subEvent: process.phases.map((phase) => ({
			'@type': 'Event',
			name: `${process.title}: ${t(lang, `process.kind.${phase.kind}`)}`,
			startDate: phase.startsAt,
			...(phase.endsAt ? { endDate: phase.endsAt } : {}),
			eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
			location: { '@type': 'VirtualLocation', url: pageUrl }
		}))
	};
	if (process.description) data.description = process.description;
	if (first) data.startDate = first.startsAt;
	if (last?.endsAt) data.endDate = last.endsAt;
	return data;
}
