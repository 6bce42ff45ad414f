/**
 * Events of a region (kick-off, workshops, working-group meetings …): agenda, place, online
 * link, registration with capacity and waiting list, iCalendar, minutes, and contributions
 * collected on paper at the event.
 *
 * Registrations: every change happens in one transaction with the event row locked (FOR
 * UPDATE), so registrations for one event are serialised. The database keeps the invariants:
 * `confirmed_count` follows the confirmed registrations (a trigger, also when an account is
 * deleted), `confirmed_count <= capacity` (check), waiting positions distinct (unique), one
 * registration per person and event (primary key).
 */
import { sql, type Transaction } from 'kysely';
import { dateTimeFormat, localeOf } from '#lib/intl.ts';
import type { DB } from '../db/database.ts';
import type { Database, EventKind } from '../db/schema.ts';
import type { RegionContext } from '../region/region.service.ts';
import { t, type Language, type MessageKey } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isModerator, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { enqueueMail } from '../mail/mail.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import { createPaperContribution } from '../participation/contribution.service.ts';
import { findRegionItemId } from '../region/region.repository.ts';
import { isGroupLead } from '../working-group/working-group.service.ts';
import { calendar, type IcsEvent } from './event.ics.ts';
import type { EventInput, PaperInput } from './event.schema.ts';
import { canOrganise, canRegister } from './event.policy.ts';
import { instantToBerlin } from './event.time.ts';

