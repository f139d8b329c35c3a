import { withTenant } from '../../../core/db/index.js';
import type { Lang } from '../../../core/i18n.js';
import type { AuditOrigin } from '../../audit/index.js';
import { queueMail } from '../../mail/index.js';
import type { StaffActor } from '../../staff/index.js';
import { normalizeEmail } from '../../tenancy/index.js';
import { lockTenant, recordContractEvent, type ContractDeps } from '../contractContext.js';
import { updateContacts } from '../contractRepository.js';
import type { ChangeContactsInput } from '../schemas.js';

const FIELD_NAMES = {
  representativeEmail: { ja: '代表者メールアドレス', en: 'Representative’s e-mail' },
  contactEmail: { ja: '連絡先メールアドレス（システムメンテナンス等）', en: 'Contact e-mail (maintenance and incidents)' },
} as const;

type ContactField = keyof typeof FIELD_NAMES;

function changeLines(changes: readonly { field: ContactField; before: string; after: string }[], lang: Lang): string {
  return changes.map((c) => `${FIELD_NAMES[c.field][lang]}: ${c.before} → ${c.after}`).join('\n');
}

/**
 * Staff change a tenant's representative and/or contact address at the tenant's request.
 * These are provider records (where notices go); the representative's user account keeps
 * its own address. Both the previous and the new addresses are told, so a change nobody
 * asked for does not go unnoticed.
 */
export async function changeContacts(
  deps: ContractDeps,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  tenantId: string,
  input: ChangeContactsInput,
  origin: AuditOrigin,
): Promise<{ representativeEmail: string; contactEmail: string; changed: ContactField[] }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const now = deps.clock.now();
    const tenant = await lockTenant(tx, tenantId);
    const next = {
      representativeEmail: input.representativeEmail?.trim() ?? tenant.representativeEmail,
      contactEmail: input.contactEmail?.trim() ?? tenant.contactEmail,
    };
    const changes = (Object.keys(FIELD_NAMES) as ContactField[])
      .filter((field) => next[field] !== tenant[field])
      .map((field) => ({ field, before: tenant[field], after: next[field] }));
    if (changes.length > 0) {
      await updateContacts(tx, tenantId, next, now);
      const recipients = new Map<string, string>();
      for (const c of changes) for (const address of [c.before, c.after]) recipients.set(normalizeEmail(address), address);
      for (const to of recipients.values()) {
        await queueMail(tx, deps.clock, {
          to,
          template: 'tenant.contacts_changed',
          lang: 'ja',
          params: { tenantName: tenant.name, changes: changeLines(changes, 'ja'), changedAt: now },
          customerId: tenantId,
        });
      }
    }
    await recordContractEvent(tx, deps.clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.contacts.changed',
      operatorAction: 'ops.tenant.contacts_changed',
      target: { type: 'tenant', id: tenantId },
      requestRef: input.requestRef,
      details: { changes },
    });
    return { ...next, changed: changes.map((c) => c.field) };
  });
}
