import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { AuditOrigin } from '../../audit/index.js';
import { queueMail } from '../../mail/index.js';
import type { StaffActor } from '../../staff/index.js';
import { lockTenant, mailDate, recordContractEvent, type ContractDeps } from '../contractContext.js';
import { findContract, overlappingContractExists, updateCatalogPlan, updateContractEnd, type ContractRecord } from '../contractRepository.js';
import { CATALOG_PLAN_ONLY, END_BEFORE_START, type ChangeContractEndInput } from '../schemas.js';
import { contractPurgeDate, syncPurgeDates } from '../tenantPurgeDate.js';

/**
 * Staff set, move or clear a contract's last day: ending a contract, extending it, or
 * making it open-ended again (a renewal). The contract's purge date follows from the end
 * date (CLD.8.1.5) and the tenant's purge date is recomputed; the contact address is told
 * the end date and the purge date whenever one is set. On a catalog contract the same
 * request may change the plan (publisher, subscription), logged as its own event; the plan on
 * another service's contract is refused. Parts left out of the request stay as they are.
 */
export async function changeContractEnd(
  deps: ContractDeps,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  tenantId: string,
  contractId: string,
  input: ChangeContractEndInput,
  origin: AuditOrigin,
): Promise<{ contract: ContractRecord; tenantPurgeOn: string | null }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const now = deps.clock.now();
    const tenant = await lockTenant(tx, tenantId);
    const before = await findContract(tx, tenantId, contractId);
    if (!before) throw new AppError('not_found', { internal: `contract ${contractId} not found for ${tenantId}` });
    const planGiven = input.catalogPublisher !== undefined || input.catalogSubscription !== undefined;
    if (planGiven && before.service !== 'catalog') {
      const fields: Record<string, string> = {};
      if (input.catalogPublisher !== undefined) fields.catalogPublisher = CATALOG_PLAN_ONLY;
      if (input.catalogSubscription !== undefined) fields.catalogSubscription = CATALOG_PLAN_ONLY;
      throw new AppError('validation.failed', { fields, internal: `catalog plan on a ${before.service} contract` });
    }
    let tenantPurgeOn = tenant.purgeOn;
    if (input.endsOn !== undefined) {
      const endsOn = input.endsOn;
      if (endsOn !== null && endsOn < before.startsOn) throw new AppError('validation.failed', { fields: { endsOn: END_BEFORE_START } });
      if (await overlappingContractExists(tx, tenantId, { service: before.service, startsOn: before.startsOn, endsOn }, contractId)) throw new AppError('contracts.overlap');
      const purgeOn = contractPurgeDate(endsOn);
      await updateContractEnd(tx, contractId, endsOn, purgeOn, now);
      tenantPurgeOn = await syncPurgeDates(tx, tenantId);
      if (endsOn !== null && endsOn !== before.endsOn && purgeOn !== null) {
        const serviceName = deps.registry.get(before.service)?.name.ja ?? before.service;
        await queueMail(tx, deps.clock, {
          to: tenant.contactEmail,
          template: 'tenant.contract_ending',
          lang: 'ja',
          params: { tenantName: tenant.name, serviceName, endsOn: mailDate(endsOn), purgeOn: mailDate(tenantPurgeOn ?? purgeOn) },
          customerId: tenantId,
        });
      }
      await recordContractEvent(tx, deps.clock, origin, staff, {
        tenantId,
        tenantAction: 'tenant.contract.end_changed',
        operatorAction: 'ops.contract.end_changed',
        target: { type: 'contract', id: contractId },
        requestRef: input.requestRef,
        details: { service: before.service, before: { endsOn: before.endsOn }, after: { endsOn }, purgeOn, tenantPurgeOn },
      });
    }
    if (planGiven) {
      const plan = {
        catalogPublisher: input.catalogPublisher ?? before.catalogPublisher,
        catalogSubscription: input.catalogSubscription ?? before.catalogSubscription,
      };
      await updateCatalogPlan(tx, contractId, plan, now);
      await recordContractEvent(tx, deps.clock, origin, staff, {
        tenantId,
        tenantAction: 'tenant.contract.catalog_plan_changed',
        operatorAction: 'ops.contract.catalog_plan_changed',
        target: { type: 'contract', id: contractId },
        requestRef: input.requestRef,
        details: {
          service: before.service,
          before: { catalogPublisher: before.catalogPublisher, catalogSubscription: before.catalogSubscription },
          after: plan,
        },
      });
    }
    const contract = await findContract(tx, tenantId, contractId);
    if (!contract) throw new Error('changeContractEnd: the contract changed is not there');
    return { contract, tenantPurgeOn };
  });
}
