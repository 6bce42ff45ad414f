import { describe, expect, test } from 'vitest';
import { t } from './i18n/index.ts';
import { MAX_RULES, ruleRowOf, ruleRowsToShow, usedRuleRows } from './schedule-rows.ts';

describe('rule rows of a schedule form', () => {
	test('a field belongs to the row its name starts with', () => {
		expect(ruleRowOf('h', 'h0_start')).toBe(0);
		expect(ruleRowOf('h', 'h12_w-1')).toBe(12);
		expect(ruleRowOf('r', 'r3_d1')).toBe(3);
		expect(ruleRowOf('h', 'holidays')).toBeUndefined();
		expect(ruleRowOf('h', 'r3_d1')).toBeUndefined();
		expect(ruleRowOf('r', 'name')).toBeUndefined();
	});

	test('used rows: up to the last row with a value, empty values do not count', () => {
		expect(usedRuleRows({}, 'h')).toBe(0);
		expect(usedRuleRows({ h0_start: '08:00', holidays: 'on' }, 'h')).toBe(1);
		expect(usedRuleRows({ h5_1: 'on', h7_start: '' }, 'h')).toBe(6);
		expect(usedRuleRows({ r2_d1: 'on' }, 'h')).toBe(0);
	});

	test('shown rows: every used row and two empty ones, at least four, at most MAX_RULES', () => {
		expect(ruleRowsToShow({}, 'r')).toBe(4);
		expect(ruleRowsToShow({ r1_d1: 'on' }, 'r')).toBe(4);
		expect(ruleRowsToShow({ r5_d1: 'on' }, 'r')).toBe(8);
		expect(ruleRowsToShow({ r18_d1: 'on' }, 'r')).toBe(MAX_RULES);
		expect(ruleRowsToShow({ r40_d1: 'on' }, 'r')).toBe(MAX_RULES);
	});

	test('the message for too many rows names the limit, in both languages', () => {
		expect(t('de', 'schedule.rules.tooMany')).toContain(String(MAX_RULES));
		expect(t('en', 'schedule.rules.tooMany')).toContain(String(MAX_RULES));
		expect(t('de', 'place.field.hoursHint')).toContain(String(MAX_RULES));
		expect(t('en', 'market.field.rulesHint')).toContain(String(MAX_RULES));
	});
});
