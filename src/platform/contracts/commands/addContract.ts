import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { AuditOrigin } from '../../audit/index.js';
import type { ServiceId, ServiceRegistry } from '../../services/index.js';
import type { StaffActor } from '../../staff/index.js';
import { normalizeEmail } from '../../tenancy/index.js';
import { lockTenant, recordContractEvent, type ContractDeps } from '../contractContext.js';
import { findContract, insertContract, overlappingContractExists, type ContractRecord } from '../contractRepository.js';
import type { AddContractInput } from '../schemas.js';
import { contractPurgeDate, syncPurgeDates } from '../tenantPurgeDate.js';

/**
 * A service nobody administers cannot be used: when a contract adds a service without an
 * active admin, the representative (the user with the representative's address, as at
 * opening) becomes its admin. Returns the role given, if any.
 */
async function ensureAdmin(tx: Tx, registry: ServiceRegistry, tenantId: string, representativeEmail: string, service: ServiceId, at: Date): Promise<string | null> {
  const adminRoles = (registry.get(service)?.roles ?? []).filter((r) => r.admin).map((r) => r.id);
  const role = adminRoles[0];
  if (!role) return null;
  const { rows: admins } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM platform.memberships m JOIN platform.users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
      WHERE m.service = $1 AND m.role = ANY($2::text[]) AND u.status = 'active'`,
    [service, adminRoles],
  );
  if ((admins[0]?.n ?? 0) > 0) return null;
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM platform.users WHERE email_normalized = $1 AND status = 'active'`, [normalizeEmail(representativeEmail)]);
  const userId = rows[0]?.id;
  if (!userId) return null;
  await tx.query(
    `INSERT INTO platform.memberships (tenant_id, user_id, service, role, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, user_id, service) DO UPDATE SET role = EXCLUDED.role`,
    [tenantId, userId, service, role, at],
  );
  return role;
}

/**
 * Staff add a contract for a service (a new service, or a renewal after an earlier
 * contract ended). Periods of one service never overlap. An open-ended contract clears
 * the tenant's purge date.
 */
export async function addContract(
  deps: ContractDeps,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  tenantId: string,
  input: AddContractInput,
  origin: AuditOrigin,
): Promise<{ contract: ContractRecord; tenantPurgeOn: string | null }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const now = deps.clock.now();
    const tenant = await lockTenant(tx, tenantId);
    const period = { service: input.service, startsOn: input.startsOn, endsOn: input.endsOn ?? null };
    if (await overlappingContractExists(tx, tenantId, period)) throw new AppError('contracts.overlap');
    const plan = input.service === 'catalog' ? { catalogPublisher: input.catalogPublisher ?? false, catalogSubscription: input.catalogSubscription ?? 'free' } : {};
    const contractId = await insertContract(tx, tenantId, { ...period, ...plan, purgeOn: contractPurgeDate(period.endsOn) }, now);
    const tenantPurgeOn = await syncPurgeDates(tx, tenantId);
    const representativeRole = await ensureAdmin(tx, deps.registry, tenantId, tenant.representativeEmail, input.service, now);
    await recordContractEvent(tx, deps.clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.contract.added',
      operatorAction: 'ops.contract.added',
      target: { type: 'contract', id: contractId },
      requestRef: input.requestRef,
      details: { ...period, ...plan, purgeOn: contractPurgeDate(period.endsOn), tenantPurgeOn, representativeRole },
    });
    const contract = await findContract(tx, tenantId, contractId);
    if (!contract) throw new Error('addContract: the contract just added is not there');
    return { contract, tenantPurgeOn };
  });
}
