import type { Localized } from '../i18n.js';

/** Error codes of chemSHERPA / IEC 62474, IPC-1752A and spreadsheet files. */
export const surveyFileErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
