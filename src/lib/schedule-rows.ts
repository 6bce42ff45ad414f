/**
 * How many weekly rule rows a schedule form shows and reads (the place and the market forms,
 * shared by their components and their server-side readers). A form shows every row that holds
 * something plus a few empty ones, so editing a schedule never drops a rule; it never shows or
 * reads more than a schedule may have rules.
 */

/** The most weekly rules a schedule may have (scheduleSchema), and so the most rows a form reads. */
export const MAX_RULES = 20;
/** A form shows at least this many rows … */
export const MIN_RULE_ROWS = 4;
/** … and this many empty rows after the last filled one. */
export const SPARE_RULE_ROWS = 2;

/** The row of a field named `<prefix><row>_…` (h3_start → 3), or undefined. */
export function ruleRowOf(prefix: string, name: string): number | undefined {
	if (!name.startsWith(prefix)) return undefined;
	const match = /^(\d{1,6})_/.exec(name.slice(prefix.length));
	return match ? Number(match[1]) : undefined;
}

/** How many rows hold something: the number of the last row with a non-empty value, plus 1. */
export function usedRuleRows(values: Record<string, unknown>, prefix: string): number {
	let rows = 0;
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '' || value === false) continue;
		const row = ruleRowOf(prefix, name);
		if (row !== undefined && row >= rows) rows = row + 1;
	}
	return rows;
}

/** The rows a form shows: every used row and SPARE_RULE_ROWS more, at least MIN, at most MAX. */
export function ruleRowsToShow(values: Record<string, unknown>, prefix: string): number {
	return Math.min(
		MAX_RULES,
		Math.max(MIN_RULE_ROWS, usedRuleRows(values, prefix) + SPARE_RULE_ROWS)
	);
}
