import { expect, test } from 'vitest';
import { toWords } from './search.service.ts';

test('only letters and digits reach the query, at most eight words', () => {
	expect(toWords("Märkte & Äpfel's :* | !")).toEqual(['märkte', 'äpfel', 's']);
	expect(toWords('a b c d e f g h i j')).toHaveLength(8);
	expect(toWords('  ')).toEqual([]);
});
