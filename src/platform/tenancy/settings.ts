import type { Tx } from '../../core/db/index.js';

/** A tenant's security settings; null session values mean the deployment's defaults. */
export interface TenantSettings {
  mfaRequired: boolean;
  sessionIdleMinutes: number | null;
  sessionAbsoluteHours: number | null;
}

const DEFAULTS: TenantSettings = { mfaRequired: false, sessionIdleMinutes: null, sessionAbsoluteHours: null };

/** The settings of the transaction's tenant (defaults when none were saved). */
export async function getTenantSettings(tx: Tx): Promise<TenantSettings> {
  const { rows } = await tx.query<TenantSettings>(
    `SELECT mfa_required AS "mfaRequired", session_idle_minutes AS "sessionIdleMinutes", session_absolute_hours AS "sessionAbsoluteHours"
       FROM platform.tenant_settings WHERE tenant_id = platform.current_tenant()`,
  );
  return rows[0] ?? DEFAULTS;
}

/** Saves part of the transaction's tenant settings, creating the row on first change. */
export async function updateTenantSettings(tx: Tx, tenantId: string, at: Date, patch: Partial<TenantSettings>): Promise<TenantSettings> {
  const current = await getTenantSettings(tx);
  const next = { ...current, ...patch };
  await tx.query(
    `INSERT INTO platform.tenant_settings (tenant_id, mfa_required, session_idle_minutes, session_absolute_hours, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id) DO UPDATE SET mfa_required = EXCLUDED.mfa_required, session_idle_minutes = EXCLUDED.session_idle_minutes,
       session_absolute_hours = EXCLUDED.session_absolute_hours, updated_at = EXCLUDED.updated_at`,
    [tenantId, next.mfaRequired, next.sessionIdleMinutes, next.sessionAbsoluteHours, at],
  );
  return next;
}
