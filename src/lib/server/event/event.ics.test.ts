import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { calendar, escapeText, foldLine, icsTime } from './event.ics.ts';
import { berlinToInstant, instantToBerlin } from './event.time.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('iCalendar text', () => {
	test('escapes backslash, semicolon, comma and line breaks', () => {
		expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
	});

	test('folds at 75 octets without splitting UTF-8 characters, and unfolds to the original', () => {
		const line = `SUMMARY:${'Ä'.repeat(60)}😀${'ß'.repeat(30)}`;
		const folded = foldLine(line);
		const parts = folded.split('\r\n');
		expect(parts.length).toBeGreaterThan(1);
		for (const part of parts) expect(octets(part)).toBeLessThanOrEqual(75);
		expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
		expect(folded.replace(/\r\n /g, '')).toBe(line);
		expect(foldLine('SHORT:x')).toBe('SHORT:x');
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
				const result = foldLine(`DESCRIPTION:${text}`);
				expect(result.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${text}`);
				for (const part of result.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
			})
		);
	});

	test('UTC times; a whole calendar parses with ical.js', () => {
		expect(icsTime(new Date('2027-03-28T08:00:00.000Z'))).toBe('20270328T080000Z');
		const text = calendar(
			[
				{
					id: '6f1c2a8e-0000-4000-8000-000000000001',
					title: 'Workshop: Wohnen, Arbeiten; Leben',
					description:
						'Zeile 1\nZeile 2 mit Ümläuten und einem sehr langen Text, der gefaltet werden muss, weil er so lang ist.',
					startsAt: new Date('2027-03-28T08:00:00Z'),
					endsAt: new Date('2027-03-28T11:00:00Z'),
					updatedAt: new Date('2027-01-01T00:00:00Z'),
					location: 'Marktplatz 1, Lindenfels',
					point: { lat: 49.684, lon: 8.782 },
					url: 'https://example.org/veranstaltungen/x',
					cancelled: true
				}
			],
			{ host: 'example.org', name: 'Bergstraße-Odenwald', now: new Date('2027-01-02T00:00:00Z') }
		);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const event = new ICAL.Event(
			new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!
		);
		expect(event.uid).toBe('6f1c2a8e-0000-4000-8000-000000000001@example.org');
		expect(event.summary).toBe('Workshop: Wohnen, Arbeiten; Leben');
		expect(event.description).toContain('Zeile 1\nZeile 2 mit Ümläuten');
		expect(event.location).toBe('Marktplatz 1, Lindenfels');
		expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-28T08:00:00.000Z');
		expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(event.component.getFirstPropertyValue('geo')).toEqual([49.684, 8.782]);
	});
});

describe('Berlin local time', () => {
	test('winter and summer time, including the days of the change', () => {
		expect(berlinToInstant('2027-01-15T10:00')!.toISOString()).toBe('2027-01-15T09:00:00.000Z');
		expect(berlinToInstant('2027-07-15T10:00')!.toISOString()).toBe('2027-07-15T08:00:00.000Z');
		// 28 March 2027: clocks go from 02:00 to 03:00
		expect(berlinToInstant('2027-03-28T01:30')!.toISOString()).toBe('2027-03-28T00:30:00.000Z');
		expect(berlinToInstant('2027-03-28T10:00')!.toISOString()).toBe('2027-03-28T08:00:00.000Z');
		expect(berlinToInstant('2027-03-27T10:00')!.toISOString()).toBe('2027-03-27T09:00:00.000Z');
		// 31 October 2027: clocks go from 03:00 back to 02:00
		expect(berlinToInstant('2027-10-31T10:00')!.toISOString()).toBe('2027-10-31T09:00:00.000Z');
		expect(berlinToInstant('2027-10-30T10:00')!.toISOString()).toBe('2027-10-30T08:00:00.000Z');
		expect(berlinToInstant('2027-10-31T02:30')!.toISOString()).toBe('2027-10-31T00:30:00.000Z');
		for (const local of ['2027-03-28T10:00', '2027-10-31T18:45', '2026-12-31T23:59']) {
			expect(instantToBerlin(berlinToInstant(local)!)).toBe(local);
		}
	});

	test('refuses what is no date and time', () => {
		for (const bad of ['', '2027-02-30T10:00', '2027-13-01T10:00', '2027-01-01T24:00', '1.1.2027'])
			expect(berlinToInstant(bad)).toBeNull();
	});
});
