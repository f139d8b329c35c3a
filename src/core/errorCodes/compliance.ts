import type { Localized } from '../i18n.js';

/** Error codes of the compliance report and the customer security pages. */
export const complianceErrors = {
} as const satisfies Record<string, Localized & { status: number }>;
