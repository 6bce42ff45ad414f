import { describe, expect, test } from 'vitest';
import { surveyJsonLd } from './survey.presenter.ts';

const survey = {
	title: 'Wochenmärkte </script> in der Region',
	intro: 'Ihre Meinung zählt.',
	opensAt: '2027-03-01T00:00:00.000Z',
	closesAt: '2027-03-31T22:00:00.000Z',
	topicField: { de: 'Regionale Produkte', en: 'Regional products' },
	questions: [
		{
			kind: 'single' as const,
			text: 'Kaufen Sie dort?',
			options: [
				{ id: 'a', label: 'Ja' },
				{ id: 'b', label: 'Nein' }
			]
		},
		{ kind: 'text' as const, text: 'Was fehlt?', options: [] }
	]
};

describe('surveyJsonLd', () => {
	test('a CreativeWork made of Questions, with the choices as suggested answers', () => {
		const data = JSON.parse(
			JSON.stringify(surveyJsonLd(survey, 'https://example.org/umfragen/1', 'en'))
		);
		expect(data['@context']).toBe('https://schema.org');
		expect(data['@type']).toBe('CreativeWork');
		expect(data).toMatchObject({
			'@id': 'https://example.org/umfragen/1',
			name: survey.title,
			description: 'Ihre Meinung zählt.',
			datePublished: survey.opensAt,
			expires: survey.closesAt,
			about: { '@type': 'Thing', name: 'Regional products' }
		});
		expect(data.hasPart).toEqual([
			{
				'@type': 'Question',
				position: 1,
				name: 'Kaufen Sie dort?',
				suggestedAnswer: [
					{ '@type': 'Answer', text: 'Ja' },
					{ '@type': 'Answer', text: 'Nein' }
				]
			},
			{ '@type': 'Question', position: 2, name: 'Was fehlt?' }
		]);
	});

	test('leaves out what the survey does not have', () => {
		const data = surveyJsonLd(
			{ ...survey, intro: '', opensAt: null, closesAt: null, topicField: null, questions: [] },
			'https://example.org/umfragen/2',
			'de'
		);
		for (const key of ['description', 'datePublished', 'expires', 'about']) {
			expect(data).not.toHaveProperty(key);
		}
		expect(data.hasPart).toEqual([]);
	});
});
