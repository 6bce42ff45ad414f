import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
	csvField,
	csvLine,
	isCalendarDay,
	isPermutation,
	questionSchema,
	surveySchema,
	validateAnswers,
	type QuestionDef
} from './survey.schema.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const base = {
	required: false,
	scaleMin: null,
	scaleMax: null,
	labelMin: '',
	labelMax: '',
	condition: null,
	options: [],
	rows: [],
	columns: []
};
const questions: QuestionDef[] = [
	{
		...base,
		id: id(1),
		position: 0,
		kind: 'single',
		text: 'Markt?',
		required: true,
		options: [
			{ id: id(11), label: 'Ja' },
			{ id: id(12), label: 'Nein' }
		]
	},
	{
		...base,
		id: id(2),
		position: 1,
		kind: 'text',
		text: 'Warum?',
		required: true,
		condition: { questionId: id(1), optionId: id(11) }
	},
	{ ...base, id: id(3), position: 2, kind: 'scale', text: 'Wie sehr?', scaleMin: 0, scaleMax: 10 },
	{
		...base,
		id: id(4),
		position: 3,
		kind: 'ranking',
		text: 'Rang',
		options: [
			{ id: id(41), label: 'A' },
			{ id: id(42), label: 'B' },
			{ id: id(43), label: 'C' }
		]
	},
	{
		...base,
		id: id(5),
		position: 4,
		kind: 'matrix',
		text: 'Matrix',
		required: true,
		rows: [
			{ id: id(51), label: 'r1' },
			{ id: id(52), label: 'r2' }
		],
		columns: [
			{ id: id(53), label: 'c1' },
			{ id: id(54), label: 'c2' }
		]
	},
	{
		...base,
		id: id(6),
		position: 5,
		kind: 'multiple',
		text: 'Mehrere',
		options: [
			{ id: id(61), label: 'x' },
			{ id: id(62), label: 'y' }
		]
	}
];
const raw = (entries: [string, string[]][]) => new Map(entries);
const matrixOk: [string, string[]][] = [
	[`q-${id(5)}-${id(51)}`, ['0']],
	[`q-${id(5)}-${id(52)}`, ['1']]
];

describe('answer validation', () => {
	test('a complete response gives one row per choice, value and rank', () => {
		const result = validateAnswers(
			questions,
			raw([
				[`q-${id(1)}`, [id(11)]],
				[`q-${id(2)}`, ['  weil es frisch ist  ']],
				[`q-${id(3)}`, ['0']],
				[`q-${id(4)}-${id(41)}`, ['3']],
				[`q-${id(4)}-${id(42)}`, ['1']],
				[`q-${id(4)}-${id(43)}`, ['2']],
				...matrixOk,
				[`q-${id(6)}`, [id(61), id(62)]]
			])
		);
		expect(result).toEqual({
			ok: true,
			answers: [
				{ questionId: id(1), optionId: id(11), value: null, text: null },
				{ questionId: id(2), optionId: null, value: null, text: 'weil es frisch ist' },
				{ questionId: id(3), optionId: null, value: 0, text: null },
				{ questionId: id(4), optionId: id(41), value: 3, text: null },
				{ questionId: id(4), optionId: id(42), value: 1, text: null },
				{ questionId: id(4), optionId: id(43), value: 2, text: null },
				{ questionId: id(5), optionId: id(51), value: 0, text: null },
				{ questionId: id(5), optionId: id(52), value: 1, text: null },
				{ questionId: id(6), optionId: id(61), value: null, text: null },
				{ questionId: id(6), optionId: id(62), value: null, text: null }
			]
		});
	});

	test('a hidden question is neither required nor kept', () => {
		const result = validateAnswers(
			questions,
			raw([[`q-${id(1)}`, [id(12)]], [`q-${id(2)}`, ['sent anyway']], ...matrixOk])
		);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.answers.map((a) => a.questionId)).toEqual([id(1), id(5), id(5)]);
	});

	test('each problem gets its own message', () => {
		const result = validateAnswers(
			questions,
			raw([
				[`q-${id(1)}`, [id(11)]],
				[`q-${id(3)}`, ['11']],
				[`q-${id(4)}-${id(41)}`, ['1']],
				[`q-${id(4)}-${id(42)}`, ['1']],
				[`q-${id(4)}-${id(43)}`, ['2']],
				[`q-${id(5)}-${id(51)}`, ['0']],
				[`q-${id(6)}`, [id(61), id(11)]]
			])
		);
		expect(result).toEqual({
			ok: false,
			errors: {
				[id(2)]: 'survey.answer.required',
				[id(3)]: 'survey.answer.scale',
				[id(4)]: 'survey.answer.ranking',
				[id(5)]: 'survey.answer.matrix',
				[id(6)]: 'survey.answer.invalidChoice'
			}
		});
	});

	test('an option of another question is not a choice', () => {
		const result = validateAnswers(questions, raw([[`q-${id(1)}`, [id(41)]], ...matrixOk]));
		expect(result).toEqual({ ok: false, errors: { [id(1)]: 'survey.answer.invalidChoice' } });
	});
});

