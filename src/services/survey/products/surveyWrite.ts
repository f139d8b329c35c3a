import type { Lang } from '../../../core/i18n.js';
import type { ServiceWrite } from '../../../platform/services/index.js';

/** What a product or settings change runs in: the acting tenant's transaction, who acts, from where, in which language. */
export interface SurveyWrite extends ServiceWrite {
  lang: Lang;
}

/** Timestamps read from either driver (Date or text) as ISO 8601 UTC. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** An ISO timestamp, or null. */
export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** A numeric column (text from the drivers), or null. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