export interface EventContext {
	db: DB;
	region: RegionContext;
	actor: Actor;
	/** true when SMTP is configured; otherwise mail is held in the outbox */
	smtp: boolean;
	meta: { ip: string; lang: Language; origin: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far back the list and the feed show past events. */
const RECENT_DAYS = 180;

export interface EventFilter {
	/** a topic field key */
	topicField?: string;
	/** a working group's slug: its meetings */
	workingGroup?: string;
	/** a participation process's slug */
	process?: string;
}

function topicFieldId(ctx: EventContext, key: string | undefined): string | null | undefined {
	if (!key) return undefined;
	return ctx.region.topicFields.find((f) => f.key === key)?.id ?? null;
}

/**
 * The events of the region as a query; each filter is one more where-clause. `recentOnly`
 * leaves out events that ended more than RECENT_DAYS ago (the calendar feed).
 */
function eventsQuery(ctx: EventContext, filter: EventFilter, recentOnly = true) {
	let query = ctx.db
		.selectFrom('event')
		.leftJoin('municipality', 'municipality.id', 'event.municipality_id')
		.leftJoin('topic_field', 'topic_field.id', 'event.topic_field_id')
		.select([
			'event.id',
			'event.kind',
			'event.title',
			'event.description',
			'event.starts_at',
			'event.ends_at',
			'event.updated_at',
			'event.address',
			'event.lat',
			'event.lon',
			'event.online_url',
			'event.status',
			'event.capacity',
			'event.confirmed_count',
			'municipality.name as municipality_name',
			'municipality.lat as municipality_lat',
			'municipality.lon as municipality_lon',
			'topic_field.key as topic_field_key',
			'topic_field.name as topic_field_name'
		])
		.where('event.region_id', '=', ctx.region.id);
	if (recentOnly) {
		query = query.where(
			'event.ends_at',
			'>',
			sql<Date>`now() - make_interval(days => ${RECENT_DAYS})`
		);
	}
	if (filter.topicField !== undefined) {
		const id = topicFieldId(ctx, filter.topicField);
		// an unknown topic field finds nothing rather than everything
		query = id ? query.where('event.topic_field_id', '=', id) : query.where(sql<boolean>`false`);
	}
	if (filter.workingGroup !== undefined) {
		const slug = filter.workingGroup;
		query = query.where('event.working_group_id', 'in', (eb) =>
			eb
				.selectFrom('working_group')
				.select('id')
				.where('region_id', '=', ctx.region.id)
				.where('slug', '=', slug)
		);
	}
	if (filter.process !== undefined) {
		const slug = filter.process;
		query = query.where('event.process_id', 'in', (eb) =>
			eb
				.selectFrom('participation_process')
				.select('id')
				.where('region_id', '=', ctx.region.id)
				.where('slug', '=', slug)
		);
	}
	return query;
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['execute']>>[number];

function place(row: Pick<EventRow, 'address' | 'municipality_name'>) {
	return [row.address, row.municipality_name].filter(Boolean).join(', ');
}

function point(row: {
	lat: number | null;
	lon: number | null;
	municipality_lat: number | null;
	municipality_lon: number | null;
}) {
	if (row.lat !== null && row.lon !== null)
		return { lat: Number(row.lat), lon: Number(row.lon), exact: true };
	if (row.municipality_lat !== null && row.municipality_lon !== null)
		return { lat: Number(row.municipality_lat), lon: Number(row.municipality_lon), exact: false };
	return null;
}

function summary(row: EventRow, now: Date) {
	return {
		id: row.id,
		kind: row.kind,
		title: row.title,
		startsAt: row.starts_at.toISOString(),
		endsAt: row.ends_at.toISOString(),
		past: row.ends_at < now,
		cancelled: row.status === 'cancelled',
		place: place(row),
		municipality: row.municipality_name,
		online: row.online_url !== null,
		point: point(row),
		topicField: row.topic_field_key
			? { key: row.topic_field_key, name: row.topic_field_name! }
			: null,
		capacity: row.capacity,
		confirmed: row.confirmed_count
	};
}

export async function listEvents(ctx: EventContext, filter: EventFilter) {
	const rows = await eventsQuery(ctx, filter, false)
		.orderBy('event.starts_at')
		.limit(300)
		.execute();
	const now = new Date();
	const events = rows.map((r) => summary(r, now));
	return {
		upcoming: events.filter((e) => !e.past),
		past: events.filter((e) => e.past).reverse(),
		canCreate: canOrganise(ctx.actor)
	};
}

function icsOf(ctx: EventContext, row: EventRow): IcsEvent {
	const p = point(row);
	const location = [place(row), row.online_url].filter(Boolean).join(' – ');
	return {
		id: row.id,
		title: row.title,
		description: row.description,
		startsAt: row.starts_at,
		endsAt: row.ends_at,
		updatedAt: row.updated_at,
		location,
		point: p?.exact ? { lat: p.lat, lon: p.lon } : null,
		url: `${ctx.meta.origin}/veranstaltungen/${row.id}`,
		cancelled: row.status === 'cancelled'
	};
}

/** The region's upcoming and recent events as an iCalendar feed. */
export async function eventFeed(ctx: EventContext, filter: EventFilter): Promise<string> {
	const rows = await eventsQuery(ctx, filter).orderBy('event.starts_at').limit(500).execute();
	return calendar(
		rows.map((r) => icsOf(ctx, r)),
		{ host: new URL(ctx.meta.origin).hostname, name: ctx.region.name, now: new Date() }
	);
}

export async function eventCalendar(ctx: EventContext, id: string): Promise<string> {
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const found = await eventsQuery(ctx, {}, false).where('event.id', '=', id).executeTakeFirst();
	if (!found) throw new AppError('not_found', 'error.404.title');
	return calendar([icsOf(ctx, found)], {
		host: new URL(ctx.meta.origin).hostname,
		name: found.title,
		now: new Date()
	});
}

async function loadEvent(ctx: EventContext, id: string) {
	if (!UUID.test(id)) throw new AppError('not_found', 'error.404.title');
	const row = await ctx.db
		.selectFrom('event')
		.selectAll()
		.where('region_id', '=', ctx.region.id)
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) throw new AppError('not_found', 'error.404.title');
	return row;
}

/** The working groups of the region that the actor leads (their leads organise the meetings). */
function groupsLedBy(ctx: EventContext) {
	if (!isSignedIn(ctx.actor)) return Promise.resolve([]);
	return ctx.db
		.selectFrom('working_group_member as m')
		.innerJoin('working_group as g', 'g.id', 'm.group_id')
		.select(['g.id', 'g.slug', 'g.name', 'g.topic_field_id'])
		.where('m.region_id', '=', ctx.region.id)
		.where('m.person_id', '=', ctx.actor.person.id)
		.where('m.role', '=', 'lead')
		.orderBy('g.name')
		.execute();
}

/** The policy's view of one event: does the actor lead the working group it belongs to? */
async function scopeOf(ctx: EventContext, event: { working_group_id: string | null }) {
	if (!event.working_group_id || !isSignedIn(ctx.actor) || isModerator(ctx.actor)) {
		return { leadsGroup: false };
	}
	return { leadsGroup: await isGroupLead(ctx.db, event.working_group_id, ctx.actor.person.id) };
}

export async function getEvent(ctx: EventContext, id: string) {
	const event = await loadEvent(ctx, id);
	const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
	const organiser = canOrganise(ctx.actor, await scopeOf(ctx, event));
	const [details, agenda, mine, waiting, paper, linked, nearby] = await Promise.all([
		ctx.db
			.selectFrom('event')
			.leftJoin('municipality', 'municipality.id', 'event.municipality_id')
			.leftJoin('topic_field', 'topic_field.id', 'event.topic_field_id')
			.leftJoin('person', 'person.id', 'event.organiser_id')
			.leftJoin('organisation', 'organisation.id', 'event.organisation_id')
			.select([
				'municipality.name as municipality_name',
				'municipality.lat as municipality_lat',
				'municipality.lon as municipality_lon',
				'topic_field.key as topic_field_key',
				'topic_field.name as topic_field_name',
				'person.display_name as organiser_name',
				'organisation.name as organisation_name',
				'organisation.slug as organisation_slug',
				sql<boolean>`event.starts_at <= now()`.as('started'),
				sql<boolean>`event.ends_at <= now()`.as('ended')
			])
			.where('event.id', '=', event.id)
			.executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('event_agenda_item')
			.select(['time', 'title'])
			.where('region_id', '=', ctx.region.id)
			.where('event_id', '=', event.id)
			.orderBy('position')
			.execute(),
		personId
			? ctx.db
					.selectFrom('event_registration')
					.select(['status', 'waiting_position'])
					.where('event_id', '=', event.id)
					.where('person_id', '=', personId)
					.executeTakeFirst()
			: Promise.resolve(undefined),
		ctx.db
			.selectFrom('event_registration')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('event_id', '=', event.id)
			.where('status', '=', 'waiting')
			.executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('contribution')
			.innerJoin('topic_field', 'topic_field.id', 'contribution.topic_field_id')
			.select([
				'contribution.id',
				'contribution.title',
				'contribution.on_behalf_of',
				'topic_field.name as topic_field_name'
			])
			.where('contribution.region_id', '=', ctx.region.id)
			.where('contribution.event_id', '=', event.id)
			.where('contribution.status', '=', 'published')
			.orderBy('contribution.created_at')
			.limit(200)
			.execute(),
		ctx.db
			.selectFrom('event_contribution')
			.innerJoin('contribution', 'contribution.id', 'event_contribution.contribution_id')
			.select(['contribution.id', 'contribution.title'])
			.where('event_contribution.region_id', '=', ctx.region.id)
			.where('event_contribution.event_id', '=', event.id)
			.where('contribution.status', '=', 'published')
			.orderBy('event_contribution.position')
			.execute(),
		// the nearest municipalities, so that the map shows where the place lies
		sql<{ name: string; lat: number; lon: number }>`
			select near.name, near.lat, near.lon
			from event e
			left join municipality m on m.id = e.municipality_id
			join municipality near on near.region_id = e.region_id
				and near.id is distinct from e.municipality_id
			where e.id = ${event.id} and coalesce(e.lat, m.lat) is not null
			order by power(near.lat - coalesce(e.lat, m.lat), 2)
				+ power((near.lon - coalesce(e.lon, m.lon)) * 0.65, 2)
			limit 4`.execute(ctx.db)
	]);
	const p = point({ ...event, ...details });
	const cancelled = event.status === 'cancelled';
	const open = !cancelled && !details.started;
	return {
		id: event.id,
		kind: event.kind,
		title: event.title,
		descriptionHtml: event.description_html,
		description: event.description,
		startsAt: event.starts_at.toISOString(),
		endsAt: event.ends_at.toISOString(),
		started: details.started,
		ended: details.ended,
		cancelled,
		address: event.address,
		municipality: details.municipality_name,
		place: place({ address: event.address, municipality_name: details.municipality_name }),
		point: p,
		nearby: p
			? nearby.rows.map((n) => ({ name: n.name, lat: Number(n.lat), lon: Number(n.lon) }))
			: [],
		onlineUrl: event.online_url,
		topicField: details.topic_field_key
			? { key: details.topic_field_key, name: details.topic_field_name! }
			: null,
		organiser: details.organiser_name,
		organisation: details.organisation_name
			? { name: details.organisation_name, slug: details.organisation_slug! }
			: null,
		capacity: event.capacity,
		confirmed: event.confirmed_count,
		waiting: waiting.n,
		full: event.capacity !== null && event.confirmed_count >= event.capacity,
		minutesHtml: details.ended ? event.minutes_html : '',
		linked: details.ended || organiser ? linked : [],
		agenda: agenda.map((a) => ({ time: a.time, title: a.title })),
		paper: details.ended || organiser ? paper : [],
		registration: mine
			? { status: mine.status, waitingPosition: mine.waiting_position }
			: (null as { status: 'confirmed' | 'waiting'; waitingPosition: number | null } | null),
		registrationOpen: open,
		canRegister: open && canRegister(ctx.actor),
		signedIn: personId !== null,
		canOrganise: organiser
	};
}

/** Values for the edit form, as entered (Berlin local time, agenda as lines). */
export async function getEventForm(ctx: EventContext, id: string) {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	const [agenda, refs, linked] = await Promise.all([
		ctx.db
			.selectFrom('event_agenda_item')
			.select(['time', 'title'])
			.where('event_id', '=', event.id)
			.orderBy('position')
			.execute(),
		ctx.db
			.selectFrom('event')
			.leftJoin('municipality', 'municipality.id', 'event.municipality_id')
			.leftJoin('topic_field', 'topic_field.id', 'event.topic_field_id')
			.leftJoin('organisation', 'organisation.id', 'event.organisation_id')
			.leftJoin('working_group', 'working_group.id', 'event.working_group_id')
			.leftJoin('participation_process', 'participation_process.id', 'event.process_id')
			.select([
				'municipality.slug as municipality',
				'topic_field.key as topic_field',
				'organisation.slug as organisation',
				'working_group.slug as working_group',
				'participation_process.slug as process'
			])
			.where('event.id', '=', event.id)
			.executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('event_contribution')
			.select('contribution_id')
			.where('event_id', '=', event.id)
			.orderBy('position')
			.execute()
	]);
	return {
		title: event.title,
		values: {
			kind: event.kind,
			topicField: refs.topic_field ?? '',
			title: event.title,
			description: event.description,
			startsAt: instantToBerlin(event.starts_at),
			endsAt: instantToBerlin(event.ends_at),
			municipality: refs.municipality ?? '',
			address: event.address,
			lat: event.lat === null ? '' : String(event.lat),
			lon: event.lon === null ? '' : String(event.lon),
			onlineUrl: event.online_url ?? '',
			organisation: refs.organisation ?? '',
			workingGroup: refs.working_group ?? '',
			process: refs.process ?? '',
			capacity: event.capacity === null ? '' : String(event.capacity),
			agenda: agenda.map((a) => (a.time ? `${a.time} ${a.title}` : a.title)).join('\n'),
			minutes: event.minutes,
			linked: linked.map((l) => `${ctx.meta.origin}/beitraege/${l.contribution_id}`).join('\n')
		} as Record<string, string>,
		cancelled: event.status === 'cancelled'
	};
}

/** What the create/edit form offers: municipalities and the organiser's organisations. */
export async function eventFormOptions(ctx: EventContext) {
	const led = await groupsLedBy(ctx);
	authorise(ctx.actor, canOrganise(ctx.actor, { leadsGroup: led.length > 0 }));
	const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : '';
	const fieldKey = (id: string) => ctx.region.topicFields.find((f) => f.id === id)?.key ?? '';
	const [municipalities, organisations, allGroups, processes] = await Promise.all([
		ctx.db
			.selectFrom('municipality')
			.select(['slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('name')
			.execute(),
		ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select(['organisation.slug', 'organisation.name'])
			.where('organisation_member.region_id', '=', ctx.region.id)
			.where('organisation_member.person_id', '=', personId)
			.orderBy('organisation.name')
			.execute(),
		isModerator(ctx.actor)
			? ctx.db
					.selectFrom('working_group')
					.select(['slug', 'name', 'topic_field_id'])
					.where('region_id', '=', ctx.region.id)
					.orderBy('name')
					.execute()
			: // leads choose among the groups they lead only
				Promise.resolve(led),
		ctx.db
			.selectFrom('participation_process')
			.select(['slug', 'title as name'])
			.where('region_id', '=', ctx.region.id)
			.orderBy('title')
			.execute()
	]);
	return {
		municipalities,
		organisations,
		workingGroups: allGroups.map((g) => ({
			slug: g.slug,
			name: g.name,
			topicField: fieldKey(g.topic_field_id)
		})),
		processes,
		topicFields: ctx.region.topicFields.map((f) => ({ key: f.key, name: f.name }))
	};
}

function invalid(field: string, key: MessageKey): never {
	throw new AppError('invalid', key, { fields: { [field]: key } });
}

async function resolveRefs(ctx: EventContext, input: EventInput) {
	const topicFieldIdValue = input.topicField ? topicFieldId(ctx, input.topicField) : null;
	if (input.topicField && !topicFieldIdValue) invalid('topicField', 'form.invalid');
	const municipalityId = input.municipality
		? await findRegionItemId(ctx.db, ctx.region.id, 'municipality', input.municipality)
		: null;
	if (input.municipality && !municipalityId) invalid('municipality', 'form.invalid');
	let organisationId: string | null = null;
	if (input.organisation) {
		const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : '';
		const membership = await ctx.db
			.selectFrom('organisation_member')
			.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
			.select('organisation.id')
			.where('organisation_member.region_id', '=', ctx.region.id)
			.where('organisation_member.person_id', '=', personId)
			.where('organisation.slug', '=', input.organisation)
			.executeTakeFirst();
		if (!membership) invalid('organisation', 'event.organisation.notMember');
		organisationId = membership.id;
	}
	const [group, process] = await Promise.all([
		input.workingGroup
			? ctx.db
					.selectFrom('working_group')
					.select('id')
					.where('region_id', '=', ctx.region.id)
					.where('slug', '=', input.workingGroup)
					.executeTakeFirst()
			: undefined,
		input.process
			? ctx.db
					.selectFrom('participation_process')
					.select('id')
					.where('region_id', '=', ctx.region.id)
					.where('slug', '=', input.process)
					.executeTakeFirst()
			: undefined
	]);
	if (input.workingGroup && !group) invalid('workingGroup', 'form.invalid');
	if (input.process && !process) invalid('process', 'form.invalid');
	return {
		topic_field_id: topicFieldIdValue ?? null,
		municipality_id: municipalityId ?? null,
		organisation_id: organisationId,
		working_group_id: group?.id ?? null,
		process_id: process?.id ?? null
	};
}

function columns(input: EventInput) {
	return {
		kind: input.kind as EventKind,
		title: input.title,
		description: input.description,
		description_html: renderMarkdown(input.description),
		starts_at: input.startsAt,
		ends_at: input.endsAt,
		address: input.address,
		lat: input.lat ?? null,
		lon: input.lon ?? null,
		online_url: input.onlineUrl ?? null,
		capacity: input.capacity ?? null
	};
}

async function replaceAgenda(
	trx: Transaction<Database>,
	regionId: string,
	eventId: string,
	agenda: EventInput['agenda']
) {
	await trx.deleteFrom('event_agenda_item').where('event_id', '=', eventId).execute();
	if (agenda.length === 0) return;
	await trx
		.insertInto('event_agenda_item')
		.values(
			agenda.map((item, position) => ({
				region_id: regionId,
				event_id: eventId,
				position,
				time: item.time,
				title: item.title
			}))
		)
		.execute();
}

/** Leads organise the meetings of their own groups only: the chosen group must be one of them. */
async function requireOrganiserOf(ctx: EventContext, groupId: string | null) {
	if (isModerator(ctx.actor)) return;
	const led = await groupsLedBy(ctx);
	if (!canOrganise(ctx.actor, { leadsGroup: led.some((g) => g.id === groupId) })) {
		invalid('workingGroup', 'event.workingGroup.notLead');
	}
}

export async function createEvent(ctx: EventContext, input: EventInput): Promise<string> {
	authorise(ctx.actor, canOrganise(ctx.actor, { leadsGroup: (await groupsLedBy(ctx)).length > 0 }));
	const refs = await resolveRefs(ctx, input);
	await requireOrganiserOf(ctx, refs.working_group_id);
	const personId = isSignedIn(ctx.actor) ? ctx.actor.person.id : null;
	return ctx.db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('event')
			.values({
				region_id: ctx.region.id,
				...columns(input),
				...refs,
				organiser_id: personId,
				created_by: personId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await replaceAgenda(trx, ctx.region.id, id, input.agenda);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: 'event.created',
			targetType: 'event',
			targetId: id,
			ip: ctx.meta.ip
		});
		return id;
	});
}

export async function updateEvent(ctx: EventContext, id: string, input: EventInput) {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	const refs = await resolveRefs(ctx, input);
	// a lead may not move a meeting to a group they do not lead (nor out of their group)
	await requireOrganiserOf(ctx, refs.working_group_id);
	const minutes = input.minutes ?? event.minutes;
	const linked = input.linked ?? null;
	if (linked && linked.length > 0) {
		const found = await ctx.db
			.selectFrom('contribution')
			.select('id')
			.where('region_id', '=', ctx.region.id)
			.where('id', 'in', linked)
			.where('status', '=', 'published')
			.execute();
		if (found.length !== linked.length) invalid('linked', 'event.linked.invalid');
	}
	await ctx.db.transaction().execute(async (trx) => {
		const locked = await trx
			.selectFrom('event')
			.select(['confirmed_count'])
			.where('id', '=', event.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (input.capacity !== undefined && input.capacity < locked.confirmed_count) {
			invalid('capacity', 'event.capacity.belowConfirmed');
		}
		await trx
			.updateTable('event')
			.set({
				...columns(input),
				...refs,
				minutes,
				minutes_html: renderMarkdown(minutes),
				updated_at: sql`now()`
			})
			.where('id', '=', event.id)
			.where('region_id', '=', ctx.region.id)
			.execute();
		await replaceAgenda(trx, ctx.region.id, event.id, input.agenda);
		if (linked) {
			await trx.deleteFrom('event_contribution').where('event_id', '=', event.id).execute();
			if (linked.length > 0) {
				await trx
					.insertInto('event_contribution')
					.values(
						linked.map((contributionId, position) => ({
							region_id: ctx.region.id,
							event_id: event.id,
							contribution_id: contributionId,
							position
						}))
					)
					.execute();
			}
		}
		// more places: the first ones waiting move up
		await promote(ctx, trx, event.id);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'event.updated',
			targetType: 'event',
			targetId: event.id,
			ip: ctx.meta.ip
		});
	});
}

function when(lang: Language, date: Date) {
	return dateTimeFormat(localeOf(lang), {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(date);
}

/** What mailing needs of the context (account deletion has no full event context). */
type MailContext = {
	region: { id: string; name: string };
	smtp: boolean;
	meta: { origin: string };
};

async function mailPeople(
	ctx: MailContext,
	trx: Transaction<Database>,
	event: { id: string; title: string; starts_at: Date },
	personIds: string[],
	subject: MessageKey,
	body: MessageKey
) {
	if (personIds.length === 0) return;
	const people = await trx
		.selectFrom('person')
		.select(['email', 'display_name', 'language'])
		.where('region_id', '=', ctx.region.id)
		.where('id', 'in', personIds)
		.execute();
	for (const person of people) {
		const params = {
			name: person.display_name,
			title: event.title,
			date: when(person.language, event.starts_at),
			region: ctx.region.name,
			link: `${ctx.meta.origin}/veranstaltungen/${event.id}`
		};
		await enqueueMail(
			trx,
			{
				regionId: ctx.region.id,
				to: person.email,
				subject: t(person.language, subject, params),
				body: t(person.language, body, params)
			},
			ctx.smtp
		);
	}
}

/** Fills free places from the waiting list, in order, and tells those who moved up. */
async function promote(ctx: MailContext, trx: Transaction<Database>, eventId: string) {
	const event = await trx
		.selectFrom('event')
		.select(['id', 'title', 'starts_at', 'capacity', 'confirmed_count', 'status'])
		.select(sql<boolean>`starts_at <= now()`.as('started'))
		.where('id', '=', eventId)
		.executeTakeFirstOrThrow();
	if (event.status === 'cancelled' || event.started) return;
	const free = event.capacity === null ? 10_000 : event.capacity - event.confirmed_count;
	if (free <= 0) return;
	const moved = await trx
		.selectFrom('event_registration')
		.select('person_id')
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.orderBy('waiting_position')
		.limit(free)
		.execute();
	if (moved.length === 0) return;
	const ids = moved.map((m) => m.person_id);
	await trx
		.updateTable('event_registration')
		.set({ status: 'confirmed', waiting_position: null, confirmed_at: sql`now()` })
		.where('event_id', '=', eventId)
		.where('person_id', 'in', ids)
		.execute();
	await trx
		.updateTable('event_registration')
		.set({ waiting_position: sql`waiting_position - ${moved.length}` })
		.where('event_id', '=', eventId)
		.where('status', '=', 'waiting')
		.execute();
	await mailPeople(ctx, trx, event, ids, 'event.mail.promoted.subject', 'event.mail.promoted.body');
}

export type RegistrationResult = {
	status: 'confirmed' | 'waiting';
	waitingPosition: number | null;
};

/** Registers the person: a confirmed place while there is one, else the end of the waiting list. */
export async function register(ctx: EventContext, id: string): Promise<RegistrationResult> {
	authorise(ctx.actor, canRegister(ctx.actor));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	const personId = ctx.actor.person.id;
	const event = await loadEvent(ctx, id);
	return ctx.db.transaction().execute(async (trx) => {
		const locked = await trx
			.selectFrom('event')
			.select(['capacity', 'confirmed_count', 'status'])
			.select(sql<boolean>`starts_at <= now()`.as('started'))
			.where('id', '=', event.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		if (locked.status === 'cancelled') throw new AppError('conflict', 'event.cancelledAlready');
		if (locked.started) throw new AppError('conflict', 'event.registrationClosed');
		const existing = await trx
			.selectFrom('event_registration')
			.select(['status', 'waiting_position'])
			.where('event_id', '=', event.id)
			.where('person_id', '=', personId)
			.executeTakeFirst();
		if (existing) return { status: existing.status, waitingPosition: existing.waiting_position };
		const hasPlace = locked.capacity === null || locked.confirmed_count < locked.capacity;
		let waitingPosition: number | null = null;
		if (!hasPlace) {
			const last = await trx
				.selectFrom('event_registration')
				.select(sql<number>`coalesce(max(waiting_position), 0)::int`.as('n'))
				.where('event_id', '=', event.id)
				.executeTakeFirstOrThrow();
			waitingPosition = last.n + 1;
		}
		await trx
			.insertInto('event_registration')
			.values({
				region_id: ctx.region.id,
				event_id: event.id,
				person_id: personId,
				status: hasPlace ? 'confirmed' : 'waiting',
				waiting_position: waitingPosition,
				confirmed_at: hasPlace ? sql<Date>`now()` : null
			})
			.execute();
		return { status: hasPlace ? 'confirmed' : 'waiting', waitingPosition };
	});
}

/** Withdraws the person's registration; a freed place goes to the first person waiting. */
export async function unregister(ctx: EventContext, id: string): Promise<void> {
	authorise(ctx.actor, isSignedIn(ctx.actor));
	if (!isSignedIn(ctx.actor)) return;
	const personId = ctx.actor.person.id;
	const event = await loadEvent(ctx, id);
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.selectFrom('event')
			.select('id')
			.where('id', '=', event.id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		const removed = await trx
			.deleteFrom('event_registration')
			.where('event_id', '=', event.id)
			.where('person_id', '=', personId)
			.returning(['status'])
			.executeTakeFirst();
		// the trigger has lowered confirmed_count or closed the gap in the waiting list
		if (removed?.status === 'confirmed') await promote(ctx, trx, event.id);
	});
}

/** Cancels the event and tells everyone registered or waiting. */
export async function cancelEvent(ctx: EventContext, id: string): Promise<void> {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	await ctx.db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('event')
			.set({ status: 'cancelled', updated_at: sql`now()` })
			.where('id', '=', event.id)
			.where('region_id', '=', ctx.region.id)
			.where('status', '=', 'scheduled')
			.returning('id')
			.executeTakeFirst();
		if (!updated) throw new AppError('conflict', 'event.cancelledAlready');
		const registered = await trx
			.selectFrom('event_registration')
			.select('person_id')
			.where('event_id', '=', event.id)
			.execute();
		await mailPeople(
			ctx,
			trx,
			event,
			registered.map((r) => r.person_id),
			'event.mail.cancelled.subject',
			'event.mail.cancelled.body'
		);
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: ctx.actor.person?.id ?? null,
			action: 'event.cancelled',
			targetType: 'event',
			targetId: event.id,
			ip: ctx.meta.ip,
			details: { notified: registered.length }
		});
	});
}

