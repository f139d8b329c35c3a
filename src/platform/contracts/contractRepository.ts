import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';
import type { CatalogSubscription } from './schemas.js';

/** A tenant's provider record as the contract commands change it. */
export interface TenantRecord {
  id: string;
  code: string;
  name: string;
  representativeEmail: string;
  contactEmail: string;
  status: 'active' | 'suspended' | 'ended' | 'purged';
  suspendedAt: Date | null;
  suspensionReason: string | null;
  purgeOn: string | null;
}

/** One contract; dates are JST calendar dates as `YYYY-MM-DD`. */
export interface ContractRecord {
  id: string;
  service: ServiceId;
  startsOn: string;
  endsOn: string | null;
  purgeOn: string | null;
  /** Catalog contracts: may publish products (false elsewhere, where it means nothing). */
  catalogPublisher: boolean;
  /** Catalog contracts: the subscription ('free' elsewhere, where it means nothing). */
  catalogSubscription: CatalogSubscription;
  createdAt: Date;
  updatedAt: Date;
}

/** The catalog plan a catalog contract carries. */
export interface CatalogPlanRecord {
  catalogPublisher: boolean;
  catalogSubscription: CatalogSubscription;
}

const TENANT_COLUMNS = `id, code, name, representative_email AS "representativeEmail", contact_email AS "contactEmail", status,
  suspended_at AS "suspendedAt", suspension_reason AS "suspensionReason", to_char(purge_on, 'YYYY-MM-DD') AS "purgeOn"`;

const CONTRACT_COLUMNS = `id, service, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
  to_char(purge_on, 'YYYY-MM-DD') AS "purgeOn", catalog_publisher AS "catalogPublisher", catalog_subscription AS "catalogSubscription",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The tenant's record; `lock` takes its row lock, so changes to one tenant queue up. */
export async function findTenantRecord(tx: Tx, tenantId: string, lock = false): Promise<TenantRecord | undefined> {
  const { rows } = await tx.query<TenantRecord>(`SELECT ${TENANT_COLUMNS} FROM ops.tenants WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [tenantId]);
  return rows[0];
}

/** The tenant's contracts, oldest start first. */
export async function listContracts(tx: Tx, tenantId: string): Promise<ContractRecord[]> {
  const { rows } = await tx.query<ContractRecord>(`SELECT ${CONTRACT_COLUMNS} FROM ops.contracts WHERE customer_id = $1 ORDER BY starts_on, service, created_at`, [tenantId]);
  return rows;
}

/** One contract of the tenant; another tenant's contract id finds nothing. */
export async function findContract(tx: Tx, tenantId: string, contractId: string): Promise<ContractRecord | undefined> {
  const { rows } = await tx.query<ContractRecord>(`SELECT ${CONTRACT_COLUMNS} FROM ops.contracts WHERE id = $1 AND customer_id = $2`, [contractId, tenantId]);
  return rows[0];
}

/**
 * Whether another contract of the same service overlaps the period (`endsOn` null = open
 * ended); `exceptId` leaves out the contract being changed.
 */
export async function overlappingContractExists(
  tx: Tx,
  tenantId: string,
  period: { service: ServiceId; startsOn: string; endsOn: string | null },
  exceptId?: string,
): Promise<boolean> {
  const { rows } = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM ops.contracts
        WHERE customer_id = $1 AND service = $2 AND ($5::uuid IS NULL OR id <> $5::uuid)
          AND ($4::date IS NULL OR starts_on <= $4::date)
          AND (ends_on IS NULL OR ends_on >= $3::date)) AS found`,
    [tenantId, period.service, period.startsOn, period.endsOn, exceptId ?? null],
  );
  return rows[0]?.found === true;
}

/** Records a contract; returns its id. */
export async function insertContract(
  tx: Tx,
  tenantId: string,
  contract: { service: ServiceId; startsOn: string; endsOn: string | null; purgeOn: string | null } & Partial<CatalogPlanRecord>,
  at: Date,
): Promise<string> {
  // Left out, the plan takes the column defaults: not a publisher, free subscription.
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.contracts (customer_id, service, starts_on, ends_on, purge_on, created_at, updated_at, catalog_publisher, catalog_subscription)
     VALUES ($1, $2, $3::date, $4::date, $5::date, $6, $6, coalesce($7::boolean, false), coalesce($8::text, 'free')) RETURNING id`,
    [tenantId, contract.service, contract.startsOn, contract.endsOn, contract.purgeOn, at, contract.catalogPublisher ?? null, contract.catalogSubscription ?? null],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertContract: insert returned no row');
  return id;
}

/** Sets a contract's last day and the purge date that follows from it. */
export async function updateContractEnd(tx: Tx, contractId: string, endsOn: string | null, purgeOn: string | null, at: Date): Promise<void> {
  await tx.query('UPDATE ops.contracts SET ends_on = $2::date, purge_on = $3::date, updated_at = $4 WHERE id = $1', [contractId, endsOn, purgeOn, at]);
}

/** Sets the catalog plan of a (catalog) contract. */
export async function updateCatalogPlan(tx: Tx, contractId: string, plan: CatalogPlanRecord, at: Date): Promise<void> {
  await tx.query('UPDATE ops.contracts SET catalog_publisher = $2, catalog_subscription = $3, updated_at = $4 WHERE id = $1', [contractId, plan.catalogPublisher, plan.catalogSubscription, at]);
}

/** Sets the tenant's representative and contact addresses. */
export async function updateContacts(tx: Tx, tenantId: string, contacts: { representativeEmail: string; contactEmail: string }, at: Date): Promise<void> {
  await tx.query('UPDATE ops.tenants SET representative_email = $2, contact_email = $3, updated_at = $4 WHERE id = $1', [
    tenantId,
    contacts.representativeEmail,
    contacts.contactEmail,
    at,
  ]);
}

/** Suspends (with the reason) or resumes the tenant. */
export async function setTenantSuspension(tx: Tx, tenantId: string, suspension: { at: Date; reason: string } | null, now: Date): Promise<void> {
  await tx.query(
    `UPDATE ops.tenants SET status = $2, suspended_at = $3, suspension_reason = $4, updated_at = $5 WHERE id = $1`,
    [tenantId, suspension ? 'suspended' : 'active', suspension?.at ?? null, suspension?.reason ?? null, now],
  );
}
