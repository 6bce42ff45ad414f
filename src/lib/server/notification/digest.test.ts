import { expect, test } from 'vitest';
import { buildDigestMail, DIGEST_MAX_ITEMS } from './digest.ts';

const base = {
	name: 'Anna Becker',
	region: 'Bergstraße-Odenwald',
	origin: 'https://beteiligung.example',
	frequency: 'daily' as const
};

test('a German digest lists each item with its link and says how to switch it off', () => {
	const mail = buildDigestMail({
		...base,
		lang: 'de',
		items: [
			{ kind: 'comment', title: 'Dorfladen in Rimbach', url: '/beitraege/1#kommentar-2' },
			{ kind: 'official_answer', title: 'Mitfahrbank', url: '/beitraege/3#offizielle-antwort' }
		]
	});
	expect(mail.subject).toBe('Bergstraße-Odenwald: 2 neue Benachrichtigungen');
	const lines = mail.body.split('\n');
	expect(lines[0]).toBe('Hallo Anna Becker,');
	expect(lines).toContain('- Neuer Kommentar zu „Dorfladen in Rimbach“');
	expect(lines).toContain('  https://beteiligung.example/beitraege/1#kommentar-2');
	expect(lines).toContain('- Offizielle Antwort auf „Mitfahrbank“');
	expect(mail.body).toContain('täglich');
	expect(mail.body).toContain('abschalten: https://beteiligung.example/konto/benachrichtigungen');
	// the signature separator mail clients recognise
	expect(lines).toContain('-- ');
});

test('an English weekly digest with one item uses the singular', () => {
	const mail = buildDigestMail({
		...base,
		lang: 'en',
		frequency: 'weekly',
		items: [{ kind: 'reply', title: 'Market day', url: '/beitraege/9' }]
	});
	expect(mail.subject).toBe('Bergstraße-Odenwald: one new notification');
	expect(mail.body).toContain('Hello Anna Becker,');
	expect(mail.body).toContain('- Reply to your comment on “Market day”');
	expect(mail.body).toContain('weekly');
	expect(mail.body).not.toMatch(/Hallo|täglich/);
});

test('long digests list the first items and count the rest', () => {
	const items = Array.from({ length: DIGEST_MAX_ITEMS + 5 }, (_, i) => ({
		kind: 'comment' as const,
		title: `Beitrag ${i}`,
		url: `/beitraege/${i}`
	}));
	const mail = buildDigestMail({ ...base, lang: 'de', items });
	expect(mail.subject).toContain(`${DIGEST_MAX_ITEMS + 5} neue`);
	expect(mail.body.match(/^- /gm)).toHaveLength(DIGEST_MAX_ITEMS);
	expect(mail.body).toContain(
		'… und 5 weitere: https://beteiligung.example/konto/benachrichtigungen'
	);
	expect(mail.body).not.toContain(`Beitrag ${DIGEST_MAX_ITEMS}“`);
});
