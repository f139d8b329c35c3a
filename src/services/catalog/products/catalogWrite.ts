import { AppError } from '../../../core/errors.js';
import { auditUserChange, type ServiceWrite } from '../../../platform/services/index.js';

/** What a catalog write runs in: the acting tenant's transaction, who acts, and from where. */
export type CatalogWrite = ServiceWrite;

/** Records the change's audit event in the acting tenant's log, in the write's transaction. */
export const auditCatalog = auditUserChange;

/** Unknown ids, other tenants' rows and rows the reader may not see all answer the same 404. */
export function notFound(): AppError {
  return new AppError('not_found');
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
