import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { withTenant, withoutTenant, type Database } from '../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { findTenantByCode, normalizeEmail } from '../tenancy/index.js';
import { verifyAgainstDummy, verifyPassword } from './passwordHashing.js';
import { secondFactorFor, type SecondFactorChallenge } from './mfaGate.js';
import { createSession, type SessionPolicy } from './sessions.js';

export const loginSchema = z.strictObject({
  companyCode: z.string().min(1).max(40).meta({ description: 'Company code (企業コード); full-width and lower case are folded.' }),
  email: z.string().min(1).max(254),
  // Checked exactly as typed: never trimmed or normalised.
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoginResult {
  tenantId: string;
  userId: string;
  sessionId: string;
  cookieValue: string;
  expiresAt: Date;
}

/** A sign-in either completes with a session or continues with a second factor. */
export type LoginOutcome = ({ kind: 'session' } & LoginResult) | { kind: 'second_factor'; challenge: SecondFactorChallenge };

interface Candidate {
  id: string;
  password_hash: string | null;
  status: string;
}

/**
 * Password sign-in: company code + e-mail + password. Every failure answers the same
 * `auth.invalid_credentials` after the same hashing work; failures for a known tenant
 * are recorded in that tenant's event log. The hash is verified outside any transaction
 * so a slow hash never holds a database connection.
 */
export async function loginWithPassword(
  deps: { db: Database; clock: Clock; session: SessionPolicy },
  input: LoginInput,
  origin: AuditOrigin,
): Promise<LoginOutcome> {
  const { db, clock } = deps;
  const tenant = await withoutTenant(db, (tx) => findTenantByCode(tx, input.companyCode));
  if (!tenant || tenant.status !== 'active') {
    await verifyAgainstDummy(input.password);
    throw new AppError('auth.invalid_credentials', { internal: 'unknown or inactive company code' });
  }
  const email = normalizeEmail(input.email);
  const candidate = await withTenant(db, tenant.id, async (tx) => {
    const { rows } = await tx.query<Candidate>(
      'SELECT id, password_hash, status FROM platform.users WHERE email_normalized = $1',
      [email],
    );
    return rows[0];
  });
  const ok =
    candidate && candidate.status === 'active' && candidate.password_hash
      ? await verifyPassword(candidate.password_hash, input.password)
      : await verifyAgainstDummy(input.password);

  if (!ok || !candidate) {
    await withTenant(db, tenant.id, (tx) =>
      recordTenantEvent(tx, clock, tenant.id, origin, {
        actor: candidate ? { type: 'user', id: candidate.id } : { type: 'anonymous' },
        action: 'auth.login.failed',
        target: candidate ? { type: 'user', id: candidate.id } : undefined,
        result: 'failure',
        reason: candidate ? 'wrong_password_or_inactive' : 'unknown_email',
      }),
    );
    throw new AppError('auth.invalid_credentials', { internal: 'wrong credentials' });
  }

  return withTenant(db, tenant.id, async (tx): Promise<LoginOutcome> => {
    const challenge = await secondFactorFor(tx, clock, { tenantId: tenant.id, userId: candidate.id });
    if (challenge) {
      await recordTenantEvent(tx, clock, tenant.id, origin, {
        actor: { type: 'user', id: candidate.id },
        action: 'auth.login.password_verified',
        target: { type: 'user', id: candidate.id },
        result: 'success',
        details: { next: challenge.enrolmentRequired ? 'mfa_enrolment' : 'mfa_challenge' },
      });
      return { kind: 'second_factor', challenge };
    }
    const session = await createSession(tx, clock, deps.session, {
      tenantId: tenant.id,
      userId: candidate.id,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    await recordTenantEvent(tx, clock, tenant.id, origin, {
      actor: { type: 'user', id: candidate.id },
      action: 'auth.login.succeeded',
      target: { type: 'session', id: session.sessionId },
      result: 'success',
      details: { method: 'password' },
    });
    return { kind: 'session', tenantId: tenant.id, userId: candidate.id, ...session };
  });
}
