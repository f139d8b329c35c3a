import type { Clock } from '../../../core/clock.js';
import type { Database } from '../../../core/db/index.js';
import type { AuditActor } from '../../audit/index.js';
import type { TenantKeys } from '../../keys/index.js';
import type { LockoutPolicy } from '../lockout.js';
import type { SessionPolicy } from '../sessions.js';
import type { RelyingParty } from './webauthn.js';

/** What MFA commands are built from. */
export interface MfaDeps {
  db: Database;
  clock: Clock;
  /** Encrypts TOTP secrets with the tenant's data key. */
  keys: TenantKeys;
  /** The passkey relying party (RP ID and origin from PUBLIC_URL). */
  rp: RelyingParty;
  session: SessionPolicy;
  /** The account lockout wrong sign-in answers count towards (DEFAULT_LOCKOUT_POLICY when unset). */
  lockout?: LockoutPolicy;
}

/** The user an MFA command acts for: signed in, or the subject of a sign-in challenge. */
export interface MfaSubject {
  tenantId: string;
  userId: string;
}

/** How the subject appears in the event log. */
export function auditActorOf(subject: MfaSubject & { displayName?: string }): AuditActor {
  return { type: 'user', id: subject.userId, ...(subject.displayName ? { name: subject.displayName } : {}) };
}

/** The issuer shown in authenticator apps next to the account. */
export const TOTP_ISSUER = 'Sotas';
