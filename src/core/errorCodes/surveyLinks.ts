import type { Localized } from '../i18n.js';

/** Error codes of outside companies' upload links. */
export const surveyLinkErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