/** Confirmed and waiting people, for the organisers (printable list and CSV). */
export async function listRegistrations(ctx: EventContext, id: string) {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	const rows = await ctx.db
		.selectFrom('event_registration')
		.innerJoin('person', 'person.id', 'event_registration.person_id')
		.leftJoin('municipality', 'municipality.id', 'person.municipality_id')
		.select([
			'person.display_name',
			'person.email',
			'municipality.name as municipality_name',
			'event_registration.status',
			'event_registration.waiting_position',
			'event_registration.created_at'
		])
		.where('event_registration.region_id', '=', ctx.region.id)
		.where('event_registration.event_id', '=', event.id)
		.orderBy('event_registration.status')
		.orderBy('event_registration.waiting_position')
		.orderBy('event_registration.created_at')
		.execute();
	const people = rows.map((r) => ({
		name: r.display_name,
		email: r.email,
		municipality: r.municipality_name,
		status: r.status,
		waitingPosition: r.waiting_position,
		registeredAt: r.created_at.toISOString()
	}));
	return {
		id: event.id,
		title: event.title,
		startsAt: event.starts_at.toISOString(),
		capacity: event.capacity,
		confirmed: people.filter((p) => p.status === 'confirmed'),
		waiting: people.filter((p) => p.status === 'waiting')
	};
}

