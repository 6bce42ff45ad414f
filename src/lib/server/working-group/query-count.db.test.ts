/**
 * No N+1: the working-group list, a group page, the use-case overview of a topic field and
 * its value network cost the same number of statements for few or many items.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestDatabase, testPool, type TestDatabase } from '../../../../test/db.ts';
import { createPerson, loadRegions } from '../../../../test/factories.ts';
import { createOrganisation } from '../../../../test/working-group-fixtures.ts';
import type { Database } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import type { SessionPerson } from '../account/session.ts';
import {
	addNeed,
	createGroup,
	getGroup,
	joinGroup,
	listGroups,
	pledge
} from './working-group.service.ts';
import {
	addActor,
	createUseCase,
	overview,
	setWorkingGroup
} from '../use-case/use-case.service.ts';
import { valueNetwork } from '../use-case/network.service.ts';

let t: TestDatabase;
let demo: RegionContext;
let counted: Kysely<Database>;
let statements = 0;

beforeAll(async () => {
	t = await createTestDatabase();
	({ demo } = await loadRegions(t.db));
	counted = new Kysely<Database>({
		dialect: new PostgresDialect({ pool: testPool(t.url) }),
		log: (event) => {
			if (event.level === 'query') statements++;
		}
	});
});
afterAll(async () => {
	await counted?.destroy();
	await t?.destroy();
});

async function countStatements(run: () => Promise<unknown>): Promise<number> {
	statements = 0;
	await run();
	return statements;
}

const FIELD = 'gesundheit-pflege';
const as = (person: SessionPerson | null, db = t.db) => ({
	db,
	region: demo,
	actor: { regionId: demo.id, person },
	meta: { ip: '', lang: 'de' as const }
});

test('working groups, a group page, the use-case overview and the network cost a fixed number of statements', async () => {
	const moderator = await createPerson(t.db, demo, { role: 'moderator' });
	const slug = await createGroup(as(moderator), {
		name: 'AG Pflege',
		topicField: FIELD,
		description: ''
	});
	let groups = 1;
	let needs = 0;
	let useCases = 0;
	const grow = async (to: number) => {
		for (; groups < to; groups++) {
			await createGroup(as(moderator), {
				name: `AG Nummer ${groups}`,
				topicField: FIELD,
				description: ''
			});
		}
		for (; needs < to; needs++) {
			const need = await addNeed(as(moderator), slug, {
				kind: 'skills',
				title: `Bedarf ${needs}`,
				description: '',
				quantity: 5,
				unit: 'Personen'
			});
			const helper = await createPerson(t.db, demo);
			const organisation = await createOrganisation(t.db, demo, helper);
			await joinGroup(as(helper), slug);
			await pledge(as(helper), slug, { need, quantity: 1, note: '' });
			await pledge(as(helper), slug, {
				need,
				quantity: 2,
				note: '',
				organisation: organisation.slug
			});
		}
		for (; useCases < to; useCases++) {
			const id = await createUseCase(as(moderator), {
				topicField: FIELD,
				title: `Anwendungsfall ${useCases}`,
				summary: 'Kurz',
				contribution: undefined
			});
			await setWorkingGroup(as(moderator), id, slug);
			const organisation = await createOrganisation(t.db, demo);
			await addActor(as(moderator), id, { organisation: organisation.slug, role: 'partner' });
		}
	};
	const reader = as(moderator, counted);
	const measure = async () => ({
		list: await countStatements(() => listGroups(reader)),
		group: await countStatements(() => getGroup(reader, slug)),
		overview: await countStatements(() => overview(reader, FIELD)),
		network: await countStatements(() => valueNetwork(reader, FIELD, 'de'))
	});
	await grow(3);
	const small = await measure();
	await grow(30);
	const large = await measure();
	expect(large).toEqual(small);
	expect(small.list).toBe(1);
	expect(small.group).toBeLessThanOrEqual(6);
	expect(small.overview).toBe(1);
	expect(small.network).toBeLessThanOrEqual(3);
});
