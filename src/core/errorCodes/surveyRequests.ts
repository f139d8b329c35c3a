import type { Localized } from '../i18n.js';

/** Error codes of requests, responses and their review. */
export const surveyRequestErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
