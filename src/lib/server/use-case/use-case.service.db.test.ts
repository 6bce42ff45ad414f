import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisation } from '../../../../test/working-group-fixtures.ts';
import type { SessionPerson } from '../account/session.ts';
import type { RegionContext } from '../region/region.service.ts';
import { importRegion, readRegionFile } from '../region/region-import.service.ts';
import { createContribution, setSupport } from '../participation/contribution.service.ts';
import { followItem } from '../notification/notification.service.ts';
import { createGroup, joinGroup, setRole } from '../working-group/working-group.service.ts';
import {
	addActor,
	addUpdate,
	changeStatus,
	createUseCase,
	getUseCase,
	overview,
	OVERVIEW_PER_STATUS,
	removeActor,
	setWorkingGroup,
	useCaseOfContribution,
	type UseCaseContext
} from './use-case.service.ts';
import { valueNetwork } from './network.service.ts';
import { search } from '../search/search.service.ts';

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

const person = (region: RegionContext, role: SessionPerson['role'] = 'citizen') =>
	createPerson(t.db, region, { role });

function ctx(region: RegionContext, who: SessionPerson | null): UseCaseContext {
	return {
		db: t.db,
		region,
		actor: { regionId: region.id, person: who },
		meta: { ip: '', lang: 'de' }
	};
}

const FIELD = 'regionale-produkte';
const status = (to: string, reason = '') =>
	({ status: to, reason, text: '', date: undefined }) as Parameters<typeof changeStatus>[2];

async function imported(key = FIELD) {
	const field = demo.topicFields.find((f) => f.key === key)!;
	return t.db
		.selectFrom('use_case')
		.select(['id', 'key', 'status'])
		.where('topic_field_id', '=', field.id)
		.orderBy('position')
		.execute();
}

