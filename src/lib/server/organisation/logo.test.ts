import { describe, expect, test } from 'vitest';
import { detectLogoType, logoProblem } from './logo.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('logo uploads', () => {
	test('the type comes from the first bytes, not from the name', () => {
		expect(detectLogoType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
			'image/png'
		);
		expect(detectLogoType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
		expect(detectLogoType(text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
		expect(detectLogoType(text('<?xml version="1.0"?><svg viewBox="0 0 1 1"></svg>'))).toBe(
			'image/svg+xml'
		);
		expect(detectLogoType(text('<html><script>alert(1)</script></html>'))).toBeNull();
		expect(detectLogoType(text('GIF89a'))).toBeNull();
	});

	test('empty, too large, unknown and unsafe files are refused', () => {
		expect(logoProblem(new Uint8Array())).toBe('organisation.logo.missing');
		expect(logoProblem(new Uint8Array(256 * 1024 + 1).fill(0xff))).toBe(
			'organisation.logo.tooLarge'
		);
		expect(logoProblem(text('just text'))).toBe('organisation.logo.wrongType');
		expect(logoProblem(text('<svg onload="alert(1)"></svg>'))).toBe('organisation.logo.unsafeSvg');
		expect(logoProblem(text('<svg><image href="https://evil.example/x.png"/></svg>'))).toBe(
			'organisation.logo.unsafeSvg'
		);
		expect(logoProblem(text('<svg viewBox="0 0 10 10"><circle r="4"/></svg>'))).toBeNull();
	});
});