export async function registrationsCsv(ctx: EventContext, id: string): Promise<string> {
	const list = await listRegistrations(ctx, id);
	const field = (v: string | number | null) => {
		const text = v === null ? '' : String(v);
		// quote, and defuse spreadsheet formulas
		const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
		return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
	};
	return (
		[
			['status', 'waiting_position', 'name', 'email', 'municipality', 'registered_at'],
			...[...list.confirmed, ...list.waiting].map((p) => [
				p.status,
				p.waitingPosition,
				p.name,
				p.email,
				p.municipality,
				p.registeredAt
			])
		]
			.map((row) => row.map(field).join(','))
			.join('\r\n') + '\r\n'
	);
}

/** The signed-in person's registrations (account page), upcoming first. */
export async function myRegistrations(ctx: EventContext) {
	if (!isSignedIn(ctx.actor)) return [];
	const rows = await ctx.db
		.selectFrom('event_registration')
		.innerJoin('event', 'event.id', 'event_registration.event_id')
		.select([
			'event.id',
			'event.title',
			'event.starts_at',
			'event.status as event_status',
			'event_registration.status',
			'event_registration.waiting_position'
		])
		.where('event_registration.region_id', '=', ctx.region.id)
		.where('event_registration.person_id', '=', ctx.actor.person.id)
		.orderBy('event.starts_at', 'desc')
		.limit(200)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		startsAt: r.starts_at.toISOString(),
		cancelled: r.event_status === 'cancelled',
		status: r.status,
		waitingPosition: r.waiting_position
	}));
}