describe('use cases', () => {
	test('a status change writes its update in the same transaction; a refused one writes nothing', async () => {
		const moderator = await person(demo, 'moderator');
		const [useCase] = await imported();
		const change = await changeStatus(ctx(demo, moderator), useCase!.id, status('prioritised'));
		expect(change).toMatchObject({ from: 'idea', to: 'prioritised' });
		const row = await t.db
			.selectFrom('use_case_update')
			.select(['id', 'status_from', 'status_to'])
			.where('use_case_id', '=', useCase!.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ id: change.updateId, status_from: 'idea', status_to: 'prioritised' });
		// not allowed: prioritised → implemented; and discarding without a reason
		await expect(
			changeStatus(ctx(demo, moderator), useCase!.id, status('implemented'))
		).rejects.toMatchObject({ code: 'invalid', messageKey: 'useCase.status.notAllowed' });
		await expect(
			changeStatus(ctx(demo, moderator), useCase!.id, status('discarded'))
		).rejects.toMatchObject({ code: 'invalid', messageKey: 'useCase.reason.required' });
		await changeStatus(
			ctx(demo, moderator),
			useCase!.id,
			status('discarded', 'Kein Träger gefunden')
		);
		const shown = await getUseCase(ctx(demo, null), useCase!.id);
		expect(shown.status).toBe('discarded');
		expect(shown.discardedReason).toBe('Kein Träger gefunden');
		expect(shown.updates).toHaveLength(2);
		expect(shown.updates[0]!.html).toContain('Kein Träger gefunden');
		expect(shown.next).toEqual([]);
		// the database refuses a discarded use case without a reason, whatever the code does
		await expect(
			sql`update use_case set discarded_reason = null where id = ${useCase!.id}`.execute(t.db)
		).rejects.toThrow(/use_case_discarded_reason/);
		// and a change whose update cannot be written leaves the status as it was
		await expect(
			changeStatus(ctx(demo, moderator), useCase!.id, {
				...status('idea'),
				date: '1999-02-30'
			})
		).rejects.toThrow();
		expect((await getUseCase(ctx(demo, null), useCase!.id)).status).toBe('discarded');
	});

	test('status changes at the same time: each one is recorded, from the status before it', async () => {
		const moderator = await person(demo, 'moderator');
		const useCase = (await imported())[1]!;
		const results = await Promise.allSettled(
			Array.from({ length: 6 }, () =>
				changeStatus(ctx(demo, moderator), useCase.id, status('prioritised'))
			)
		);
		// idea → prioritised once; the others find it prioritised already and are refused
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const updates = await t.db
			.selectFrom('use_case_update')
			.select(['status_from', 'status_to'])
			.where('use_case_id', '=', useCase.id)
			.execute();
		expect(updates).toEqual([{ status_from: 'idea', status_to: 'prioritised' }]);
	});

	test('who may change: moderators and leads of the working group, not citizens or other regions', async () => {
		const moderator = await person(demo, 'moderator');
		const lead = await person(demo);
		const useCase = (await imported())[2]!;
		await expect(
			changeStatus(ctx(demo, lead), useCase.id, status('prioritised'))
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			changeStatus(ctx(demo, null), useCase.id, status('prioritised'))
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(
			changeStatus(ctx(other, await person(other, 'moderator')), useCase.id, status('prioritised'))
		).rejects.toMatchObject({ code: 'not_found' });
		const slug = await createGroup(ctx(demo, moderator), {
			name: 'AG Regionale Produkte',
			topicField: FIELD,
			description: ''
		});
		await joinGroup({ ...ctx(demo, lead), meta: { ip: '' } }, slug);
		await setRole({ ...ctx(demo, moderator), meta: { ip: '' } }, slug, lead.id, 'lead');
		await expect(setWorkingGroup(ctx(demo, lead), useCase.id, slug)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await setWorkingGroup(ctx(demo, moderator), useCase.id, slug);
		await changeStatus(ctx(demo, lead), useCase.id, status('in_progress'));
		await addUpdate(ctx(demo, lead), useCase.id, { text: 'Erstes Treffen', date: '2026-10-01' });
		const organisation = await createOrganisation(t.db, demo);
		await addActor(ctx(demo, lead), useCase.id, { organisation: organisation.slug, role: 'lead' });
		await addActor(ctx(demo, lead), useCase.id, { organisation: organisation.slug, role: 'lead' });
		const shown = await getUseCase(ctx(demo, lead), useCase.id);
		expect(shown.canEdit).toBe(true);
		expect(shown.group?.slug).toBe(slug);
		expect(shown.organisations).toHaveLength(1);
		expect(shown.updates.map((u) => u.date)).toContain('2026-10-01');
		await expect(
			removeActor(ctx(demo, await person(demo)), useCase.id, shown.organisations[0]!.id)
		).rejects.toMatchObject({ code: 'forbidden' });
		await removeActor(ctx(demo, lead), useCase.id, shown.organisations[0]!.id);
		expect((await getUseCase(ctx(demo, null), useCase.id)).organisations).toEqual([]);
		// an organisation of another region cannot be added
		const foreign = await createOrganisation(t.db, other);
		await expect(
			addActor(ctx(demo, moderator), useCase.id, { organisation: foreign.slug, role: 'partner' })
		).rejects.toMatchObject({ code: 'invalid' });
	});

	test('from a contribution: moderators only, keys unique per field, linked both ways', async () => {
		const moderator = await person(demo, 'moderator');
		const author = await person(demo);
		const contribution = await createContribution(
			{ ...ctx(demo, author), meta: { ip: '', lang: 'de' } },
			FIELD,
			{
				title: 'Ein Automat für Hofprodukte',
				body: 'Rund um die Uhr einkaufen.',
				category: 'herausforderungen',
				targetGroups: [],
				municipality: undefined,
				organisation: undefined
			}
		);
		const input = {
			topicField: 'wohnen-arbeiten',
			title: 'Hofautomat',
			summary: 'Regionale Produkte rund um die Uhr',
			contribution
		};
		await expect(createUseCase(ctx(demo, author), input)).rejects.toMatchObject({
			code: 'forbidden'
		});
		const first = await createUseCase(ctx(demo, moderator), input);
		const second = await createUseCase(ctx(demo, moderator), {
			...input,
			contribution: undefined,
			topicField: FIELD
		});
		const shown = await getUseCase(ctx(demo, null), first);
		// the contribution's topic field wins
		expect(shown.topicField.key).toBe(FIELD);
		expect(shown.contribution?.id).toBe(contribution);
		expect(shown.status).toBe('idea');
		expect(shown.title).toEqual({ de: 'Hofautomat', en: 'Hofautomat' });
		expect(shown.key).toBe('hofautomat');
		expect((await getUseCase(ctx(demo, null), second)).key).toBe('hofautomat-2');
		expect((await useCaseOfContribution(t.db, demo.id, contribution))?.id).toBe(first);
		const groups = await overview(ctx(demo, null), FIELD);
		expect(groups.find((g) => g.status === 'idea')!.useCases.map((u) => u.id)).toContain(first);
		await expect(
			createUseCase(ctx(other, await person(other, 'moderator')), { ...input, topicField: 'x' })
		).rejects.toMatchObject({ code: 'invalid' });
	});

	test('a status change tells the followers of the use case and of the contribution it came from', async () => {
		const moderator = await person(demo, 'moderator');
		const author = await person(demo);
		const supporter = await person(demo);
		const follower = await person(demo);
		const bystander = await person(demo);
		const contribution = await createContribution(
			{ ...ctx(demo, author), meta: { ip: '', lang: 'de' } },
			FIELD,
			{
				title: 'Ein Regiomat am Rathaus',
				body: 'Eier und Milch rund um die Uhr.',
				category: 'nutzerbeduerfnisse',
				targetGroups: [],
				municipality: undefined,
				organisation: undefined
			}
		);
		await setSupport({ ...ctx(demo, supporter), meta: { ip: '', lang: 'de' } }, contribution, true);
		const id = await createUseCase(ctx(demo, moderator), {
			topicField: FIELD,
			title: 'Regiomat am Rathaus',
			summary: 'Ein Automat für regionale Produkte',
			contribution
		});
		await followItem(ctx(demo, follower), 'use_case', id);
		await changeStatus(ctx(demo, moderator), id, status('prioritised'));
		const told = await t.db
			.selectFrom('notification')
			.select(['person_id', 'kind', 'url', 'title'])
			.where('target_type', '=', 'use_case')
			.where('target_id', '=', id)
			.execute();
		expect(told.map((n) => n.person_id).sort()).toEqual(
			[author.id, supporter.id, follower.id].sort()
		);
		expect(told.every((n) => n.kind === 'use_case_status')).toBe(true);
		expect(told[0]).toMatchObject({ url: `/anwendungsfaelle/${id}`, title: 'Regiomat am Rathaus' });
		expect(told.some((n) => n.person_id === bystander.id || n.person_id === moderator.id)).toBe(
			false
		);
	});

	test('the overview counts every use case per status and lists the first few', async () => {
		const field = demo.topicFields.find((f) => f.key === 'freizeit-tourismus')!;
		await t.db
			.insertInto('use_case')
			.values(
				Array.from({ length: 12 }, (_, i) => ({
					region_id: demo.id,
					topic_field_id: field.id,
					key: `viele-${i}`,
					position: 100 + i,
					title: JSON.stringify({ de: `Viele ${i}`, en: `Many ${i}` }),
					summary: JSON.stringify({ de: '', en: '' }),
					status: i % 3 === 0 ? 'implemented' : 'idea'
				}))
			)
			.execute();
		const counts = await t.db
			.selectFrom('use_case')
			.select(['status', sql<number>`count(*)::int`.as('n')])
			.where('topic_field_id', '=', field.id)
			.groupBy('status')
			.execute();
		const columns = await overview(ctx(demo, null), 'freizeit-tourismus');
		for (const column of columns) {
			const expected = counts.find((c) => c.status === column.status)?.n ?? 0;
			expect(column.total).toBe(expected);
			expect(column.useCases.length).toBe(Math.min(expected, OVERVIEW_PER_STATUS));
		}
		expect(columns.find((c) => c.status === 'idea')!.total).toBeGreaterThan(OVERVIEW_PER_STATUS);
	});

	test('a region re-import keeps statuses, updates, links and use cases made in the app', async () => {
		const moderator = await person(demo, 'moderator');
		const field = 'wohnen-arbeiten';
		const useCase = (await imported(field))[0]!;
		await changeStatus(ctx(demo, moderator), useCase.id, status('in_progress'));
		const organisation = await createOrganisation(t.db, demo);
		await addActor(ctx(demo, moderator), useCase.id, {
			organisation: organisation.slug,
			role: 'partner'
		});
		const made = await createUseCase(ctx(demo, moderator), {
			topicField: field,
			title: 'Bürgerbus am Wochenende',
			summary: 'Fahrten am Samstag',
			contribution: undefined
		});
		const findable = async () =>
			(await search(t.db, demo.id, 'Bürgerbus Wochenende')).some(
				(hit) => hit.path === `/anwendungsfaelle/${made}`
			);
		expect(await findable()).toBe(true);
		const file = await readRegionFile('regions/bergstrasse-odenwald.yaml');
		file.hash = `changed-${Date.now()}`;
		await importRegion(t.db, file);
		// still findable after the region file was imported again
		expect(await findable()).toBe(true);
		const after = await getUseCase(ctx(demo, null), useCase.id);
		expect(after.status).toBe('in_progress');
		expect(after.updates).toHaveLength(1);
		expect(after.organisations).toHaveLength(1);
		expect((await getUseCase(ctx(demo, null), made)).title.de).toBe('Bürgerbus am Wochenende');
	});

	test('the value network lists organisations by name and people only as a count', async () => {
		const moderator = await person(demo, 'moderator');
		const field = 'wohnen-arbeiten';
		const useCase = (await imported(field))[1]!;
		const organisation = await createOrganisation(t.db, demo);
		await addActor(ctx(demo, moderator), useCase.id, {
			organisation: organisation.slug,
			role: 'funder'
		});
		const citizen = await person(demo);
		await t.db
			.insertInto('use_case_actor')
			.values({ region_id: demo.id, use_case_id: useCase.id, person_id: citizen.id, role: 'user' })
			.execute();
		const network = await valueNetwork(ctx(demo, null), field, 'de');
		const names = network.actors.map((a) => a.name);
		expect(names).toContain(organisation.name);
		expect(names.some((n) => /Bürgerinnen und Bürger/.test(n))).toBe(true);
		expect(JSON.stringify(network)).not.toContain(citizen.displayName);
		expect(network.layout.nodes.length).toBeGreaterThan(network.useCases.length);
		// another region's network does not see it
		const foreign = await valueNetwork(ctx(other, null), other.topicFields[0]!.key, 'de');
		expect(JSON.stringify(foreign)).not.toContain(organisation.name);
	});
});
