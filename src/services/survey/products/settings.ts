import { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { findTenantById } from '../../../platform/tenancy/index.js';
import { auditUserChange } from '../../../platform/services/index.js';
import { DEFAULT_SUM_TOLERANCE_PERCENT } from './compositionRules.js';
import type { SurveyWrite } from './surveyWrite.js';

/*
 * 組織設定: the company as it appears in the files it sends (chemSHERPA BusinessInfo) and the
 * defaults of checks and reminders. There is no row until the first save; until then the
 * defaults apply and the company name is the tenant's name. `version` 0 means "not saved yet".
 */

const text = (max: number) => z.string().trim().max(max);

/** PUT /settings: every setting at the version read (0 before the first save). */
export const settingsSchema = z.strictObject({
  companyName: z.string().trim().min(1).max(200),
  companyId: text(100).default(''),
  /** Who issued `companyId` (e.g. DUNS, JCODE). */
  companyIdAuthority: text(50).default(''),
  contactName: text(100).default(''),
  contactEmail: z.union([z.literal(''), z.email().max(254)]).default(''),
  contactPhone: text(40).default(''),
  /** How far above 100 a material's substance percents may add up (rounding in suppliers' data). */
  sumTolerancePercent: z.number().min(0).max(10),
  remindDaysBefore: z.number().int().min(0).max(60),
  remindDaysAfter: z.number().int().min(0).max(60),
  version: z.number().int().min(0),
});
export type SettingsInput = z.infer<typeof settingsSchema>;

export const settingsView = z.object({
  companyName: z.string(),
  companyId: z.string(),
  companyIdAuthority: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  sumTolerancePercent: z.number(),
  remindDaysBefore: z.number(),
  remindDaysAfter: z.number(),
  version: z.number(),
});
export type SurveySettings = z.infer<typeof settingsView>;

interface SettingsRow {
  company_name: string;
  company_id: string;
  company_id_authority: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  sum_tolerance_percent: string | number;
  remind_days_before: number;
  remind_days_after: number;
  version: number;
}

function present(row: SettingsRow): SurveySettings {
  return {
    companyName: row.company_name,
    companyId: row.company_id,
    companyIdAuthority: row.company_id_authority,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    sumTolerancePercent: Number(row.sum_tolerance_percent),
    remindDaysBefore: row.remind_days_before,
    remindDaysAfter: row.remind_days_after,
    version: row.version,
  };
}

async function settingsRow(tx: Tx, tenantId: string, lock = false): Promise<SettingsRow | undefined> {
  const { rows } = await tx.query<SettingsRow>(
    `SELECT company_name, company_id, company_id_authority, contact_name, contact_email, contact_phone, sum_tolerance_percent,
            remind_days_before, remind_days_after, version
       FROM survey.settings WHERE tenant_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [tenantId],
  );
  return rows[0];
}

/** The tenant's survey settings, or the defaults (company name = the tenant's name) before the first save. */
export async function surveySettingsOf(tx: Tx, tenantId: string): Promise<SurveySettings> {
  const row = await settingsRow(tx, tenantId);
  if (row) return present(row);
  const tenant = await findTenantById(tx, tenantId);
  return {
    companyName: tenant?.name ?? '',
    companyId: '',
    companyIdAuthority: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    sumTolerancePercent: DEFAULT_SUM_TOLERANCE_PERCENT,
    remindDaysBefore: 3,
    remindDaysAfter: 1,
    version: 0,
  };
}

/** Saves the settings at the version read (409 `conflict` when stale) and records `survey.settings.updated`. */
export async function saveSurveySettings(w: SurveyWrite, input: SettingsInput): Promise<SurveySettings> {
  const tenantId = w.actor.tenantId;
  const existing = await settingsRow(w.tx, tenantId, true);
  const before = existing ? present(existing) : await surveySettingsOf(w.tx, tenantId);
  if (before.version !== input.version) throw new AppError('conflict');
  const values = [
    tenantId,
    input.companyName,
    input.companyId,
    input.companyIdAuthority,
    input.contactName,
    input.contactEmail,
    input.contactPhone,
    input.sumTolerancePercent,
    input.remindDaysBefore,
    input.remindDaysAfter,
    w.clock.now(),
  ];
  if (existing) {
    await w.tx.query(
      `UPDATE survey.settings SET company_name = $2, company_id = $3, company_id_authority = $4, contact_name = $5, contact_email = $6, contact_phone = $7,
              sum_tolerance_percent = $8, remind_days_before = $9, remind_days_after = $10, updated_at = $11, version = version + 1
        WHERE tenant_id = $1`,
      values,
    );
  } else {
    await w.tx.query(
      `INSERT INTO survey.settings (tenant_id, company_name, company_id, company_id_authority, contact_name, contact_email, contact_phone,
              sum_tolerance_percent, remind_days_before, remind_days_after, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      values,
    );
  }
  const after = await surveySettingsOf(w.tx, tenantId);
  const keys = (Object.keys(after) as (keyof SurveySettings)[]).filter((k) => k !== 'version' && before[k] !== after[k]);
  await auditUserChange(w, 'survey.settings.updated', { type: 'survey.settings', id: tenantId }, { fields: keys, created: !existing }, {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  });
  return after;
}