describe('ranking permutation', () => {
	test('every order of 1..n is one, anything else is not', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 8 }).chain((n) =>
					fc.tuple(
						fc.constant(n),
						fc.shuffledSubarray(
							[...Array(n).keys()].map((i) => String(i + 1)),
							{ minLength: n, maxLength: n }
						)
					)
				),
				([n, ranks]) => isPermutation(ranks, n)
			)
		);
		expect(isPermutation(['1', '1', '2'], 3)).toBe(false);
		expect(isPermutation(['1', '2'], 3)).toBe(false);
		expect(isPermutation(['0', '1', '2'], 3)).toBe(false);
		expect(isPermutation(['1', '2', '4'], 3)).toBe(false);
		expect(isPermutation(['1', '2', 'x'], 3)).toBe(false);
		expect(isPermutation(['1.0', '2', '3'], 3)).toBe(false);
	});
});

describe('CSV', () => {
	test('quotes commas, quotes and line breaks; neutralises formulas', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
		expect(csvField(-3)).toBe('-3');
		expect(csvField(null)).toBe('');
		expect(csvLine(['Käse', 1, null])).toBe('Käse,1,\r\n');
	});

	test('any text survives a round trip through a CSV parser', () => {
		const parse = (line: string) => {
			const fields: string[] = [];
			let i = 0;
			while (i <= line.length) {
				if (line[i] === '"') {
					let value = '';
					i++;
					while (i < line.length) {
						if (line[i] === '"' && line[i + 1] === '"') {
							value += '"';
							i += 2;
						} else if (line[i] === '"') {
							i++;
							break;
						} else value += line[i++];
					}
					fields.push(value);
					i++;
				} else {
					const end = line.indexOf(',', i);
					fields.push(line.slice(i, end < 0 ? line.length : end));
					i = end < 0 ? line.length + 1 : end + 1;
				}
			}
			return fields;
		};
		fc.assert(
			fc.property(
				fc.array(
					fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)),
					{ minLength: 1, maxLength: 5 }
				),
				(values) => {
					const line = csvLine(values);
					expect(parse(line.slice(0, -2))).toEqual(values);
				}
			)
		);
	});
});

describe('builder forms', () => {
	test('options are lines; a scale needs a sensible range; a published survey needs an end', () => {
		const q = questionSchema.parse({ kind: 'ranking', text: 'Rang', options: 'A\n\n B \nC' });
		expect(q.options).toEqual(['A', 'B', 'C']);
		expect(questionSchema.safeParse({ kind: 'single', text: 'x', options: 'A\nA' }).success).toBe(
			false
		);
		const scale = questionSchema.safeParse({
			kind: 'scale',
			text: 'x',
			scaleMin: '1',
			scaleMax: '1'
		});
		expect(scale.success).toBe(false);
		if (!scale.success) expect(scale.error.issues[0]!.message).toBe('survey.scale.invalid');
		const open = surveySchema.safeParse({
			title: 'Umfrage',
			intro: '',
			mode: 'anonymous',
			opensOn: '2026-01-01',
			closesOn: ''
		});
		expect(open.success).toBe(false);
		const draft = surveySchema.parse({
			title: 'Umfrage',
			intro: '',
			mode: 'linked',
			opensOn: '',
			closesOn: ''
		});
		expect(draft.opensOn).toBeNull();
		expect(isCalendarDay('2026-02-28')).toBe(true);
		expect(isCalendarDay('2026-02-31')).toBe(false);
		expect(isCalendarDay('0000-01-01')).toBe(false);
		expect(isCalendarDay('2026-1-01')).toBe(false);
	});
});
