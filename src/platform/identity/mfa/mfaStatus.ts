import type { Tx } from '../../../core/db/index.js';
import { getTenantSettings } from '../../tenancy/index.js';
import { factorSummary, findTotp, listPasskeys } from './factorRepository.js';

/** The signed-in user's own MFA state, for the security page. */
export interface MfaStatus {
  totp: { enrolled: boolean; confirmedAt: Date | null };
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodesLeft: number;
  tenantRequiresMfa: boolean;
}

/** Reads the user's factors and the tenant's policy; writes nothing. */
export async function mfaStatusOf(tx: Tx, userId: string): Promise<MfaStatus> {
  const totp = await findTotp(tx, userId);
  const passkeys = await listPasskeys(tx, userId);
  const { recoveryCodesLeft } = await factorSummary(tx, userId);
  const { mfaRequired } = await getTenantSettings(tx);
  return {
    totp: { enrolled: Boolean(totp?.confirmedAt), confirmedAt: totp?.confirmedAt ?? null },
    passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
    recoveryCodesLeft,
    tenantRequiresMfa: mfaRequired,
  };
}
