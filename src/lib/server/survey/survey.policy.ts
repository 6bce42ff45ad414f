/** Who may do what with surveys, in one place. */
import { isModerator, isVerified, type Actor } from '../security/actor.ts';

export type SurveyStatus = 'draft' | 'upcoming' | 'open' | 'closed';

/** Moderators build surveys and see drafts. */
export const canManageSurveys = (actor: Actor) => isModerator(actor);
export const canSeeSurvey = (actor: Actor, survey: { status: SurveyStatus }) =>
	survey.status !== 'draft' || isModerator(actor);
/** Linked surveys: one verified person, one response. Anonymous ones: anybody (limited). */
export const canRespond = (actor: Actor, survey: { status: SurveyStatus; linked: boolean }) =>
	survey.status === 'open' && (!survey.linked || isVerified(actor));
/** Results: after the end to everybody; while open only if the survey says so, or to moderators. */
export const canSeeResults = (
	actor: Actor,
	survey: { status: SurveyStatus; showLiveResults: boolean }
) =>
	survey.status === 'closed' ||
	(survey.status === 'open' && survey.showLiveResults) ||
	isModerator(actor);
/** Free-text answers may name people or say anything: moderators only; the public sees counts. */
export const canReadFreeText = (actor: Actor) => isModerator(actor);