/** Paper form: the event, and what the topic map's form offers. */
export async function getPaperForm(ctx: EventContext, id: string) {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	const municipalities = await ctx.db
		.selectFrom('municipality')
		.select(['slug', 'name'])
		.where('region_id', '=', ctx.region.id)
		.orderBy('name')
		.execute();
	const topicField = ctx.region.topicFields.find((f) => f.id === event.topic_field_id);
	return {
		id: event.id,
		title: event.title,
		defaultTopicField: topicField?.key ?? '',
		municipalities,
		topicFields: ctx.region.topicFields.map((f) => ({ key: f.key, name: f.name })),
		categories: ctx.region.categories.map((c) => ({ key: c.key, name: c.name })),
		targetGroups: ctx.region.targetGroups.map((g) => ({ key: g.key, name: g.name }))
	};
}

/** A contribution collected on paper at the event, entered by an organiser. */
export async function enterPaperContribution(
	ctx: EventContext,
	id: string,
	input: PaperInput
): Promise<string> {
	const event = await loadEvent(ctx, id);
	authorise(ctx.actor, canOrganise(ctx.actor, await scopeOf(ctx, event)));
	if (!ctx.region.topicFields.some((f) => f.key === input.topicField)) {
		invalid('topicField', 'event.paper.topicField.required');
	}
	const { topicField, onBehalfOf, ...contribution } = input;
	return createPaperContribution(
		{ db: ctx.db, region: ctx.region, actor: ctx.actor, meta: ctx.meta },
		topicField,
		contribution,
		{ eventId: event.id, onBehalfOf }
	);
}

/**
 * Withdraws the signed-in person from every event that has not started, moving up those
 * waiting (and telling them). For account deletion: call it before the person row goes, since
 * the cascade alone keeps the counts right but cannot send mail.
 */
/**
 * Account deletion: inside its transaction, gives up the person's places in events still to
 * come (event rows locked in id order, like every registration change) and moves the waiting
 * list up, with the usual mail. Afterwards the person's rows go with the cascade.
 */
export async function releasePlacesOf(
	ctx: MailContext,
	trx: Transaction<Database>,
	personId: string
): Promise<number> {
	const events = await trx
		.selectFrom('event')
		.select('id')
		.where('region_id', '=', ctx.region.id)
		.where('starts_at', '>', sql<Date>`now()`)
		.where('id', 'in', (eb) =>
			eb
				.selectFrom('event_registration')
				.select('event_id')
				.where('person_id', '=', personId)
				.where('status', '=', 'confirmed')
		)
		.orderBy('id')
		.forUpdate()
		.execute();
	for (const event of events) {
		await trx
			.deleteFrom('event_registration')
			.where('event_id', '=', event.id)
			.where('person_id', '=', personId)
			.execute();
		await promote(ctx, trx, event.id);
	}
	return events.length;
}
