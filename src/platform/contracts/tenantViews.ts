import { z } from 'zod';
import { withTenant, withoutTenant, type Database } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { SERVICE_IDS } from '../services/index.js';
import { jstDate } from '../tenancy/index.js';
import { findTenantRecord, listContracts, type ContractRecord } from './contractRepository.js';
import { contractState, listSurveyMembers, listTenants, mfaRequiredOf, userCountsOf, type TenantListRow } from './tenantQueries.js';
import { CATALOG_SUBSCRIPTIONS, type TenantListQuery } from './schemas.js';

const serviceId = z.enum(SERVICE_IDS);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** `purged`: the lifecycle module deleted the tenant's data after its contracts ended. */
const tenantStatus = z.enum(['active', 'suspended', 'ended', 'purged']);

export const contractView = z.object({
  id: z.uuid(),
  service: serviceId,
  startsOn: isoDate,
  endsOn: isoDate.nullable(),
  /** The day this contract's data may be deleted (データ削除予定日), once it has an end date. */
  purgeOn: isoDate.nullable(),
  state: z.enum(['scheduled', 'active', 'ending', 'ended']),
  /** Catalog contracts only: the tenant may publish products (掲載企業). */
  catalogPublisher: z.boolean().optional(),
  /** Catalog contracts only: the subscription (購読プラン). */
  catalogSubscription: z.enum(CATALOG_SUBSCRIPTIONS).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const tenantListView = z.object({
  tenants: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      status: tenantStatus,
      contactEmail: z.string(),
      services: z.array(serviceId),
      purgeOn: isoDate.nullable(),
      createdAt: z.string(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const tenantDetailView = z.object({
  tenant: z.object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    representativeEmail: z.string(),
    contactEmail: z.string(),
    status: tenantStatus,
    suspendedAt: z.string().nullable(),
    suspensionReason: z.string().nullable(),
    /** The day the tenant's data may be deleted: set once every contract has an end date. */
    purgeOn: isoDate.nullable(),
    mfaRequired: z.boolean(),
    contracts: z.array(contractView),
    /** Counts only: staff see no tenant user without a break-glass grant, but survey members. */
    users: z.object({ total: z.number().int(), byService: z.array(z.object({ service: serviceId, users: z.number().int() })) }),
  }),
});

export const surveyMembersView = z.object({
  members: z.array(
    z.object({
      id: z.uuid(),
      displayName: z.string(),
      email: z.string(),
      role: z.string(),
      status: z.enum(['active', 'disabled']),
      mustChangePassword: z.boolean(),
    }),
  ),
});

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentContract(c: ContractRecord, today: string): z.infer<typeof contractView> {
  return {
    id: c.id,
    service: c.service,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    purgeOn: c.purgeOn,
    state: contractState(c, today),
    ...(c.service === 'catalog' ? { catalogPublisher: c.catalogPublisher, catalogSubscription: c.catalogSubscription } : {}),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

function presentListRow(r: TenantListRow) {
  return { id: r.id, code: r.code, name: r.name, status: r.status, contactEmail: r.contactEmail, services: r.services, purgeOn: r.purgeOn, createdAt: iso(r.createdAt) };
}

/** A page of the tenant list. */
export async function tenantListPage(db: Database, now: Date, query: TenantListQuery): Promise<z.infer<typeof tenantListView>> {
  const { rows, total } = await withoutTenant(db, (tx) => listTenants(tx, query, jstDate(now)));
  return { tenants: rows.map(presentListRow), total, page: query.page, pageSize: query.pageSize };
}

/** Every tenant matching the filter, for the CSV export. */
export async function tenantListForExport(db: Database, now: Date, query: TenantListQuery): Promise<ReturnType<typeof presentListRow>[]> {
  const { rows } = await withoutTenant(db, (tx) => listTenants(tx, query, jstDate(now), { all: true }));
  return rows.map(presentListRow);
}

/**
 * A tenant as the console shows it: provider records, contracts with purge dates, the MFA
 * policy and how many users each service has (no names: 13.1.3).
 */
export async function tenantDetail(db: Database, now: Date, tenantId: string): Promise<z.infer<typeof tenantDetailView>> {
  return withTenant(db, tenantId, async (tx) => {
    const tenant = await findTenantRecord(tx, tenantId);
    if (!tenant) throw new AppError('not_found', { internal: `tenant ${tenantId} not found` });
    const today = jstDate(now);
    const contracts = await listContracts(tx, tenantId);
    return {
      tenant: {
        id: tenant.id,
        code: tenant.code,
        name: tenant.name,
        representativeEmail: tenant.representativeEmail,
        contactEmail: tenant.contactEmail,
        status: tenant.status,
        suspendedAt: tenant.suspendedAt ? iso(tenant.suspendedAt) : null,
        suspensionReason: tenant.suspensionReason,
        purgeOn: tenant.purgeOn,
        mfaRequired: await mfaRequiredOf(tx),
        contracts: contracts.map((c) => presentContract(c, today)),
        users: await userCountsOf(tx),
      },
    };
  });
}

/**
 * The tenant's chemical-survey members, which staff manage at the tenant's request (9.2.1):
 * names, addresses and roles of that service only. A tenant without a running survey
 * contract answers 409.
 */
export async function surveyMembersOf(db: Database, now: Date, tenantId: string): Promise<z.infer<typeof surveyMembersView>> {
  return withTenant(db, tenantId, async (tx) => {
    const tenant = await findTenantRecord(tx, tenantId);
    if (!tenant) throw new AppError('not_found', { internal: `tenant ${tenantId} not found` });
    const today = jstDate(now);
    const contracts = await listContracts(tx, tenantId);
    if (!contracts.some((c) => c.service === 'survey' && ['active', 'ending'].includes(contractState(c, today)))) throw new AppError('contracts.survey_not_contracted');
    return { members: await listSurveyMembers(tx) };
  });
}
