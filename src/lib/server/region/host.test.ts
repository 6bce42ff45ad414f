import { expect, test } from 'vitest';
import { hostName } from './region.service.ts';

test('host names are compared without port, case or trailing dot', () => {
	expect(hostName('Bergstrasse-Odenwald.Example.DE:443')).toBe('bergstrasse-odenwald.example.de');
	expect(hostName('example.de.')).toBe('example.de');
	expect(hostName('[::1]:3000')).toBe('::1');
	expect(hostName(null)).toBe('');
});
