/**
 * The value network of a topic field as three columns — actors, use cases, working groups —
 * laid out on the server, deterministically: use cases in their order, actors and groups
 * placed by the mean row of the use cases they are linked to (ties by label, then id), so the
 * same data always gives the same picture, whatever order the rows came in.
 */

export type NodeKind = 'actor' | 'useCase' | 'group';

export interface NetworkInput {
	/** in the order they should appear */
	useCases: { id: string; label: string }[];
	actors: { id: string; label: string }[];
	groups: { id: string; label: string }[];
	/** actor id → use case id */
	actorLinks: { actor: string; useCase: string }[];
	/** use case id → group id */
	groupLinks: { useCase: string; group: string }[];
}

export interface PlacedNode {
	id: string;
	kind: NodeKind;
	label: string;
	/** the label shortened to fit the box (the full one goes into a title) */
	short: string;
	x: number;
	y: number;
}

export interface PlacedEdge {
	from: string;
	to: string;
	path: string;
}

export interface NetworkLayout {
	width: number;
	height: number;
	nodeWidth: number;
	nodeHeight: number;
	nodes: PlacedNode[];
	edges: PlacedEdge[];
}

export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 40;
const ROW = 52;
const GAP = 90;
const PAD = 8;
const MAX_CHARS = 30;

export function shorten(label: string, max = MAX_CHARS): string {
	const chars = [...label];
	return chars.length <= max
		? label
		: `${chars
				.slice(0, max - 1)
				.join('')
				.trimEnd()}…`;
}

const byLabel = (a: { label: string; id: string }, b: { label: string; id: string }) =>
	a.label.localeCompare(b.label, 'de') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function orderByMeanRow<T extends { id: string; label: string }>(
	items: T[],
	rowsOf: (id: string) => number[]
): T[] {
	const mean = new Map(
		items.map((item) => {
			const rows = rowsOf(item.id);
			return [item.id, rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Infinity];
		})
	);
	return [...items].sort((a, b) => mean.get(a.id)! - mean.get(b.id)! || byLabel(a, b));
}

export function layoutNetwork(input: NetworkInput): NetworkLayout {
	const useCaseRow = new Map(input.useCases.map((u, i) => [u.id, i]));
	const useCaseIds = new Set(useCaseRow.keys());
	const actorLinks = input.actorLinks.filter((l) => useCaseIds.has(l.useCase));
	const groupLinks = input.groupLinks.filter((l) => useCaseIds.has(l.useCase));
	const actors = orderByMeanRow(input.actors, (id) =>
		actorLinks.filter((l) => l.actor === id).map((l) => useCaseRow.get(l.useCase)!)
	);
	const groups = orderByMeanRow(input.groups, (id) =>
		groupLinks.filter((l) => l.group === id).map((l) => useCaseRow.get(l.useCase)!)
	);
	const rows = Math.max(1, actors.length, input.useCases.length, groups.length);
	const height = rows * ROW + 2 * PAD;
	const width = 3 * NODE_WIDTH + 2 * GAP + 2 * PAD;
	const column = (
		items: { id: string; label: string }[],
		kind: NodeKind,
		index: number
	): PlacedNode[] => {
		// centre a shorter column vertically
		const offset = PAD + ((rows - items.length) * ROW) / 2 + (ROW - NODE_HEIGHT) / 2;
		return items.map((item, i) => ({
			id: item.id,
			kind,
			label: item.label,
			short: shorten(item.label),
			x: PAD + index * (NODE_WIDTH + GAP),
			y: Math.round(offset + i * ROW)
		}));
	};
	const nodes = [
		...column(actors, 'actor', 0),
		...column(input.useCases, 'useCase', 1),
		...column(groups, 'group', 2)
	];
	const at = new Map(nodes.map((n) => [`${n.kind}:${n.id}`, n]));
	const curve = (a: PlacedNode, b: PlacedNode) => {
		const x1 = a.x + NODE_WIDTH;
		const y1 = a.y + NODE_HEIGHT / 2;
		const x2 = b.x;
		const y2 = b.y + NODE_HEIGHT / 2;
		const mid = (x1 + x2) / 2;
		return `M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
	};
	const edges: PlacedEdge[] = [];
	for (const l of actorLinks) {
		const a = at.get(`actor:${l.actor}`);
		const b = at.get(`useCase:${l.useCase}`);
		if (a && b) edges.push({ from: a.id, to: b.id, path: curve(a, b) });
	}
	for (const l of groupLinks) {
		const a = at.get(`useCase:${l.useCase}`);
		const b = at.get(`group:${l.group}`);
		if (a && b) edges.push({ from: a.id, to: b.id, path: curve(a, b) });
	}
	edges.sort((a, b) => a.path.localeCompare(b.path));
	return { width, height, nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, nodes, edges };
}
