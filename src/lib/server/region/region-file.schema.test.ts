import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { formatIssues, regionFileSchema } from './region-file.schema.ts';
import { checkSvg, readRegionFile, RegionFileError, slugify } from './region-import.service.ts';

const demo = () => parse(readFileSync('regions/bergstrasse-odenwald.yaml', 'utf8'));

function problems(file: unknown): string[] {
	const result = regionFileSchema.safeParse(file);
	return result.success ? [] : formatIssues(result.error);
}

describe('region files', () => {
	test.each(['regions/bergstrasse-odenwald.yaml', 'regions/marburg-biedenkopf.yaml'])(
		'%s is valid, with its logo',
		async (file) => {
			const parsed = await readRegionFile(file);
			expect(parsed.region.topicFields.length).toBeGreaterThanOrEqual(4);
			expect(parsed.region.contributionCategories).toHaveLength(5);
			expect(parsed.region.targetGroups.map((g) => g.key)).toEqual([
				'konsumenten',
				'jugend',
				'familien',
				'senioren'
			]);
		}
	);

	test('the demo region has the 34 municipalities and the four topic fields of the slides', () => {
		const region = regionFileSchema.parse(demo());
		expect(region.municipalities).toHaveLength(34);
		expect(region.topicFields.map((f) => f.name.de)).toEqual([
			'Regionale Produkte und Lieferketten',
			'Wohnen, Arbeiten und Coworking',
			'Gesundheitsvorsorge und Pflege',
			'Erholung, Freizeit und Tourismus'
		]);
		for (const field of region.topicFields) expect(field.useCases).toHaveLength(4);
	});

	test('errors name the path of each bad field', () => {
		const file = demo();
		file.topicFields[1].colour = '#ffff00';
		delete file.targetGroups[0].name.en;
		file.hosts.push('Bad Host:80');
		expect(problems(file)).toEqual([
			expect.stringMatching(/^hosts\.\d+: a host name/),
			expect.stringMatching(/^topicFields\.1\.colour: .*contrast/),
			expect.stringMatching(/^targetGroups\.0\.name\.en: /)
		]);
	});

	test('references and duplicates across the file are checked too', () => {
		const file = demo();
		file.municipalities[3].district = 'nowhere';
		file.topicFields[2].key = file.topicFields[0].key;
		expect(problems(file)).toEqual([
			expect.stringMatching(/^topicFields\.2: duplicate topic field key "regionale-produkte"/),
			expect.stringMatching(/^municipalities\.3\.district: unknown district "nowhere"/)
		]);
	});

	test('unknown fields are refused, so typos do not pass silently', () => {
		const file = demo();
		file.topicFeilds = [];
		expect(problems(file)).toEqual([expect.stringMatching(/topicFeilds/)]);
	});

	test('JSON works as well as YAML', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'region-json-'));
		writeFileSync(
			join(dir, 'region.json'),
			JSON.stringify({ ...demo(), look: { ...demo().look, logo: 'logo.svg' } })
		);
		copyFileSync('regions/bergstrasse-odenwald.logo.svg', join(dir, 'logo.svg'));
		const parsed = await readRegionFile(join(dir, 'region.json'));
		expect(parsed.region.slug).toBe('bergstrasse-odenwald');
		rmSync(dir, { recursive: true });
	});

	test('a file that cannot be read or parsed gives a clear error', async () => {
		await expect(readRegionFile('regions/missing.yaml')).rejects.toThrow(RegionFileError);
		await expect(readRegionFile('package.json')).rejects.toThrow(/slug: /);
	});
});

describe('logos', () => {
	test('plain SVG passes; scripts, handlers and remote references do not', () => {
		expect(checkSvg('<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>')).toBeNull();
		expect(checkSvg('<svg><script>alert(1)</script></svg>')).toMatch(/scripts/);
		expect(checkSvg('<svg onload="x()"></svg>')).toMatch(/scripts/);
		expect(checkSvg('<svg><image href="https://evil.example/x.png"/></svg>')).toMatch(/references/);
		expect(checkSvg('<html></html>')).toMatch(/not an SVG/);
	});
});

test('slugs of German place names', () => {
	expect(slugify('Höchst i. Odw.')).toBe('hoechst-i-odw');
	expect(slugify('Lautertal (Odenwald)')).toBe('lautertal-odenwald');
	expect(slugify('Bürstadt')).toBe('buerstadt');
	expect(slugify('Groß-Rohrheim')).toBe('gross-rohrheim');
});
