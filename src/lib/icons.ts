/**
 * The icons a region file may name for its topic fields, drawn for a 24×24 view box with
 * strokes only (they inherit `currentColor`, so they follow the theme and high-contrast modes).
 */
export const ICONS = {
	basket: 'M3 10h18l-2 10H5L3 10Zm4 0 4-6m6 6-4-6M9 14v3m3-3v3m3-3v3',
	house: 'M3 11 12 4l9 7M5 10v10h5v-6h4v6h5V10',
	heart:
		'M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10Zm-3-9h2V9h2v2h2v2h-2v2h-2v-2H9v-2Z',
	mountain: 'M2 20 9 8l4 6 2-3 7 9H2Zm7-12 2 3',
	bus: 'M6 4h12a2 2 0 0 1 2 2v11H4V6a2 2 0 0 1 2-2Zm-2 8h16M7 17v3m10-3v3M7 14.5h.01M17 14.5h.01',
	people:
		'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-6 9a6 6 0 0 1 12 0M16 11a3 3 0 1 0 0-6m2 15a6 6 0 0 0-3-5.2',
	leaf: 'M5 19c0-8 5-14 15-14 0 10-6 15-14 15m0-1 7-7',
	tools: 'M14 6a4 4 0 0 0 5 5l-8 8a2 2 0 0 1-3-3l8-8a4 4 0 0 1-2-2Zm-9-2 4 4-1 1-4-4',
	calendar: 'M4 6h16v14H4V6Zm0 4h16M8 3v5m8-5v5',
	search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13Zm4.7-1.8L20 20'
} as const;

export type IconName = keyof typeof ICONS;
export const ICON_NAMES = Object.keys(ICONS) as [IconName, ...IconName[]];
