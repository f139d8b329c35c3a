import type { Localized } from '../i18n.js';

/** Error codes of products under survey and their composition. */
export const surveyProductErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
