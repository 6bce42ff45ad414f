import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import type { RegionContext } from '../region/region.service.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import type { SessionPerson } from '../account/session.ts';
import { createContribution, setSupport } from '../participation/contribution.service.ts';
import { addComment } from '../participation/discussion.service.ts';
import { createRound, getRound, vote } from '../prioritisation/prioritisation.service.ts';
import { berlinDay, parseProcessForm } from './process.schema.ts';
import {
	createProcess,
	currentSwitches,
	getProcess,
	listProcesses,
	updateProcess
} from './process.service.ts';
import { DEFAULT_SWITCHES, type Phase } from './phases.ts';

let t: TestDatabase;
let demo: RegionContext;
let other: RegionContext;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo, other } = await loadRegions(t.db));
});
afterAll(async () => {
	await t?.destroy();
});

const DAY = 24 * 60 * 60 * 1000;
const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen') =>
	createPerson(t.db, region, { role });
function ctx(region: RegionContext, who: SessionPerson | null) {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { ip: '', lang: 'de' as const }
	};
}
const daysFromNow = (days: number) => berlinDay(new Date(Date.now() + days * DAY));
const contribution = {
	title: 'Hofladen-Karte für die Region',
	body: 'Eine Karte aller Hofläden.',
	category: 'nutzerbeduerfnisse',
	targetGroups: [],
	municipality: undefined,
	organisation: undefined
};
const phase = (kind: Phase['kind'], startsAt: Date, over: Partial<Phase> = {}): Phase => ({
	kind,
	startsAt,
	endsAt: null,
	...DEFAULT_SWITCHES[kind],
	...over
});

