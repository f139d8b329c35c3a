import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';

export interface Tenant {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended' | 'ended';
}

/**
 * Company codes are typed by people: full-width letters and digits, lower case and
 * stray spaces are folded (NFKC, upper case, trim) before lookup and storage.
 */
export function normalizeCompanyCode(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/** E-mail addresses compare by NFKC-folded, lower-cased form. */
export function normalizeEmail(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

export async function findTenantByCode(tx: Tx, code: string): Promise<Tenant | undefined> {
  const { rows } = await tx.query<Tenant>(
    'SELECT id, code, name, status FROM ops.tenants WHERE code = $1',
    [normalizeCompanyCode(code)],
  );
  return rows[0];
}

export async function findTenantById(tx: Tx, id: string): Promise<Tenant | undefined> {
  const { rows } = await tx.query<Tenant>('SELECT id, code, name, status FROM ops.tenants WHERE id = $1', [id]);
  return rows[0];
}

/** The calendar date in Japan (contracts run by JST dates). */
export function jstDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * SQL condition: the `ops.contracts` row aliased `c` is in force on the JST date in the
 * placeholder `date` (e.g. `$2`, a `YYYY-MM-DD` from `jstDate`): started, and not ended before it.
 */
export function contractInForce(c: string, date: string): string {
  return `${c}.starts_on <= ${date}::date AND (${c}.ends_on IS NULL OR ${c}.ends_on >= ${date}::date)`;
}

/** Services the tenant has a contract for on the given instant (JST date). */
export async function contractedServices(tx: Tx, tenantId: string, at: Date): Promise<ServiceId[]> {
  const { rows } = await tx.query<{ service: ServiceId }>(
    `SELECT DISTINCT c.service FROM ops.contracts c
      WHERE c.customer_id = $1 AND ${contractInForce('c', '$2')}
      ORDER BY c.service`,
    [tenantId, jstDate(at)],
  );
  return rows.map((r) => r.service);
}
export * from './members.js';
export * from './settings.js';
