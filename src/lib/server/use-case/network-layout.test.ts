import { expect, test } from 'vitest';
import fc from 'fast-check';
import { layoutNetwork, shorten, type NetworkInput } from './network-layout.ts';

const input: NetworkInput = {
	useCases: [
		{ id: 'u1', label: 'Mitfahrbank' },
		{ id: 'u2', label: 'Dorfladen' },
		{ id: 'u3', label: 'Telemedizin' }
	],
	actors: [
		{ id: 'a', label: 'Zweckverband' },
		{ id: 'b', label: 'Hof Lindenblick' },
		{ id: 'c', label: 'Bürgerbus e. V.' }
	],
	groups: [{ id: 'g', label: 'AG Mobilität' }],
	actorLinks: [
		{ actor: 'a', useCase: 'u3' },
		{ actor: 'b', useCase: 'u2' },
		{ actor: 'c', useCase: 'u1' },
		{ actor: 'c', useCase: 'u2' }
	],
	groupLinks: [{ useCase: 'u1', group: 'g' }]
};

const shuffle = <T>(items: T[], seed: number) =>
	[...items]
		.map((item, i) => ({ item, key: (i * 7919 + seed * 104729) % 1013 }))
		.sort((a, b) => a.key - b.key)
		.map((x) => x.item);

test('the same network gives the same picture whatever order actors, groups and links come in', () => {
	const expected = layoutNetwork(input);
	fc.assert(
		fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
			const shuffled = {
				...input,
				actors: shuffle(input.actors, seed),
				groups: shuffle(input.groups, seed),
				actorLinks: shuffle(input.actorLinks, seed),
				groupLinks: shuffle(input.groupLinks, seed)
			};
			expect(layoutNetwork(shuffled)).toEqual(expected);
		})
	);
});

test('actors sit next to their use cases; no two nodes of a column overlap', () => {
	const layout = layoutNetwork(input);
	const actors = layout.nodes.filter((n) => n.kind === 'actor').map((n) => n.id);
	// c links rows 0 and 1 (mean 0.5), b row 1, a row 2
	expect(actors).toEqual(['c', 'b', 'a']);
	for (const kind of ['actor', 'useCase', 'group'] as const) {
		const ys = layout.nodes
			.filter((n) => n.kind === kind)
			.map((n) => n.y)
			.sort((a, b) => a - b);
		for (let i = 1; i < ys.length; i++) {
			expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(layout.nodeHeight);
		}
	}
	for (const n of layout.nodes) {
		expect(n.x + layout.nodeWidth).toBeLessThanOrEqual(layout.width);
		expect(n.y + layout.nodeHeight).toBeLessThanOrEqual(layout.height);
	}
	expect(layout.edges).toHaveLength(5);
});

test('links to unknown use cases are left out and an empty network still has a size', () => {
	const layout = layoutNetwork({
		useCases: [],
		actors: [{ id: 'x', label: 'X' }],
		groups: [],
		actorLinks: [{ actor: 'x', useCase: 'nope' }],
		groupLinks: []
	});
	expect(layout.edges).toEqual([]);
	expect(layout.height).toBeGreaterThan(0);
});

test('long labels are shortened with an ellipsis', () => {
	expect(shorten('kurz')).toBe('kurz');
	const long = shorten('Gesundheitsversorgung im ländlichen Raum mit Telemedizin');
	expect([...long]).toHaveLength(30);
	expect(long.endsWith('…')).toBe(true);
});
