import { withoutTenant } from '../../../core/db/index.js';
import { ev, loc, worst, type ControlStatus, type Evidence } from '../report.js';
import { iso, type Check } from './check.js';
import { lastOperatorEvent } from './logs.js';

/** Backup age thresholds of the report (12.3.1: a backup every five minutes). */
export const BACKUP_ATTENTION_SECONDS = 5 * 60;
export const BACKUP_NOT_MET_SECONDS = 15 * 60;
const DAY_MS = 86_400_000;

/** 12.3.1: age of the newest copy, the oldest backup kept against the retention period, the last restore drill. */
export const backup: Check = async (ctx, reads) => {
  const s = await reads.backup();
  const now = ctx.clock.now();
  const evidence: Evidence[] = [
    ev('方式', 'Mode', s.mode === 'wal' ? 'PostgreSQL WAL archiving' : 'application snapshots'),
    ev('最新のバックアップの経過（秒）', 'Age of the newest backup (s)', s.backupAgeSeconds),
    ev('最新の成功', 'Last success', iso(s.lastSuccess?.takenAt ?? null)),
    ev('保持数', 'Backups kept', s.kept),
    ev('最も古い保持', 'Oldest kept', s.oldestKeptAt),
    ev('保存期間（日）', 'Retention (days)', s.retentionDays),
    ev('直近24時間の失敗', 'Failures in 24 h', s.failuresLast24h),
    ev('前回の復元訓練', 'Last restore drill', s.lastDrill ? `${s.lastDrill.finishedAt} (${s.lastDrill.ok ? 'ok' : 'failed'})` : null),
  ];
  if (s.wal) evidence.push(ev('WAL アーカイバ', 'WAL archiver', s.wal.state));
  const reasons: { status: ControlStatus; ja: string; en: string }[] = [];
  if (s.backupAgeSeconds === null) {
    reasons.push(
      s.wal
        ? { status: 'not_met', ja: `WAL アーカイブが動いていません（${s.wal.state}）。`, en: `WAL archiving is not working (${s.wal.state}).` }
        : { status: 'not_met', ja: 'バックアップがありません。', en: 'There is no backup.' },
    );
  } else if (s.backupAgeSeconds > BACKUP_NOT_MET_SECONDS) {
    reasons.push({ status: 'not_met', ja: `最新のバックアップが ${Math.round(s.backupAgeSeconds / 60)} 分前です（15分超）。`, en: `The newest backup is ${Math.round(s.backupAgeSeconds / 60)} minutes old (over 15).` });
  } else if (s.backupAgeSeconds > BACKUP_ATTENTION_SECONDS) {
    reasons.push({ status: 'attention', ja: `最新のバックアップが ${Math.round(s.backupAgeSeconds / 60)} 分前です（5分超）。`, en: `The newest backup is ${Math.round(s.backupAgeSeconds / 60)} minutes old (over 5).` });
  }
  if (s.takesSnapshots && s.oldestKeptAt) {
    const keptDays = (now.getTime() - new Date(s.oldestKeptAt).getTime()) / DAY_MS;
    if (keptDays > s.retentionDays + 1) reasons.push({ status: 'attention', ja: `保存期間を過ぎたバックアップが残っています（${Math.floor(keptDays)} 日）。`, en: `Backups older than the retention period are kept (${Math.floor(keptDays)} days).` });
  }
  if (s.retentionDays < 30) reasons.push({ status: 'not_met', ja: `バックアップの保存期間が30日未満です（${s.retentionDays} 日）。`, en: `Backups are kept under 30 days (${s.retentionDays}).` });
  if (!s.lastDrill) reasons.push({ status: 'attention', ja: '復元訓練の記録がありません。', en: 'No restore drill is recorded.' });
  else if (!s.lastDrill.ok) reasons.push({ status: 'attention', ja: '前回の復元訓練が失敗しています。', en: 'The last restore drill failed.' });
  else if (now.getTime() - new Date(s.lastDrill.finishedAt).getTime() > 31 * DAY_MS) reasons.push({ status: 'attention', ja: '前回の復元訓練から31日を超えています。', en: 'The last restore drill is over 31 days old.' });
  if (!reasons.length) return { status: 'met', evidence };
  return { status: worst(...reasons.map((r) => r.status)), evidence, reason: loc(reasons.map((r) => r.ja).join(' '), reasons.map((r) => r.en).join(' ')) };
};

