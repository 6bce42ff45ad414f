/**
 * The value network (Wertschöpfungsnetzwerk) of a topic field: the organisations in its use
 * cases, the use cases, and their working groups, with the layout for the SVG and a list for
 * reading. Only public information: organisations by name; people only as a count.
 */
import { pick, type Language } from '../../i18n/index.ts';
import { AppError } from '../security/app-error.ts';
import type { UseCaseContext } from './use-case.service.ts';
import { layoutNetwork } from './network-layout.ts';

export async function valueNetwork(ctx: UseCaseContext, fieldKey: string, lang: Language) {
	const field = ctx.region.topicFields.find((f) => f.key === fieldKey);
	if (!field) throw new AppError('not_found', 'error.404.title');
	const [useCases, actors, groups] = await Promise.all([
		ctx.db
			.selectFrom('use_case')
			.select(['id', 'title', 'status', 'working_group_id'])
			.where('region_id', '=', ctx.region.id)
			.where('topic_field_id', '=', field.id)
			.orderBy('position')
			.orderBy('id')
			.limit(200)
			.execute(),
		ctx.db
			.selectFrom('use_case_actor as a')
			.innerJoin('use_case as u', 'u.id', 'a.use_case_id')
			.leftJoin('organisation as o', 'o.id', 'a.organisation_id')
			.select([
				'a.use_case_id',
				'a.role',
				'a.person_id',
				'o.id as organisation_id',
				'o.name',
				'o.slug'
			])
			.where('a.region_id', '=', ctx.region.id)
			.where('u.topic_field_id', '=', field.id)
			.execute(),
		ctx.db
			.selectFrom('working_group')
			.select(['id', 'slug', 'name'])
			.where('region_id', '=', ctx.region.id)
			.where('topic_field_id', '=', field.id)
			.orderBy('name')
			.execute()
	]);
	const CITIZENS = 'citizens';
	const organisations = new Map<string, { id: string; slug: string; name: string }>();
	for (const a of actors) {
		if (a.organisation_id) {
			organisations.set(a.organisation_id, { id: a.organisation_id, slug: a.slug!, name: a.name! });
		}
	}
	const people = new Set(actors.filter((a) => a.person_id).map((a) => a.person_id!));
	const links = actors.map((a) => ({
		actor: a.organisation_id ?? CITIZENS,
		useCase: a.use_case_id,
		role: a.role
	}));
	const citizensLabel =
		lang === 'de' ? `${people.size} Bürgerinnen und Bürger` : `${people.size} citizens`;
	const actorNodes = [
		...[...organisations.values()].map((o) => ({ id: o.id, label: o.name })),
		...(people.size ? [{ id: CITIZENS, label: citizensLabel }] : [])
	];
	const layout = layoutNetwork({
		useCases: useCases.map((u) => ({ id: u.id, label: pick(u.title, lang) })),
		actors: actorNodes,
		groups: groups.map((g) => ({ id: g.id, label: g.name })),
		// one edge per actor and use case, whatever their roles
		actorLinks: [...new Map(links.map((l) => [`${l.actor}|${l.useCase}`, l])).values()],
		groupLinks: useCases
			.filter((u) => u.working_group_id)
			.map((u) => ({ useCase: u.id, group: u.working_group_id! }))
	});
	const titleOf = new Map(useCases.map((u) => [u.id, pick(u.title, lang)]));
	const actorOrder = layout.nodes.filter((n) => n.kind === 'actor').map((n) => n.id);
	return {
		field: { key: field.key, name: field.name },
		layout,
		citizens: people.size,
		/** for the list beside the picture: each actor with its use cases and roles */
		actors: actorOrder.map((id) => {
			const organisation = organisations.get(id);
			return {
				id,
				name: organisation?.name ?? citizensLabel,
				slug: organisation?.slug ?? null,
				useCases: links
					.filter((l) => l.actor === id)
					.map((l) => ({ id: l.useCase, title: titleOf.get(l.useCase) ?? '', role: l.role }))
			};
		}),
		useCases: useCases.map((u) => ({ id: u.id, title: pick(u.title, lang), status: u.status })),
		groups: groups.map((g) => ({
			slug: g.slug,
			name: g.name,
			useCases: useCases
				.filter((u) => u.working_group_id === g.id)
				.map((u) => ({ id: u.id, title: pick(u.title, lang) }))
		}))
	};
}
