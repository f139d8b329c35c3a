import { withoutTenant, type Tx } from '../../../core/db/index.js';
import { RECORD_TYPES } from '../../audit/index.js';
import { ev, loc, type Evidence } from '../report.js';
import { iso, type Check } from './check.js';

/** The newest operator-log entry of an action: when, and its result. */
export async function lastOperatorEvent(tx: Tx, action: string): Promise<{ occurredAt: Date; result: string; details: Record<string, unknown> | null } | undefined> {
  const { rows } = await tx.query<{ occurred_at: Date; result: string; details: Record<string, unknown> | null }>(
    'SELECT occurred_at, result, details FROM audit.operator_events WHERE action = $1 ORDER BY occurred_at DESC, seq DESC LIMIT 1',
    [action],
  );
  const row = rows[0];
  return row ? { occurredAt: new Date(row.occurred_at), result: row.result, details: row.details } : undefined;
}

/** 12.4.1: events are recorded in every tenant's chain and the operator log; the chains are intact. */
export const eventLogs: Check = async (_ctx, reads) => {
  const audit = await reads.audit();
  const evidence = [ev('ログチェーン', 'Log chains', audit.chains), ev('記録されたイベント', 'Events recorded', audit.entries)];
  if (audit.entries === 0) return { status: 'attention', evidence, reason: loc('イベントがまだ1件も記録されていません。', 'No event has been recorded yet.') };
  return { status: 'met', evidence };
};

/** 12.4.3: the operator work log is kept apart from tenant logs. */
export const operatorLogs: Check = async (ctx) => {
  const row = await withoutTenant(ctx.db, async (tx) =>
    (await tx.query<{ n: number; last: Date | null }>('SELECT count(*)::int AS n, max(occurred_at) AS last FROM audit.operator_events')).rows[0],
  );
  const evidence = [ev('運用作業ログの件数', 'Operator log entries', row?.n ?? 0), ev('最新の記録', 'Newest entry', iso(row?.last))];
  if (!row?.n) return { status: 'attention', evidence, reason: loc('運用作業ログにまだ記録がありません。', 'The operator log has no entry yet.') };
  return { status: 'met', evidence };
};

/** Log integrity: every chain verified now, signed checkpoints valid, and the last recorded verification. */
export const logIntegrity: Check = async (ctx, reads) => {
  const audit = await reads.audit();
  const last = await withoutTenant(ctx.db, (tx) => lastOperatorEvent(tx, 'ops.audit.verified'));
  const checkpoints = await withoutTenant(ctx.db, async (tx) =>
    (await tx.query<{ n: number }>('SELECT ((SELECT count(*) FROM audit.operator_checkpoints) + (SELECT count(*) FROM audit.tenant_checkpoints))::int AS n')).rows[0]?.n ?? 0,
  );
  const evidence: Evidence[] = [
    ev('今回の検証', 'Verified now', loc(audit.ok ? `全 ${audit.chains} チェーン正常（${audit.entries} 件）` : `${audit.broken.length} チェーンに異常`, audit.ok ? `all ${audit.chains} chains intact (${audit.entries} entries)` : `${audit.broken.length} chain(s) broken`)),
    ev('署名付きチェックポイント', 'Signed checkpoints', checkpoints),
    ev('前回の検証（運用作業ログ）', 'Last recorded verification', last ? `${iso(last.occurredAt)} (${last.result})` : null),
  ];
  for (const b of audit.broken) evidence.push(ev(`異常：${b.chain}`, `Broken: ${b.chain}`, b.break ? `${b.break.kind} @ ${b.break.seq ?? '—'}: ${b.break.message}` : '—'));
  if (!audit.ok) {
    return {
      status: 'not_met',
      evidence,
      reason: loc(`監査ログのチェーン検証で改ざん・欠落が見つかりました（${audit.broken.map((b) => b.chain).join('、')}）。`, `Audit chain verification found tampering or loss (${audit.broken.map((b) => b.chain).join(', ')}).`),
    };
  }
  return { status: 'met', evidence };
};

/** 12.4.4: the host clock's NTP state and offset; UTC everywhere. */
export const clockSync: Check = async (ctx) => {
  const sync = await ctx.readClockSync();
  const evidence: Evidence[] = [ev('状態', 'State', sync.status), ev('計測方法', 'Source', sync.source), ev('オフセット（ミリ秒）', 'Offset (ms)', sync.offsetMs), ev('確認時刻（UTC）', 'Checked at (UTC)', sync.checkedAt)];
  if (sync.status === 'unknown') {
    return { status: 'unknown', evidence, reason: loc(`時刻同期の状態を読めません：${sync.reason}`, `The clock synchronisation state cannot be read: ${sync.reason}`) };
  }
  if (sync.status === 'unsynchronised') {
    return { status: 'not_met', evidence, reason: loc(`ホストの時計が NTP に同期していません（${sync.source}）。`, `The host clock is not synchronised to NTP (${sync.source}).`) };
  }
  if (sync.offsetMs !== null && Math.abs(sync.offsetMs) > 1000) {
    return { status: 'attention', evidence, reason: loc(`時計のずれが 1 秒を超えています（${sync.offsetMs} ms）。`, `The clock offset exceeds one second (${sync.offsetMs} ms).`) };
  }
  return { status: 'met', evidence };
};

