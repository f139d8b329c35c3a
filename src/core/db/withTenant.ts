import type { Database, Tx } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens the request's one transaction as the application role with the tenant set for
 * that transaction only (`set_config(..., true)`), so row-level security admits that
 * tenant's rows and nothing else. No tenant query runs outside it.
 */
export function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) {
    return Promise.reject(new Error(`withTenant: "${tenantId}" is not a tenant id (uuid); resolve the tenant first`));
  }
  return db.transaction(fn, { tenantId });
}

/**
 * A transaction as the application role with no tenant set: tenant tables show nothing.
 * For provider-side work (ops schema) and platform lookups that precede a tenant.
 */
export function withoutTenant<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
