import { APP_DB_ROLE } from '../../../core/config.js';
import { withoutTenant } from '../../../core/db/index.js';
import { ev, loc, type CheckOutcome, type Evidence } from '../report.js';
import { iso, type Check } from './check.js';

/** Schemas that hold customer (registered) data; provider records live in `ops`, logs in `audit`. */
const PROVIDER_SCHEMAS = ['ops'];

/** 8.1.1: tenant data and provider records never share a table (no `tenant_id` table in `ops`). */
export const assetInventory: Check = async (_ctx, reads) => {
  const tables = await reads.rls();
  const bySchema = new Map<string, number>();
  for (const t of tables) {
    const schema = t.table.split('.')[0] ?? '';
    bySchema.set(schema, (bySchema.get(schema) ?? 0) + 1);
  }
  const mixed = tables.filter((t) => PROVIDER_SCHEMAS.includes(t.table.split('.')[0] ?? ''));
  const evidence: Evidence[] = [
    ev('テナントデータを持つスキーマ（表の数）', 'Schemas holding tenant data (tables)', [...bySchema].map(([s, n]) => `${s} (${n})`).join(', ') || '—'),
  ];
  if (tables.length === 0) {
    return { status: 'unknown', evidence, reason: loc('tenant_id を持つ表がカタログに見つかりません。', 'No table with tenant_id was found in the catalog.') };
  }
  if (mixed.length > 0) {
    return {
      status: 'not_met',
      evidence: [...evidence, ev('運用スキーマにあるテナントデータ', 'Tenant data in the provider schema', mixed.map((t) => t.table).join(', '))],
      reason: loc('運用データ用のスキーマに tenant_id を持つ表があります。', 'A provider-operations schema holds a table with tenant_id.'),
    };
  }
  return { status: 'met', evidence };
};

/** CLD.9.5.1: RLS enabled, forced and with a policy on every tenant table; the app role cannot bypass it. */
export const virtualSeparation: Check = async (_ctx, reads) => {
  const tables = await reads.rls();
  const role = await reads.role();
  const broken = tables.filter((t) => !t.enabled || !t.forced || t.policies === 0);
  const roleOk = role.role === APP_DB_ROLE && !role.superuser && !role.bypassRls && role.ownsTables === 0;
  const evidence: Evidence[] = [
    ev('tenant_id を持つ表', 'Tables with tenant_id', tables.length),
    ev('RLS 有効かつ強制（FORCE）', 'RLS enabled and forced', tables.filter((t) => t.enabled && t.forced && t.policies > 0).length),
    ev('アプリケーションのロール', 'Application role', role.role),
    ev('スーパーユーザー / BYPASSRLS / 所有する表', 'Superuser / BYPASSRLS / tables owned', `${role.superuser} / ${role.bypassRls} / ${role.ownsTables}`),
    ev('テナントの設定', 'Tenant setting', 'set_config(app.tenant_id, …, true) per transaction (withTenant)'),
  ];
  if (tables.length === 0) return { status: 'unknown', evidence, reason: loc('tenant_id を持つ表がカタログに見つかりません。', 'No table with tenant_id was found in the catalog.') };
  const problems: string[] = [];
  const problemsEn: string[] = [];
  if (broken.length) {
    const names = broken.map((t) => `${t.table}${!t.enabled ? ' (RLS off)' : !t.forced ? ' (not forced)' : ' (no policy)'}`).join(', ');
    evidence.push(ev('RLS に不備のある表', 'Tables with RLS gaps', names));
    problems.push(`行レベルセキュリティが有効・強制・ポリシーありになっていない表があります：${names}`);
    problemsEn.push(`Row-level security is not enabled, forced and with a policy on: ${names}`);
  }
  if (!roleOk) {
    problems.push(`アプリケーションが ${APP_DB_ROLE} 以外または特権のあるロール（${role.role}）で接続しています。`);
    problemsEn.push(`The application connects as ${role.role}, not as the restricted role ${APP_DB_ROLE}.`);
  }
  if (problems.length) return { status: 'not_met', evidence, reason: loc(problems.join(' '), problemsEn.join(' ')) };
  return { status: 'met', evidence };
};

/** 13.1.3: no tenant reads another's data; at the database this is the RLS of every tenant table. */
export const networkSeparation: Check = async (ctx, reads) => {
  const outcome: CheckOutcome = await virtualSeparation(ctx, reads);
  return {
    ...outcome,
    evidence: [...outcome.evidence.slice(0, 2), ev('API での検証', 'API-level proof', 'test/platform/tenancy.test.ts, membersAccess.test.ts (CI)')],
  };
};

/** 28.2: staff reach customer data only through time-limited break-glass grants; the active ones are listed. */
export const staffSeparation: Check = async (ctx) => {
  const now = ctx.clock.now();
  const grants = await withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<{ staff_name: string; code: string | null; opened_at: Date; expires_at: Date; notified_at: Date | null }>(
        `SELECT g.staff_name, t.code, g.opened_at, g.expires_at, g.notified_at
           FROM ops.breakglass_grants g LEFT JOIN ops.tenants t ON t.id = g.customer_id
          WHERE g.closed_at IS NULL AND g.expires_at > $1 ORDER BY g.opened_at`,
        [now],
      )
    ).rows,
  );
  const longest = await withoutTenant(ctx.db, async (tx) =>
    (await tx.query<{ minutes: number | null }>(`SELECT max(extract(epoch FROM expires_at - opened_at) / 60)::float8 AS minutes FROM ops.breakglass_grants`)).rows[0]?.minutes ?? null,
  );
  const evidence: Evidence[] = [
    ev('有効なブレークグラス許可', 'Active break-glass grants', grants.length),
    ...grants.map((g) => ev('許可', 'Grant', `${g.staff_name} → ${g.code ?? '?'} (${iso(g.opened_at)} – ${iso(g.expires_at)})`)),
    ev('これまでの最長の許可（分）', 'Longest grant ever (minutes)', longest === null ? null : Math.round(longest)),
  ];
  if (longest !== null && longest > 240) {
    return { status: 'not_met', evidence, reason: loc('4時間を超えるブレークグラス許可があります。', 'A break-glass grant ran longer than four hours.') };
  }
  return { status: 'met', evidence };
};

/** 9.4.4: no way around the audited API; the first staff account was bootstrapped at most once. */
export const privilegedUtilities: Check = async (ctx) => {
  const rows = await withoutTenant(ctx.db, async (tx) => (await tx.query<{ done_at: Date }>('SELECT done_at FROM ops.staff_bootstrap')).rows);
  return {
    status: 'met',
    evidence: [
      ev('ルートの宣言', 'Route declarations', loc('宣言（認証・認可・監査）のないルートは起動時に拒否されます（起動済み）', 'Routes without an access/audit declaration are refused at start (this app started)')),
      ev('初回スタッフ作成', 'First staff bootstrap', rows[0] ? iso(rows[0].done_at) : loc('未実施', 'not yet')),
    ],
  };
};
