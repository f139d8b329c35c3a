import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { withTenant, type Database } from '../../../core/db/index.js';
import { syncPurgeDates } from '../../contracts/index.js';
import { queueMail } from '../../mail/index.js';
import type { AuditOrigin } from '../../audit/index.js';
import { SERVICE_IDS, type ServiceId, type ServiceRegistry } from '../../services/index.js';
import { normalizeCompanyCode } from '../../tenancy/index.js';
import { representativeRoleOf } from '../lastAdminGuard.js';
import { newLinkToken } from '../linkToken.js';
import { isUniqueViolation, type StaffActorRef } from '../memberContext.js';
import { COMPANY_CODE_FORMAT, CONTRACT_DATES, CONTRACTS_DUPLICATE } from '../memberMessages.js';
import { insertMembership, insertUser } from '../memberRepository.js';
import { insertContract, insertFirstLoginLink, insertTenant } from '../onboardingRepository.js';
import { recordStaffMemberEvent } from '../staffEvents.js';

/** How long the representative's first sign-in link works. */
export const FIRST_LOGIN_TTL_MS = 72 * 3_600_000;

export const openTenantSchema = z
  .strictObject({
    code: z
      .string()
      .max(64)
      .transform((v) => normalizeCompanyCode(v))
      .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: COMPANY_CODE_FORMAT }))
      .meta({ description: 'Company code (企業コード) users type at sign-in; full-width and lower case are folded.' }),
    name: z.string().trim().min(1).max(200),
    representativeName: z.string().trim().min(1).max(100),
    representativeEmail: z.email().max(254),
    contactEmail: z.email().max(254).meta({ description: 'Maintenance and incident contact (システムメンテナンス等連絡先).' }),
    lang: z.enum(['ja', 'en']).default('ja').meta({ description: 'Language of the first-login mail and of the representative account.' }),
    contracts: z
      .array(z.strictObject({ service: z.enum(SERVICE_IDS), startsOn: z.iso.date(), endsOn: z.iso.date().optional() }))
      .min(1)
      .max(SERVICE_IDS.length),
    requestRef: z.string().trim().min(1).max(200).meta({ description: 'The contract or request this opening answers, for the operator log.' }),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<ServiceId>();
    v.contracts.forEach((c, i) => {
      if (seen.has(c.service)) ctx.addIssue({ code: 'custom', message: CONTRACTS_DUPLICATE, path: ['contracts', i, 'service'] });
      seen.add(c.service);
      if (c.endsOn && c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', message: CONTRACT_DATES, path: ['contracts', i, 'endsOn'] });
    });
  });
export type OpenTenantInput = z.output<typeof openTenantSchema>;

export interface OpenedTenant {
  tenantId: string;
  code: string;
  representativeUserId: string;
  firstLoginExpiresAt: Date;
}

/**
 * Staff open a tenant (white paper 9.2.4): the provider records (`ops.tenants`, contracts)
 * and the representative's account (no password yet) as admin of every contracted service,
 * then the first-login mail with a single-use link that expires after 72 hours. One
 * transaction: a failed opening leaves nothing behind and sends no mail.
 */
export async function openTenant(
  db: Database,
  clock: Clock,
  input: OpenTenantInput,
  staff: StaffActorRef,
  origin: AuditOrigin,
  env: { registry: ServiceRegistry; publicUrl: string },
): Promise<OpenedTenant> {
  const tenantId = randomUUID();
  return withTenant(db, tenantId, async (tx) => {
    const now = clock.now();
    try {
      await insertTenant(tx, {
        id: tenantId,
        code: input.code,
        name: input.name,
        representativeEmail: input.representativeEmail,
        contactEmail: input.contactEmail,
        at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('members.company_code_taken', { cause: error });
      throw error;
    }
    for (const contract of input.contracts) await insertContract(tx, tenantId, contract, now);
    await syncPurgeDates(tx, tenantId);
    const userId = await insertUser(tx, {
      tenantId,
      email: input.representativeEmail,
      displayName: input.representativeName,
      locale: input.lang,
      passwordHash: null,
      mustChangePassword: false,
      at: now,
    });
    const memberships = input.contracts.map((c) => ({ service: c.service, role: representativeRoleOf(env.registry, c.service) }));
    for (const m of memberships) await insertMembership(tx, tenantId, userId, m.service, m.role, now);
    const link = newLinkToken(tenantId);
    const expiresAt = new Date(now.getTime() + FIRST_LOGIN_TTL_MS);
    const linkId = await insertFirstLoginLink(tx, { tenantId, userId, tokenHash: link.hash, expiresAt, at: now });
    await queueMail(tx, clock, {
      to: input.representativeEmail,
      template: 'tenant.first_login',
      lang: input.lang,
      params: { tenantName: input.name, companyCode: input.code, link: `${env.publicUrl}/first-login/${link.token}`, expiresAt },
      customerId: tenantId,
    });
    await recordStaffMemberEvent(tx, clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.opened',
      operatorAction: 'ops.tenant.opened',
      target: { type: 'tenant', id: tenantId },
      requestRef: input.requestRef,
      details: { code: input.code, contracts: input.contracts },
    });
    await recordStaffMemberEvent(tx, clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.member.created',
      operatorAction: 'ops.tenant_member.created',
      target: { type: 'user', id: userId },
      requestRef: input.requestRef,
      details: { memberships, email: input.representativeEmail, representative: true, firstLoginLinkId: linkId, firstLoginExpiresAt: expiresAt.toISOString() },
    });
    return { tenantId, code: input.code, representativeUserId: userId, firstLoginExpiresAt: expiresAt };
  });
}