describe('processes', () => {
	test('moderators create from a template; timeline, status and region isolation', async () => {
		const input = {
			title: 'Workshop-Reihe Wohnen',
			description: 'Wir **sammeln** Ideen. <script>alert(1)</script>',
			topicField: 'wohnen-arbeiten',
			template: 'workshops',
			start: daysFromNow(-20)
		};
		await expect(createProcess(ctx(demo, await person(demo)), input)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createProcess(ctx(demo, null), input)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		const moderator = await person(demo, 'moderator');
		const slug = await createProcess(ctx(demo, moderator), input);
		expect(slug).toBe('workshop-reihe-wohnen');
		expect(await createProcess(ctx(demo, moderator), input)).toBe('workshop-reihe-wohnen-2');
		const shown = await getProcess(ctx(demo, null), slug);
		expect(shown.status).toBe('running');
		expect(shown.phases).toHaveLength(7);
		expect(shown.phases[1]).toMatchObject({ kind: 'idea_collection', current: true });
		expect(shown.descriptionHtml).toContain('<strong>sammeln</strong>');
		expect(shown.descriptionHtml).not.toContain('<script');
		expect(shown.phases[0]!.endsAt).toBe(shown.phases[1]!.startsAt);
		await expect(getProcess(ctx(other, null), slug)).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			updateProcess(ctx(other, await person(other, 'moderator')), slug, {
				...input,
				phases: [phase('closed', new Date())]
			})
		).rejects.toMatchObject({ code: 'not_found' });
		expect((await listProcesses(ctx(other, null))).map((p) => p.slug)).not.toContain(slug);
		const audits = await t.db
			.selectFrom('audit_entry')
			.select('action')
			.where('region_id', '=', demo.id)
			.where('action', '=', 'process.created')
			.execute();
		expect(audits.length).toBeGreaterThanOrEqual(2);
	});

	test('the database keeps the timeline ordered and non-overlapping', async () => {
		const moderator = await person(demo, 'moderator');
		const slug = await createProcess(ctx(demo, moderator), {
			title: 'Nur Umfrage Test',
			description: '',
			topicField: null,
			template: 'survey',
			start: daysFromNow(1)
		});
		const { id } = await t.db
			.selectFrom('participation_process')
			.select('id')
			.where('slug', '=', slug)
			.where('region_id', '=', demo.id)
			.executeTakeFirstOrThrow();
		const phases = t.db.selectFrom('process_phase').where('process_id', '=', id);
		const first = await phases.select(['starts_at']).orderBy('position').executeTakeFirstOrThrow();
		// a later phase starting before an earlier one
		await expect(
			t.db
				.updateTable('process_phase')
				.set({ starts_at: new Date(first.starts_at.getTime() - DAY) })
				.where('process_id', '=', id)
				.where('position', '=', 2)
				.execute()
		).rejects.toThrow(/process_phase_order/);
		// two phases at the same position
		await expect(
			t.db
				.updateTable('process_phase')
				.set({ position: 0 })
				.where('process_id', '=', id)
				.where('position', '=', 1)
				.execute()
		).rejects.toThrow(/process_phase_position/);
		// an end on a phase that is not the last
		await expect(
			t.db
				.updateTable('process_phase')
				.set({ ends_at: new Date(first.starts_at.getTime() + DAY) })
				.where('process_id', '=', id)
				.where('position', '=', 0)
				.execute()
		).rejects.toThrow(/process_phase_order/);
		// the service refuses the same before the database sees it
		await expect(
			updateProcess(ctx(demo, moderator), slug, {
				title: 'Nur Umfrage Test',
				description: '',
				topicField: null,
				phases: [phase('information', new Date()), phase('survey', new Date(Date.now() - DAY))]
			})
		).rejects.toMatchObject({
			code: 'invalid',
			fields: { 'phase-1-start': 'process.phase.order' }
		});
	});

	test('the current phase governs the field; moderators may always act; no process: open', async () => {
		const moderator = await person(demo, 'moderator');
		const author = await person(demo);
		const field = demo.topicFields.find((f) => f.key === 'regionale-produkte')!;
		// before any process: everything open as today
		expect(await currentSwitches(t.db, demo.id, field.id)).toBeNull();
		const existing = await createContribution(
			ctx(demo, author),
			'regionale-produkte',
			contribution
		);
		const round = await createRound(ctx(demo, moderator), {
			title: 'Runde im Prozess',
			description: '',
			topicField: 'regionale-produkte',
			points: 5,
			maxPerItem: 5,
			days: 7,
			liveResults: true
		});
		const items = (await getRound(ctx(demo, null), round)).items.map((i) => i.id);

		const slug = await createProcess(ctx(demo, moderator), {
			title: 'Priorisierung Regionale Produkte',
			description: '',
			topicField: 'regionale-produkte',
			template: 'prioritisation',
			start: daysFromNow(-10)
		});
		// now in the prioritisation phase: voting yes, contributing and supporting no
		const governing = await currentSwitches(t.db, demo.id, field.id);
		expect(governing).toMatchObject({ kind: 'prioritisation', process: { slug } });
		const citizen = await person(demo);
		await expect(
			createContribution(ctx(demo, citizen), 'regionale-produkte', contribution)
		).rejects.toMatchObject({ code: 'conflict', messageKey: 'process.closed.contributing' });
		await expect(setSupport(ctx(demo, citizen), existing, true)).rejects.toMatchObject({
			messageKey: 'process.closed.supporting'
		});
		await addComment(ctx(demo, citizen), existing, { body: 'Kommentieren geht.' });
		await vote(ctx(demo, citizen), round, new Map([[items[0]!, 2]]));
		// live results hidden by the prioritisation phase, except for moderators
		expect((await getRound(ctx(demo, citizen), round)).showResults).toBe(false);
		expect((await getRound(ctx(demo, moderator), round)).showResults).toBe(true);
		// moderators are not bound by the phase
		await createContribution(ctx(demo, moderator), 'regionale-produkte', {
			...contribution,
			title: 'Von der Moderation'
		});
		await setSupport(ctx(demo, moderator), existing, true);

		// the moderator closes commenting and voting too
		const current = await getProcess(ctx(demo, null), slug);
		const edited = current.phases.map((p) => ({
			kind: p.kind,
			startsAt: new Date(p.startsAt),
			endsAt: null,
			contributing: p.contributing,
			commenting: false,
			supporting: p.supporting,
			voting: false,
			results: p.results
		}));
		await updateProcess(ctx(demo, moderator), slug, {
			title: current.title,
			description: '',
			topicField: 'regionale-produkte',
			phases: edited
		});
		await expect(
			addComment(ctx(demo, citizen), existing, { body: 'Jetzt nicht.' })
		).rejects.toMatchObject({
			messageKey: 'process.closed.commenting'
		});
		await expect(vote(ctx(demo, citizen), round, new Map([[items[1]!, 1]]))).rejects.toMatchObject({
			messageKey: 'process.closed.voting'
		});
		expect((await getRound(ctx(demo, citizen), round)).canVote).toBe(false);
		await addComment(ctx(demo, moderator), existing, { body: 'Moderation darf.' });
		// other fields and other regions are not affected
		await createContribution(ctx(demo, citizen), 'wohnen-arbeiten', contribution);
		expect(await currentSwitches(t.db, other.id, field.id)).toBeNull();
	});

	test('the edit form: add and remove phases, errors under the field names', async () => {
		const form = (entries: Record<string, string>) => {
			const data = new FormData();
			for (const [k, v] of Object.entries(entries)) data.set(k, v);
			return data;
		};
		const base = {
			title: 'Prozess',
			'phase-0-kind': 'information',
			'phase-0-start': '2026-03-01',
			'phase-0-commenting': 'on',
			'phase-1-kind': 'closed',
			'phase-1-start': '2026-03-10',
			'phase-1-end': '2026-04-01'
		};
		const added = parseProcessForm(form({ ...base, intent: 'add', newKind: 'survey' }));
		expect(added.ok && added.input.phases.map((p) => p.kind)).toEqual([
			'information',
			'closed',
			'survey'
		]);
		expect(added.ok && added.input.phases[1]!.endsAt).toBeNull();
		expect(added.ok && added.input.phases[2]!.endsAt?.toISOString()).toBe(
			'2026-03-31T22:00:00.000Z'
		);
		const removed = parseProcessForm(form({ ...base, intent: 'remove-0' }));
		expect(removed.ok && removed.input.phases.map((p) => p.kind)).toEqual(['closed']);
		// the timeline rules already in the form's schema
		expect(parseProcessForm(form({ ...base, 'phase-1-start': '2026-03-01' }))).toEqual({
			ok: false,
			errors: { 'phase-1-start': 'process.phase.order' }
		});
		expect(
			parseProcessForm(form({ ...base, 'phase-0-end': '2026-03-05', 'phase-1-end': '2026-03-09' }))
		).toEqual({
			ok: false,
			errors: {
				'phase-0-end': 'process.phase.endNotLast',
				'phase-1-end': 'process.phase.endBeforeStart'
			}
		});
		const bad = parseProcessForm(
			form({ ...base, 'phase-1-start': '10.03.2026', 'phase-0-kind': 'x' })
		);
		expect(bad).toEqual({
			ok: false,
			errors: { 'phase-0-kind': 'process.phase.kind', 'phase-1-start': 'process.phase.start' }
		});
	});
});
