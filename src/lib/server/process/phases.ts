/**
 * The timeline of a participation process, as pure functions: phase kinds with their default
 * switches, the templates, validation of a timeline, and which phase is current. A phase starts
 * at `startsAt` and ends where the next one begins; only the last phase may have an end.
 */
export const PHASE_KINDS = [
	'information',
	'idea_collection',
	'discussion',
	'prioritisation',
	'survey',
	'working_groups',
	'implementation',
	'closed'
] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const SWITCHES = ['contributing', 'commenting', 'supporting', 'voting', 'results'] as const;
export type Switch = (typeof SWITCHES)[number];
export type Switches = Record<Switch, boolean>;

/** What a phase of each kind allows unless a moderator changes it. */
export const DEFAULT_SWITCHES: Record<PhaseKind, Switches> = {
	information: {
		contributing: false,
		commenting: true,
		supporting: false,
		voting: false,
		results: true
	},
	idea_collection: {
		contributing: true,
		commenting: true,
		supporting: true,
		voting: false,
		results: true
	},
	discussion: {
		contributing: false,
		commenting: true,
		supporting: true,
		voting: false,
		results: true
	},
	prioritisation: {
		contributing: false,
		commenting: true,
		supporting: false,
		voting: true,
		results: false
	},
	survey: {
		contributing: false,
		commenting: false,
		supporting: false,
		voting: false,
		results: false
	},
	working_groups: {
		contributing: true,
		commenting: true,
		supporting: true,
		voting: false,
		results: true
	},
	implementation: {
		contributing: false,
		commenting: true,
		supporting: false,
		voting: false,
		results: true
	},
	closed: {
		contributing: false,
		commenting: false,
		supporting: false,
		voting: false,
		results: true
	}
};

export interface Phase extends Switches {
	kind: PhaseKind;
	startsAt: Date;
	/** only the last phase may have an end; otherwise it ends where the next begins */
	endsAt: Date | null;
}

export const TEMPLATES = {
	/** The sequence of the HeimatLeben 4.0 workshops (slides: kick-off, presentation of the
	 * topics, discussion of challenges and collection of ideas, prioritisation, working groups
	 * for further development and implementation). Durations in days. */
	workshops: [
		['information', 14],
		['idea_collection', 28],
		['discussion', 21],
		['prioritisation', 14],
		['working_groups', 56],
		['implementation', 180],
		['closed', null]
	],
	survey: [
		['information', 7],
		['survey', 28],
		['closed', null]
	],
	prioritisation: [
		['information', 7],
		['prioritisation', 21],
		['closed', null]
	]
} as const satisfies Record<string, readonly (readonly [PhaseKind, number | null])[]>;
export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

const DAY = 24 * 60 * 60 * 1000;

/** The phases of a template, each starting where the previous ended, from `start` on. */
export function phasesFromTemplate(template: TemplateKey, start: Date): Phase[] {
	let at = start.getTime();
	return TEMPLATES[template].map(([kind, days]) => {
		const phase: Phase = { kind, startsAt: new Date(at), endsAt: null, ...DEFAULT_SWITCHES[kind] };
		if (days !== null) at += days * DAY;
		return phase;
	});
}

/** Problems of a timeline as message keys by phase index ('' for the whole), none when valid. */
export function timelineProblems(phases: readonly Phase[]): Array<{ index: number; key: string }> {
	const problems: Array<{ index: number; key: string }> = [];
	if (phases.length === 0) problems.push({ index: -1, key: 'process.phases.none' });
	phases.forEach((phase, index) => {
		const previous = phases[index - 1];
		if (previous && phase.startsAt.getTime() <= previous.startsAt.getTime()) {
			problems.push({ index, key: 'process.phase.order' });
		}
		if (phase.endsAt && index < phases.length - 1) {
			problems.push({ index, key: 'process.phase.endNotLast' });
		}
		if (phase.endsAt && phase.endsAt.getTime() <= phase.startsAt.getTime()) {
			problems.push({ index, key: 'process.phase.endBeforeStart' });
		}
	});
	return problems;
}

/** When a phase ends: where the next one begins, or its own end (null: open-ended). */
export function phaseEnd(phases: readonly Phase[], index: number): Date | null {
	return phases[index + 1]?.startsAt ?? phases[index]?.endsAt ?? null;
}

export type ProcessStatus = 'upcoming' | 'running' | 'finished';

/**
 * The phase running at `now` (index) and the status of the process. A phase covers
 * [start, end): at the very moment the next one starts, the next one is current. A process
 * whose current phase is 'closed', or whose last phase has ended, is finished.
 */
export function currentPhase(
	phases: readonly Phase[],
	now: Date
): { index: number | null; status: ProcessStatus } {
	const t = now.getTime();
	const first = phases[0];
	if (!first || t < first.startsAt.getTime()) return { index: null, status: 'upcoming' };
	let index = 0;
	while (index + 1 < phases.length && phases[index + 1]!.startsAt.getTime() <= t) index++;
	const phase = phases[index]!;
	if (phase.endsAt && t >= phase.endsAt.getTime()) return { index: null, status: 'finished' };
	return { index, status: phase.kind === 'closed' ? 'finished' : 'running' };
}
