import type { Localized } from '../i18n.js';

/** Error codes of substance lists, list versions and the compliance check. */
export const surveyListErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
