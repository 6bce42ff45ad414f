/**
 * The schema of a region file (`regions/*.yaml` or `.json`). A region is configuration, not
 * code: everything that differs between the open-government lab regions lives in one such file,
 * is validated here and imported by `importRegionFile` in one transaction.
 */
import { z } from 'zod';
import { ICON_NAMES } from '../../icons.ts';
import { contrastRatio } from '../../colour.ts';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const key = z
	.string()
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens (a-z, 0-9, -)')
	.max(60);

/** A text in both languages; German is required first, English too (every page speaks both). */
const localised = (max = 500) =>
	z.strictObject({
		de: z.string().trim().min(1).max(max),
		en: z.string().trim().min(1).max(max)
	});

/** White text must be readable on the colour (WCAG 2.1 AA for normal text: 4.5:1). */
const colour = z
	.string()
	.regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f5f8b')
	.refine((value) => contrastRatio(value, '#ffffff') >= 4.5, {
		message: 'white text on this colour is below contrast 4.5:1 (WCAG AA); choose a darker colour'
	});

const hostName = z
	.string()
	.toLowerCase()
	.regex(/^[a-z0-9.-]+$/, 'a host name without scheme or port, e.g. heimatleben.example.de');

const useCase = z.strictObject({
	key,
	title: localised(120),
	summary: localised(600)
});

const topicField = z.strictObject({
	key,
	icon: z.enum(ICON_NAMES),
	colour,
	name: localised(80),
	summary: localised(300),
	goal: localised(1200).optional(),
	useCases: z.array(useCase).max(50).default([])
});

const namedItem = z.strictObject({
	key,
	name: localised(80),
	description: localised(400)
});

const district = z.strictObject({
	key,
	name: z.string().trim().min(1).max(120),
	seat: z.string().trim().min(1).max(120).optional()
});

const municipality = z.strictObject({
	name: z.string().trim().min(1).max(120),
	district: key,
	lat: z.number().min(-90).max(90),
	lon: z.number().min(-180).max(180),
	uncertain: z.boolean().optional()
});

/**
 * A label products may carry: a regional brand ("Echt Odenwald") or a certification (organic).
 * The rules of a brand belong in its description, in both languages.
 */
const label = z.strictObject({
	key,
	kind: z.enum(['brand', 'organic', 'other']),
	name: z.string().trim().min(2).max(120),
	area: z.string().trim().max(200).optional(),
	description: localised(2000)
});

/** Legal texts are plain text: paragraphs separated by blank lines, `## ` starts a heading. */
const legalText = localised(20_000);

export const regionFileSchema = z
	.strictObject({
		slug: key,
		name: z.string().trim().min(1).max(120),
		state: z.string().trim().min(1).max(80).optional(),
		/** A demo region gets made-up people, contributions, surveys … on its first start. */
		demo: z.boolean().optional(),
		hosts: z.array(hostName).min(1).max(20),
		defaultLanguage: z.enum(LANGUAGES),
		tagline: localised(200),
		intro: localised(2000),
		look: z.strictObject({
			primaryColour: colour,
			accentColour: colour,
			logo: z
				.string()
				.regex(/^[\w./-]+\.svg$/, 'a path to an SVG file, relative to the region file'),
			logoAlt: localised(120)
		}),
		districts: z.array(district).min(1).max(50),
		municipalities: z.array(municipality).min(1).max(2000),
		topicFields: z.array(topicField).min(1).max(12),
		contributionCategories: z.array(namedItem).min(1).max(12),
		targetGroups: z.array(namedItem).min(1).max(12),
		/** Optional: without it, the labels already in the database stay as they are. */
		labels: z.array(label).max(50).optional(),
		legal: z.strictObject({
			imprint: legalText,
			privacy: legalText,
			accessibility: legalText
		})
	})
	.superRefine((region, ctx) => {
		const unique = (items: string[], path: (string | number)[], what: string) => {
			const seen = new Map<string, number>();
			items.forEach((item, index) => {
				const first = seen.get(item);
				if (first !== undefined) {
					ctx.addIssue({
						code: 'custom',
						path: [...path, index],
						message: `duplicate ${what} "${item}" (first at index ${first})`
					});
				} else seen.set(item, index);
			});
		};
		unique(region.hosts, ['hosts'], 'host');
		unique(
			region.districts.map((d) => d.key),
			['districts'],
			'district key'
		);
		unique(
			region.municipalities.map((m) => m.name),
			['municipalities'],
			'municipality'
		);
		unique(
			region.topicFields.map((t) => t.key),
			['topicFields'],
			'topic field key'
		);
		unique(
			region.contributionCategories.map((c) => c.key),
			['contributionCategories'],
			'category key'
		);
		unique(
			region.targetGroups.map((g) => g.key),
			['targetGroups'],
			'target group key'
		);
		unique(
			(region.labels ?? []).map((l) => l.key),
			['labels'],
			'label key'
		);
		region.topicFields.forEach((field, index) =>
			unique(
				field.useCases.map((u) => u.key),
				['topicFields', index, 'useCases'],
				'use case key'
			)
		);
		const districtKeys = new Set(region.districts.map((d) => d.key));
		region.municipalities.forEach((m, index) => {
			if (!districtKeys.has(m.district)) {
				ctx.addIssue({
					code: 'custom',
					path: ['municipalities', index, 'district'],
					message: `unknown district "${m.district}"; known: ${[...districtKeys].join(', ')}`
				});
			}
		});
	});

export type RegionFile = z.infer<typeof regionFileSchema>;
export type Localised = { de: string; en: string };

/** One line per problem, each with the path of the bad field, e.g. `topicFields.2.colour: …`. */
export function formatIssues(error: z.ZodError): string[] {
	return error.issues.map((issue) => {
		const path = issue.path.length ? issue.path.join('.') : '(file)';
		return `${path}: ${issue.message}`;
	});
}
