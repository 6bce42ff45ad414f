import { describe, expect, test } from 'vitest';
import { processJsonLd } from './process.presenter.ts';

const region = { name: 'Bergstraße-Odenwald', url: 'https://example.org' };

describe('processJsonLd', () => {
	test('an online Event with one sub-event per phase, from the first start to the last end', () => {
		const data = JSON.parse(
			JSON.stringify(
				processJsonLd(
					{
						title: 'Werkstatt 2027',
						description: 'Gemeinsam planen.',
						phases: [
							{
								kind: 'idea_collection',
								startsAt: '2027-01-01T00:00:00.000Z',
								endsAt: '2027-02-01T00:00:00.000Z'
							},
							{
								kind: 'prioritisation',
								startsAt: '2027-02-01T00:00:00.000Z',
								endsAt: '2027-03-01T00:00:00.000Z'
							}
						]
					},
					'https://example.org/prozesse/werkstatt-2027',
					'de',
					region
				)
			)
		);
		expect(data['@context']).toBe('https://schema.org');
		expect(data['@type']).toBe('Event');
		expect(data).toMatchObject({
			name: 'Werkstatt 2027',
			description: 'Gemeinsam planen.',
			startDate: '2027-01-01T00:00:00.000Z',
			endDate: '2027-03-01T00:00:00.000Z',
			eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
			location: { '@type': 'VirtualLocation', url: 'https://example.org/prozesse/werkstatt-2027' },
			organizer: { '@type': 'Organization', name: 'Bergstraße-Odenwald' }
		});
		expect(
			data.subEvent.map((e: { '@type': string; name: string }) => [e['@type'], e.name])
		).toEqual([
			['Event', 'Werkstatt 2027: Ideensammlung'],
			['Event', 'Werkstatt 2027: Priorisierung']
		]);
	});

	test('an open-ended last phase gives no end date; no phases, no dates', () => {
		const open = processJsonLd(
			{
				title: 'Offen',
				description: '',
				phases: [{ kind: 'discussion', startsAt: '2027-01-01T00:00:00.000Z', endsAt: null }]
			},
			'https://example.org/prozesse/offen',
			'en',
			region
		);
		expect(open.startDate).toBe('2027-01-01T00:00:00.000Z');
		expect(open).not.toHaveProperty('endDate');
		expect(open).not.toHaveProperty('description');
		expect((open.subEvent as { name: string }[])[0]!.name).toBe('Offen: Discussion');
		const none = processJsonLd(
			{ title: 'Leer', description: '', phases: [] },
			'https://example.org/prozesse/leer',
			'de',
			region
		);
		expect(none).not.toHaveProperty('startDate');
	});
});
