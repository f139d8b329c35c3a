import QRCode from 'qrcode';
import type { Tx } from '../../../core/db/index.js';
import { decryptForTenant, encryptForTenant, type TenantKeys } from '../../keys/index.js';
import { getTenantSettings } from '../../tenancy/index.js';
import {
  claimTotpStep,
  deleteRecoveryCodes,
  factorSummary,
  findTotp,
  replaceRecoveryCodes,
  savePendingTotp,
  type FactorSummary,
} from './factorRepository.js';
import type { MfaSubject } from './deps.js';
import { hashRecoveryCode, newRecoveryCodes } from './recoveryCodes.js';
import { matchTotp, newTotpSecret, totpKeyUri, totpSecretText } from './totp.js';

/** The building blocks the MFA commands share: secrets in and out, codes, factor rules. */

const totpContext = (userId: string) => ({ purpose: 'mfa_totp_secret', id: userId });

/** What an authenticator app needs: the secret as text, the `otpauth://` URI and its QR code (SVG). */
export interface TotpSetup {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Makes a new secret, stores it encrypted as a pending enrolment, and returns what the app needs. */
export async function beginTotp(tx: Tx, keys: TenantKeys, subject: MfaSubject, account: string, issuer: string): Promise<TotpSetup | undefined> {
  const secret = newTotpSecret();
  const encrypted = await encryptForTenant(tx, keys, subject.tenantId, secret, totpContext(subject.userId));
  if (!(await savePendingTotp(tx, subject.tenantId, subject.userId, encrypted, keys.clock.now()))) return undefined;
  const uri = totpKeyUri(issuer, account, secret);
  return { secret: totpSecretText(secret), uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

/**
 * Checks a TOTP code against the user's authenticator and claims its time step, so the same
 * code never works twice. `pending` checks an enrolment in progress (and confirms it) instead
 * of a confirmed authenticator.
 */
export async function checkTotpCode(tx: Tx, keys: TenantKeys, subject: MfaSubject, code: string, pending: boolean): Promise<'ok' | 'wrong' | 'none'> {
  const row = await findTotp(tx, subject.userId);
  if (!row || (row.confirmedAt === null) !== pending) return 'none';
  const secret = await decryptForTenant(tx, keys, subject.tenantId, row.secretEncrypted, totpContext(subject.userId));
  const now = keys.clock.now();
  const step = matchTotp(secret, code, now, { usedStep: row.lastUsedStep });
  if (step === undefined) return 'wrong';
  return (await claimTotpStep(tx, subject.userId, step, pending ? now : undefined)) ? 'ok' : 'wrong';
}

/** True when the user has a factor that counts: a confirmed authenticator or a passkey. */
export function hasFactor(summary: FactorSummary): boolean {
  return summary.totp || summary.passkeys > 0;
}

/** Fresh recovery codes (replacing any old ones); the plain codes are returned once, only hashes stay. */
export async function issueRecoveryCodes(tx: Tx, subject: MfaSubject, at: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(tx, subject.tenantId, subject.userId, codes.map(hashRecoveryCode), at);
  return codes;
}

/** On a user's first factor, their recovery codes; null when they already hold unused ones. */
export async function recoveryCodesForFirstFactor(tx: Tx, subject: MfaSubject, at: Date): Promise<string[] | null> {
  const summary = await factorSummary(tx, subject.userId);
  return summary.recoveryCodesLeft > 0 ? null : issueRecoveryCodes(tx, subject, at);
}

/**
 * Before a factor is removed: refuses to remove the last one while the tenant requires MFA.
 * Returns whether the factor being removed is the last one (then recovery codes go too).
 */
export async function checkFactorRemoval(tx: Tx, userId: string, removing: 'totp' | 'passkey'): Promise<{ allowed: boolean; last: boolean }> {
  const summary = await factorSummary(tx, userId);
  const after = { ...summary, totp: removing === 'totp' ? false : summary.totp, passkeys: summary.passkeys - (removing === 'passkey' ? 1 : 0) };
  const last = !hasFactor(after);
  if (!last) return { allowed: true, last };
  const { mfaRequired } = await getTenantSettings(tx);
  return { allowed: !mfaRequired, last };
}

/** When the last factor is gone, recovery codes would be a second factor of nothing. */
export async function dropRecoveryCodes(tx: Tx, userId: string): Promise<void> {
  await deleteRecoveryCodes(tx, userId);
}
