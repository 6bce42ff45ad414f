import { describe, expect, test } from 'vitest';
import { escapeHtml, optionsMarkup } from './options-markup.ts';

describe('optionsMarkup', () => {
	test('marks the chosen option, and the placeholder when nothing is chosen', () => {
		const options = [
			{ value: 'lindenfels', label: 'Lindenfels' },
			{ value: 'bensheim', label: 'Bensheim' }
		];
		expect(optionsMarkup(options, 'bensheim', 'Alle')).toBe(
			'<option value="">Alle</option><option value="lindenfels">Lindenfels</option>' +
				'<option value="bensheim" selected>Bensheim</option>'
		);
		expect(optionsMarkup(options, '', 'Alle')).toBe(
			'<option value="" selected>Alle</option><option value="lindenfels">Lindenfels</option>' +
				'<option value="bensheim">Bensheim</option>'
		);
		expect(optionsMarkup(options, 'lindenfels')).toBe(
			'<option value="lindenfels" selected>Lindenfels</option><option value="bensheim">Bensheim</option>'
		);
	});

	test('escapes values, labels and the placeholder, so nothing can break out of the select', () => {
		const markup = optionsMarkup(
			[
				{
					value: '"><script>alert(1)</script>',
					label: '</option></select><img src=x onerror=alert(1)>'
				}
			],
			'',
			"Tom's & Jerry's <b>"
		);
		expect(markup).not.toContain('<script');
		expect(markup).not.toContain('<img');
		expect(markup).not.toContain('</select');
		expect(markup).toBe(
			'<option value="" selected>Tom&#39;s &amp; Jerry&#39;s &lt;b&gt;</option>' +
				'<option value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' +
				'&lt;/option&gt;&lt;/select&gt;&lt;img src=x onerror=alert(1)&gt;</option>'
		);
	});

	test('leaves ordinary text as it is (umlauts, ß, dots)', () => {
		expect(escapeHtml('Höchst i. Odw. – Straße')).toBe('Höchst i. Odw. – Straße');
	});
});
