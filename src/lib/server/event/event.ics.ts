/**
 * iCalendar (RFC 5545) for events: CRLF line endings, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT values escaped, times in UTC.
 */
export interface IcsEvent {
	id: string;
	title: string;
	description: string;
	startsAt: Date;
	endsAt: Date;
	updatedAt: Date;
	location: string;
	point: { lat: number; lon: number } | null;
	url: string;
	cancelled: boolean;
}

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/** Octets of one character in UTF-8 (a lone surrogate becomes U+FFFD: 3 octets). */
function utf8Size(char: string): number {
	const code = char.codePointAt(0)!;
	return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** Folds one content line at 75 octets; continuation lines start with a space (RFC 5545 3.1). */
export function foldLine(line: string): string {
	// most lines are short: nothing to fold (feeds have tens of thousands of lines)
	if (line.length <= 75 && Buffer.byteLength(line, 'utf8') <= 75) return line;
	const out: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = utf8Size(char);
		// the first line holds 75 octets, the following ones 74 plus the leading space
		const limit = out.length === 0 ? 75 : 74;
		if (octets + size > limit) {
			out.push(current);
			current = '';
			octets = 0;
		}
		current += char;
		octets += size;
	}
	out.push(current);
	return out.join('\r\n ');
}

/** 2027-03-28T08:00:00.000Z → 20270328T080000Z */
export function icsTime(date: Date): string {
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

export function calendar(events: IcsEvent[], options: { host: string; name: string; now: Date }) {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//HeimatLeben//Veranstaltungen//DE',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(options.name)}`
	];
	for (const event of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${event.id}@${options.host}`,
			`DTSTAMP:${icsTime(options.now)}`,
			`LAST-MODIFIED:${icsTime(event.updatedAt)}`,
			`DTSTART:${icsTime(event.startsAt)}`,
			`DTEND:${icsTime(event.endsAt)}`,
			`SUMMARY:${escapeText(event.title)}`
		);
		if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
		if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
		if (event.point) lines.push(`GEO:${event.point.lat.toFixed(6)};${event.point.lon.toFixed(6)}`);
		lines.push(`URL:${event.url}`, `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
