import { withoutTenant } from '../../core/db/index.js';
import type { Logger } from '../../core/logger.js';
import { raiseAlert, resolveAlert } from '../alerts/index.js';
import { shortError } from '../jobs/index.js';
import { purgeTenant, tenantsToPurge, type PurgeDeps } from './purgeTenant.js';
import { sendPurgeReminders } from './reminders.js';

/** The recurring job: reminders, then the purges that are due. Hourly, and idempotent. */
export const PURGE_JOB = 'lifecycle.purge';
export const PURGE_EVERY_MS = 60 * 60_000;

export interface SweepDeps extends PurgeDeps {
  logger: Logger;
  publicUrl: string;
  staffAlertEmail: string;
}

export interface SweepResult {
  reminders: number;
  purged: string[];
  failed: string[];
}

function alertKey(tenantId: string): string {
  return `purge_failed:${tenantId}`;
}

/**
 * Sends the reminders that are due, then purges every tenant whose purge date has come (and
 * resumes any purge left unfinished). A tenant whose purge fails raises one staff alert and the
 * others go on; the alert is resolved once its purge succeeds. Throws after the run when any
 * purge failed, so the job is retried.
 */
export async function runPurgeSweep(deps: SweepDeps, runBy: string): Promise<SweepResult> {
  const { db, clock, logger } = deps;
  const reminders = await sendPurgeReminders({ db, clock, publicUrl: deps.publicUrl });
  const due = await withoutTenant(db, (tx) => tenantsToPurge(tx, clock.now()));
  const result: SweepResult = { reminders, purged: [], failed: [] };
  const alertDeps = { clock, staffAlertEmail: deps.staffAlertEmail, publicUrl: deps.publicUrl };
  for (const tenantId of due) {
    try {
      const outcome = await purgeTenant(deps, tenantId, runBy);
      if (outcome.status === 'purged') {
        result.purged.push(tenantId);
        await withoutTenant(db, (tx) => resolveAlert(tx, clock, alertKey(tenantId)));
      }
    } catch (error) {
      result.failed.push(tenantId);
      logger.error({ tenantId, err: shortError(error) }, 'tenant purge failed');
      await withoutTenant(db, (tx) =>
        raiseAlert(tx, alertDeps, {
          key: alertKey(tenantId),
          kind: 'purge',
          customerId: tenantId,
          summary: { ja: '契約終了後のデータ削除に失敗しました', en: 'A tenant purge after contract end failed' },
          detail: {
            ja: `契約者（ID: ${tenantId}）のデータ削除が完了していません。削除は1時間ごとに再試行されます。運用コンソールの「データ削除」で状況を確認してください。`,
            en: `The purge of tenant ${tenantId} has not completed. It is retried every hour; check "Data deletion" in the operator console.`,
          },
        }),
      );
    }
  }
  if (result.failed.length > 0) throw new Error(`purge failed for ${result.failed.length} tenant(s); see the staff alerts`);
  return result;
}