/** CLD.8.1.5: ended contracts, their purge dates (none overdue), and the deletion certificates. */
export const removal: Check = async (ctx) => {
  const today = new Date(ctx.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  const { pending, overdue, certificates, stuck } = await withoutTenant(ctx.db, async (tx) => ({
    pending: (await tx.query<{ code: string; purge_on: string }>(`SELECT code, to_char(purge_on, 'YYYY-MM-DD') AS purge_on FROM ops.tenants WHERE purge_on IS NOT NULL AND status <> 'purged' ORDER BY purge_on`)).rows,
    overdue: (await tx.query<{ code: string }>(`SELECT code FROM ops.tenants WHERE purge_on IS NOT NULL AND status <> 'purged' AND purge_on < $1::date - 1`, [today])).rows,
    certificates: (await tx.query<{ n: number; last: Date | null }>(`SELECT count(*)::int AS n, max(completed_at) AS last FROM ops.deletion_certificates WHERE status = 'completed'`)).rows[0],
    stuck: (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.deletion_certificates WHERE status = 'in_progress'`)).rows[0]?.n ?? 0,
  }));
  const evidence: Evidence[] = [
    ev('削除予定の契約者', 'Tenants with a purge date', pending.length),
    ...pending.slice(0, 20).map((p) => ev(`削除予定日 ${p.code}`, `Purge date ${p.code}`, p.purge_on)),
    ev('削除証明書', 'Deletion certificates', certificates?.n ?? 0),
    ev('最新の削除完了', 'Last completed deletion', iso(certificates?.last)),
    ev('実行中の削除', 'Deletions in progress', stuck),
  ];
  if (overdue.length) {
    return { status: 'not_met', evidence, reason: loc(`削除予定日を過ぎても削除されていない契約者：${overdue.map((o) => o.code).join('、')}`, `Tenants past their purge date and not deleted: ${overdue.map((o) => o.code).join(', ')}`) };
  }
  if (stuck) return { status: 'attention', evidence, reason: loc('完了していない削除があります。', 'A deletion has not completed.') };
  return { status: 'met', evidence };
};

/** 12.1.2: maintenance notices reach every affected tenant at least the lead time in advance (urgent ones say why). */
export const changeManagement: Check = async (ctx) => {
  const now = ctx.clock.now();
  const leadDays = ctx.config.maintenance.leadDays;
  const rows = await withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<{ id: string; starts_at: Date; urgent: boolean; tenants: number; late: number }>(
        `SELECT n.id, n.starts_at, n.urgent,
                (SELECT count(*) FROM ops.maintenance_tenants t WHERE t.notice_id = n.id AND t.affected)::int AS tenants,
                (SELECT count(*) FROM ops.maintenance_tenants t WHERE t.notice_id = n.id AND t.affected
                   AND t.first_notified_at > n.starts_at - make_interval(days => $2))::int AS late
           FROM ops.maintenance_notices n
          WHERE n.cancelled_at IS NULL AND n.ends_at > $1::timestamptz - interval '90 days'
          ORDER BY n.starts_at`,
        [now, leadDays],
      )
    ).rows,
  );
  const late = rows.filter((r) => r.late > 0 && !r.urgent);
  const evidence: Evidence[] = [
    ev('事前通知の日数', 'Notice lead time (days)', leadDays),
    ev('直近90日と今後のメンテナンス', 'Maintenance in the last 90 days and ahead', rows.length),
    ev('緊急として通知したもの', 'Announced as urgent', rows.filter((r) => r.urgent).length),
    ev('事前通知が遅れたもの', 'Announced late', late.length),
    ...rows.filter((r) => r.starts_at > now).map((r) => ev('予定', 'Scheduled', `${iso(r.starts_at)} (${r.tenants})`)),
  ];
  if (late.length) {
    return { status: 'attention', evidence, reason: loc(`事前通知期間（${leadDays} 日）より遅く通知されたメンテナンスが ${late.length} 件あります（緊急の理由なし）。`, `${late.length} maintenance notice(s) reached tenants later than the ${leadDays}-day lead time without an urgent reason.`) };
  }
  return { status: 'met', evidence };
};

/** 16.1.1: open incidents against their notification deadlines; unsent past the deadline is not met. */
export const incidents: Check = async (ctx) => {
  const now = ctx.clock.now();
  const rows = await withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<{ title: string; deadline: Date; tenants: number; unsent: number; late: number }>(
        `SELECT i.title, i.notification_deadline AS deadline,
                (SELECT count(*) FROM ops.incident_tenants t WHERE t.incident_id = i.id)::int AS tenants,
                (SELECT count(*) FROM ops.incident_tenants t WHERE t.incident_id = i.id AND t.notified_at IS NULL)::int AS unsent,
                (SELECT count(*) FROM ops.incident_tenants t WHERE t.incident_id = i.id AND t.met_deadline = false)::int AS late
           FROM ops.incidents i WHERE i.status = 'open' ORDER BY i.notification_deadline`,
      )
    ).rows,
  );
  const overdue = rows.filter((r) => r.unsent > 0 && new Date(r.deadline).getTime() < now.getTime());
  const pending = rows.filter((r) => r.unsent > 0 && new Date(r.deadline).getTime() >= now.getTime());
  const late = rows.filter((r) => r.late > 0);
  const evidence: Evidence[] = [
    ev('未終結のインシデント', 'Open incidents', rows.length),
    ...rows.map((r) => ev(r.title, r.title, loc(`期限 ${iso(r.deadline)}・未通知 ${r.unsent}/${r.tenants}`, `deadline ${iso(r.deadline)}, unsent ${r.unsent}/${r.tenants}`))),
  ];
  if (overdue.length) {
    return { status: 'not_met', evidence, reason: loc(`通知期限を過ぎても契約者に通知していないインシデントがあります：${overdue.map((r) => r.title).join('、')}`, `Incidents past their notification deadline with tenants not notified: ${overdue.map((r) => r.title).join(', ')}`) };
  }
  if (pending.length || late.length) {
    return {
      status: 'attention',
      evidence,
      reason: loc(
        [pending.length ? `期限前で未通知のインシデントが ${pending.length} 件あります。` : '', late.length ? `期限後に通知したインシデントが ${late.length} 件あります。` : ''].join(''),
        [pending.length ? `${pending.length} incident(s) not yet notified, deadline ahead.` : '', late.length ? ` ${late.length} incident(s) notified after the deadline.` : ''].join('').trim(),
      ),
    };
  }
  return { status: 'met', evidence };
};

/** 16.1.2: the security contact address and the report inbox. */
export const reporting: Check = async (ctx) => {
  const open = await withoutTenant(ctx.db, async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.security_reports WHERE status NOT IN ('resolved', 'rejected')`)).rows[0]?.n ?? 0);
  const evidence = [ev('セキュリティ窓口', 'Security contact', ctx.config.securityContact), ev('未完了のセキュリティ報告', 'Open security reports', open)];
  if (ctx.config.env === 'production' && /@localhost$/i.test(ctx.config.securityContact)) {
    return { status: 'not_met', evidence, reason: loc('本番環境でセキュリティ窓口が既定値（localhost）のままです。SECURITY_CONTACT を設定してください。', 'The security contact is still the localhost default in production; set SECURITY_CONTACT.') };
  }
  return { status: 'met', evidence };
};

/** 18.2.1: this report, run daily by the self-check. */
export const independentReview: Check = async (ctx) => {
  const last = await withoutTenant(ctx.db, (tx) => lastOperatorEvent(tx, 'ops.compliance.checked'));
  const evidence = [ev('前回の自己点検', 'Last self-check', last ? iso(last.occurredAt) : null), ev('今回の点検', 'This check', ctx.clock.now().toISOString())];
  if (!last) return { status: 'attention', evidence, reason: loc('毎日の自己点検がまだ実行されていません。', 'The daily self-check has not run yet.') };
  if (ctx.clock.now().getTime() - last.occurredAt.getTime() > 2 * DAY_MS) {
    return { status: 'attention', evidence, reason: loc('毎日の自己点検が2日以上実行されていません。', 'The daily self-check has not run for over two days.') };
  }
  return { status: 'met', evidence };
};