/** 16.1.7: evidence packages are signed by a key of this deployment; exports and disclosures are recorded. */
export const evidenceExport: Check = async (ctx) => {
  let keys = 0;
  let keyProblem: string | undefined;
  try {
    keys = ctx.auditKeys().length;
  } catch (error) {
    keyProblem = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
  }
  const counts = await withoutTenant(ctx.db, async (tx) =>
    (await tx.query<{ exports: number; disclosures: number }>('SELECT (SELECT count(*) FROM ops.evidence_exports)::int AS exports, (SELECT count(*) FROM ops.disclosure_requests)::int AS disclosures')).rows[0],
  );
  const evidence = [ev('署名鍵', 'Signing keys', keys), ev('証跡パッケージの出力', 'Evidence exports', counts?.exports ?? 0), ev('法的開示請求の記録', 'Disclosure requests recorded', counts?.disclosures ?? 0)];
  if (keyProblem || keys === 0) {
    return { status: 'unknown', evidence, reason: loc(`監査ログの署名鍵を読めません${keyProblem ? `：${keyProblem}` : ''}（最初のチェックポイントで作成されます）。`, `The audit signing key cannot be read${keyProblem ? `: ${keyProblem}` : ''} (it is made at the first checkpoint).`) };
  }
  return { status: 'met', evidence };
};

/** 18.1.3: a retention period per record type, the daily retention job, and active legal holds. */
export const retention: Check = async (ctx) => {
  const now = ctx.clock.now();
  const { policies, holds, schedule, last } = await withoutTenant(ctx.db, async (tx) => ({
    policies: (
      await tx.query<{ record_type: string; retain_days: number }>(
        'SELECT DISTINCT ON (record_type) record_type, retain_days FROM audit.retention_policy_changes ORDER BY record_type, id DESC',
      )
    ).rows,
    holds: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.legal_holds h WHERE NOT EXISTS (SELECT 1 FROM audit.legal_hold_releases r WHERE r.hold_id = h.id)')).rows[0]?.n ?? 0,
    schedule: (await tx.query<{ every_ms: number }>(`SELECT every_ms::float8 AS every_ms FROM ops.job_schedules WHERE name = 'audit.retention'`)).rows[0],
    last: await lastOperatorEvent(tx, 'ops.retention.applied'),
  }));
  const evidence: Evidence[] = RECORD_TYPES.map((type) => {
    const p = policies.find((x) => x.record_type === type);
    return ev(`保存期間：${type}`, `Retention: ${type}`, p ? `${p.retain_days} d` : null);
  });
  evidence.push(
    ev('保存期間：バックアップ', 'Retention: backups', `${ctx.config.backup.retentionDays} d`),
    ev('有効なリーガルホールド', 'Active legal holds', holds),
    ev('保存期間ジョブ', 'Retention job', schedule ? loc(`${Math.round(schedule.every_ms / 3_600_000)} 時間ごと`, `every ${Math.round(schedule.every_ms / 3_600_000)} h`) : null),
    ev('前回の実行', 'Last run', last ? iso(last.occurredAt) : null),
  );
  const missing = RECORD_TYPES.filter((t) => !policies.some((p) => p.record_type === t));
  if (missing.length) return { status: 'not_met', evidence, reason: loc(`保存期間が定められていない記録種別：${missing.join('、')}`, `Record types without a retention period: ${missing.join(', ')}`) };
  if (!schedule) return { status: 'not_met', evidence, reason: loc('保存期間ジョブが登録されていません。', 'The retention job is not scheduled.') };
  if (last && now.getTime() - last.occurredAt.getTime() > 2 * 86_400_000) {
    return { status: 'attention', evidence, reason: loc('保存期間ジョブが2日以上実行されていません。', 'The retention job has not run for over two days.') };
  }
  return { status: 'met', evidence };
};

/** 12.1.3 / CLD.12.4.5: metrics on the loopback listener, capacity thresholds, open capacity alerts. */
export const monitoring: Check = async (ctx) => {
  const row = await withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<{ thresholds: number; last_sample: Date | null; open_alerts: number }>(
        `SELECT (SELECT count(*) FROM ops.capacity_thresholds WHERE enabled)::int AS thresholds,
                (SELECT max(sampled_at) FROM ops.capacity_samples) AS last_sample,
                (SELECT count(*) FROM ops.staff_alerts WHERE kind = 'capacity' AND resolved_at IS NULL)::int AS open_alerts`,
      )
    ).rows[0],
  );
  const evidence = [
    ev('メトリクス', 'Metrics', `http://${ctx.config.metrics.host}:${ctx.config.metrics.port}/metrics`),
    ev('有効な容量しきい値', 'Enabled capacity thresholds', row?.thresholds ?? 0),
    ev('最新の容量測定', 'Latest capacity sample', iso(row?.last_sample)),
    ev('未解決の容量アラート', 'Open capacity alerts', row?.open_alerts ?? 0),
    ev('アラートの送信先', 'Alerts mailed to', ctx.config.staffAlertEmail),
  ];
  if ((row?.open_alerts ?? 0) > 0) return { status: 'attention', evidence, reason: loc('未解決の容量アラートがあります。', 'Capacity alerts are open.') };
  return { status: 'met', evidence };
};
