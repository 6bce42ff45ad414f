import { defineParams } from '@sveltejs/kit/params';

export const LEGAL_PAGES = {
	impressum: 'imprint',
	datenschutz: 'privacy',
	barrierefreiheit: 'accessibility'
} as const;

export type LegalPath = keyof typeof LEGAL_PAGES;

export const params = defineParams({
	legal: (param: string) => (param in LEGAL_PAGES ? (param as LegalPath) : undefined)
});
