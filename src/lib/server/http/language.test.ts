import { expect, test } from 'vitest';
import { safeReturnPath } from './language.ts';

test('only same-site paths are return targets', () => {
	expect(safeReturnPath('/konto?x=1')).toBe('/konto?x=1');
	for (const hostile of [
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/\n/evil',
		'https://evil.example',
		'',
		null
	]) {
		expect(safeReturnPath(hostile)).toBe('/');
	}
});
