import { expect, test } from 'vitest';
import { contrastRatio } from './colour.ts';

test('WCAG contrast ratios', () => {
	expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
	expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
	expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
});
