/**
 * Official answers: a moderator or region admin answers a contribution on behalf of the
 * administration — optionally naming an organisation of the sector `verwaltung` or `politik`
 * they belong to. One per contribution (a unique constraint; a second one edits the first),
 * Markdown rendered once with raw HTML disabled, audited. The first answer notifies the
 * followers and the author; every edit that changes the text or the organisation tells them
 * again (saving it unchanged tells nobody).
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { AppError } from '../security/app-error.ts';
import { authorise, isSignedIn, type Actor } from '../security/actor.ts';
import { audit } from '../security/audit.ts';
import { renderMarkdown } from '../participation/markdown.ts';
import { can } from './notification.policy.ts';
import type { OfficialAnswerInput } from './notification.schema.ts';
import { notifyFollowers } from './notify.ts';
import { isFollowing } from './notification.service.ts';

export interface AnswerContext {
	db: DB;
	region: { id: string };
	actor: Actor;
	meta: { ip: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ANSWERING_SECTORS = ['verwaltung', 'politik'] as const;

/** Organisations the person may answer for: administrations and political bodies they belong to. */
function answeringOrganisations(ctx: AnswerContext, personId: string) {
	return ctx.db
		.selectFrom('organisation_member')
		.innerJoin('organisation', 'organisation.id', 'organisation_member.organisation_id')
		.select(['organisation.id', 'organisation.slug', 'organisation.name'])
		.where('organisation_member.region_id', '=', ctx.region.id)
		.where('organisation_member.person_id', '=', personId)
		.where('organisation.sector', 'in', ANSWERING_SECTORS)
		.orderBy('organisation.name')
		.execute();
}

/**
 * What the contribution page shows of this capability: whether the reader follows it, the
 * official answer, and (for moderators) the form's choices.
 */
export async function getContributionExtras(ctx: AnswerContext, contributionId: string) {
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	const canAnswer = can(ctx.actor, 'answerOfficially') && isSignedIn(ctx.actor);
	const [following, answer, organisations] = await Promise.all([
		isFollowing(ctx, 'contribution', contributionId),
		ctx.db
			.selectFrom('official_answer')
			.leftJoin('organisation', 'organisation.id', 'official_answer.organisation_id')
			.select([
				'official_answer.body',
				'official_answer.body_html',
				'official_answer.created_at',
				'official_answer.updated_at',
				'organisation.name as organisation_name',
				'organisation.slug as organisation_slug'
			])
			.where('official_answer.region_id', '=', ctx.region.id)
			.where('official_answer.contribution_id', '=', contributionId)
			.executeTakeFirst(),
		canAnswer && isSignedIn(ctx.actor)
			? answeringOrganisations(ctx, ctx.actor.person.id)
			: Promise.resolve([])
	]);
	return {
		following,
		canFollow: can(ctx.actor, 'follow'),
		answer: answer
			? {
					bodyHtml: answer.body_html,
					createdAt: answer.created_at.toISOString(),
					// both are set by the same statement when the answer is first given
					updatedAt:
						answer.updated_at.getTime() !== answer.created_at.getTime()
							? answer.updated_at.toISOString()
							: null,
					organisation: answer.organisation_name
						? { name: answer.organisation_name, slug: answer.organisation_slug! }
						: null
				}
			: null,
		answerForm: canAnswer
			? {
					body: answer?.body ?? '',
					organisation: organisations.find((o) => o.slug === answer?.organisation_slug)?.slug ?? '',
					organisations: organisations.map((o) => ({ slug: o.slug, name: o.name }))
				}
			: null
	};
}

/** Gives or edits the official answer; returns whether it was the first one. */
export async function saveOfficialAnswer(
	ctx: AnswerContext,
	contributionId: string,
	input: OfficialAnswerInput
): Promise<{ created: boolean }> {
	authorise(ctx.actor, can(ctx.actor, 'answerOfficially'));
	if (!isSignedIn(ctx.actor)) throw new AppError('unauthenticated', 'auth.signInRequired');
	const personId = ctx.actor.person.id;
	if (!UUID.test(contributionId)) throw new AppError('not_found', 'error.404.title');
	let organisationId: string | null = null;
	if (input.organisation) {
		const found = (await answeringOrganisations(ctx, personId)).find(
			(o) => o.slug === input.organisation
		);
		if (!found) {
			throw new AppError('invalid', 'notification.answer.organisation.invalid', {
				fields: { organisation: 'notification.answer.organisation.invalid' }
			});
		}
		organisationId = found.id;
	}
	return ctx.db.transaction().execute(async (trx) => {
		// locked: a moderator hiding it meanwhile waits, and we see the outcome
		const contribution = await trx
			.selectFrom('contribution')
			.select(['id', 'title', 'status', 'author_id'])
			.where('region_id', '=', ctx.region.id)
			.where('id', '=', contributionId)
			.forUpdate()
			.executeTakeFirst();
		if (!contribution) throw new AppError('not_found', 'error.404.title');
		if (contribution.status !== 'published') {
			throw new AppError('conflict', 'notification.answer.hiddenContribution');
		}
		const before = await trx
			.selectFrom('official_answer')
			.select(['body', 'organisation_id'])
			.where('region_id', '=', ctx.region.id)
			.where('contribution_id', '=', contributionId)
			.executeTakeFirst();
		const saved = await trx
			.insertInto('official_answer')
			.values({
				region_id: ctx.region.id,
				contribution_id: contributionId,
				author_id: personId,
				organisation_id: organisationId,
				body: input.body,
				body_html: renderMarkdown(input.body)
			})
			.onConflict((oc) =>
				oc.column('contribution_id').doUpdateSet({
					author_id: personId,
					organisation_id: organisationId,
					body: input.body,
					body_html: renderMarkdown(input.body),
					updated_at: sql<Date>`now()`
				})
			)
			// xmax is 0 for a freshly inserted row
			.returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
			.executeTakeFirstOrThrow();
		await audit(trx, {
			regionId: ctx.region.id,
			actorId: personId,
			action: saved.created ? 'official_answer.given' : 'official_answer.updated',
			targetType: 'contribution',
			targetId: contributionId,
			ip: ctx.meta.ip,
			details: { organisation: input.organisation ?? null }
		});
		const changed =
			!before || before.body !== input.body || before.organisation_id !== organisationId;
		if (saved.created || changed) {
			await notifyFollowers(trx, {
				regionId: ctx.region.id,
				targetType: 'contribution',
				targetId: contributionId,
				kind: saved.created ? 'official_answer' : 'official_answer_updated',
				title: contribution.title,
				url: `/beitraege/${contributionId}#offizielle-antwort`,
				actorId: personId,
				alsoNotify: contribution.author_id ? [contribution.author_id] : []
			});
		}
		return { created: saved.created };
	});
}
