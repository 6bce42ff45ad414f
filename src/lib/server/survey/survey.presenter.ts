/**
 * schema.org markup for a survey page. schema.org has no type for a survey or questionnaire:
 * `Quiz` is "a test of knowledge, skills and abilities" (it would claim the answers are marked
 * right or wrong) and `Question` is one question only. A survey is a creative work made of
 * questions, so it is a `CreativeWork` whose parts (`hasPart`) are `Question`s, each choice a
 * `suggestedAnswer` — all standard, valid types and properties.
 */
import { pick, type Language } from '../../i18n/index.ts';
import type { QuestionDef } from './survey.schema.ts';

const CHOICE_KINDS = new Set(['single', 'multiple', 'ranking']);

export function surveyJsonLd(
	survey: {
		title: string;
		intro: string;
		opensAt: string | null;
		closesAt: string | null;
		topicField: { de: string; en: string } | null;
		questions: Pick<QuestionDef, 'kind' | 'text' | 'options'>[];
	},
	pageUrl: string,
	lang: Language
): Record<string, unknown> {
	const data: Record<string, unknown> = {
		'@context': 'https://schema.org',
		'@type': 'CreativeWork',
		'@id': pageUrl,
		url: pageUrl,
		name: survey.title,
		isAccessibleForFree: true,
		hasPart: survey.questions.map((q, i) => ({
			'@type': 'Question',
			position: i + 1,
			name: q.text,
			...(CHOICE_KINDS.has(q.kind) && q.options.length > 0
				? { suggestedAnswer: q.options.map((o) => ({ '@type': 'Answer', text: o.label })) }
				: {})
		}))
	};
	if (survey.intro) data.description = survey.intro;
	if (survey.opensAt) data.datePublished = survey.opensAt;
	if (survey.closesAt) data.expires = survey.closesAt;
	if (survey.topicField) data.about = { '@type': 'Thing', name: pick(survey.topicField, lang) };
	return data;
}
