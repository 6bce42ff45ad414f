import { describe, expect, test } from 'vitest';
import {
	currentPhase,
	DEFAULT_SWITCHES,
	phaseEnd,
	phasesFromTemplate,
	timelineProblems,
	type Phase
} from './phases.ts';

const start = new Date('2026-01-05T09:00:00Z');
const day = 24 * 60 * 60 * 1000;

describe('templates', () => {
	test('the workshop series follows the slides, each phase starting where the last ended', () => {
		const phases = phasesFromTemplate('workshops', start);
		expect(phases.map((p) => p.kind)).toEqual([
			'information',
			'idea_collection',
			'discussion',
			'prioritisation',
			'working_groups',
			'implementation',
			'closed'
		]);
		expect(phases[0]!.startsAt).toEqual(start);
		expect(phases[1]!.startsAt.getTime() - start.getTime()).toBe(14 * day);
		expect(phases[2]!.startsAt.getTime() - phases[1]!.startsAt.getTime()).toBe(28 * day);
		expect(phases[1]!.contributing).toBe(true);
		expect(phases[3]).toMatchObject(DEFAULT_SWITCHES.prioritisation);
		expect(timelineProblems(phases)).toEqual([]);
	});

	test('survey only and prioritisation round', () => {
		expect(phasesFromTemplate('survey', start).map((p) => p.kind)).toEqual([
			'information',
			'survey',
			'closed'
		]);
		expect(phasesFromTemplate('prioritisation', start).map((p) => p.kind)).toEqual([
			'information',
			'prioritisation',
			'closed'
		]);
	});
});

describe('timeline validation', () => {
	const phase = (startsAt: string, endsAt: string | null = null): Phase => ({
		kind: 'discussion',
		startsAt: new Date(startsAt),
		endsAt: endsAt ? new Date(endsAt) : null,
		...DEFAULT_SWITCHES.discussion
	});
	test('starts must strictly increase; only the last phase may end; end after start', () => {
		expect(timelineProblems([])).toEqual([{ index: -1, key: 'process.phases.none' }]);
		expect(timelineProblems([phase('2026-01-01'), phase('2026-01-01')])).toEqual([
			{ index: 1, key: 'process.phase.order' }
		]);
		expect(timelineProblems([phase('2026-01-02'), phase('2026-01-01')])).toEqual([
			{ index: 1, key: 'process.phase.order' }
		]);
		expect(timelineProblems([phase('2026-01-01', '2026-01-03'), phase('2026-01-05')])).toEqual([
			{ index: 0, key: 'process.phase.endNotLast' }
		]);
		expect(timelineProblems([phase('2026-01-01'), phase('2026-01-05', '2026-01-05')])).toEqual([
			{ index: 1, key: 'process.phase.endBeforeStart' }
		]);
		expect(timelineProblems([phase('2026-01-01'), phase('2026-01-05', '2026-01-06')])).toEqual([]);
	});
});

describe('current phase', () => {
	const phases = phasesFromTemplate('prioritisation', start);
	test('before the first start: upcoming', () => {
		expect(currentPhase(phases, new Date(start.getTime() - 1))).toEqual({
			index: null,
			status: 'upcoming'
		});
	});
	test('a phase covers its start up to (not including) the next start', () => {
		expect(currentPhase(phases, start)).toEqual({ index: 0, status: 'running' });
		const second = phases[1]!.startsAt.getTime();
		expect(currentPhase(phases, new Date(second - 1))).toEqual({ index: 0, status: 'running' });
		expect(currentPhase(phases, new Date(second))).toEqual({ index: 1, status: 'running' });
		expect(phaseEnd(phases, 0)).toEqual(phases[1]!.startsAt);
		expect(phaseEnd(phases, 2)).toBeNull();
	});
	test('the closed phase finishes the process', () => {
		expect(currentPhase(phases, phases[2]!.startsAt)).toEqual({ index: 2, status: 'finished' });
	});
	test('after the end of the last phase: finished with no current phase', () => {
		const ending = [...phases.slice(0, 2)];
		ending[1] = { ...ending[1]!, endsAt: new Date(ending[1]!.startsAt.getTime() + day) };
		expect(currentPhase(ending, new Date(ending[1]!.endsAt!.getTime() - 1)).index).toBe(1);
		expect(currentPhase(ending, ending[1]!.endsAt!)).toEqual({ index: null, status: 'finished' });
	});
});
