import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { withoutTenant } from '../../../core/db/index.js';
import { postgresTransport } from '../../../core/db/index.js';
import { tenantKeyStatus } from '../../keys/index.js';
import { ev, loc, worst, type ControlStatus, type Evidence } from '../report.js';
import { iso, type Check } from './check.js';

const LOOPBACK = /^(127\.|::1$|localhost$)/;

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);
}

/** CLD.9.5.2: security headers read from a live request, listeners and ports, body limit, no banner. */
export const hardening: Check = async (ctx) => {
  const res = await ctx.probe('/api/public/config');
  const h = res.headers;
  const csp = header(h, 'content-security-policy') ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  const https = Boolean(ctx.config.tls) || ctx.config.http.publicUrl.startsWith('https://');
  const checks: { ok: boolean; status: ControlStatus; ja: string; en: string }[] = [
    { ok: csp !== '' && !scriptSrc.includes("'unsafe-inline'"), status: 'not_met', ja: 'CSP がないか、インラインスクリプトを許可しています。', en: 'No CSP, or it allows inline scripts.' },
    { ok: /frame-ancestors 'none'/.test(csp), status: 'not_met', ja: 'CSP に frame-ancestors \'none\' がありません。', en: "The CSP lacks frame-ancestors 'none'." },
    { ok: header(h, 'x-content-type-options') === 'nosniff', status: 'not_met', ja: 'X-Content-Type-Options: nosniff がありません。', en: 'X-Content-Type-Options: nosniff is missing.' },
    { ok: Boolean(header(h, 'referrer-policy')), status: 'not_met', ja: 'Referrer-Policy がありません。', en: 'Referrer-Policy is missing.' },
    { ok: !header(h, 'x-powered-by') && !header(h, 'server'), status: 'not_met', ja: 'フレームワークのバナー（X-Powered-By / Server）が出ています。', en: 'A framework banner (X-Powered-By / Server) is sent.' },
    {
      ok: Boolean(header(h, 'strict-transport-security')) || !https,
      status: 'not_met',
      ja: 'HTTPS なのに HSTS がありません。',
      en: 'HTTPS without HSTS.',
    },
    { ok: https || ctx.config.env !== 'production', status: 'not_met', ja: '本番環境で HTTPS が設定されていません。', en: 'No HTTPS in production.' },
    { ok: https, status: 'attention', ja: 'HTTPS でない配備です（HSTS なし）。', en: 'This deployment is not on HTTPS (no HSTS).' },
    { ok: LOOPBACK.test(ctx.config.metrics.host), status: 'attention', ja: 'メトリクス用の待ち受けがループバック以外にも開いています。', en: 'The metrics listener is bound beyond loopback.' },
  ];
  const evidence: Evidence[] = [
    ev('公開の待ち受け', 'Public listener', ctx.config.tls ? `https ${ctx.config.http.host}:${ctx.config.tls.httpsPort} (+ http ${ctx.config.http.port} → redirect)` : `http ${ctx.config.http.host}:${ctx.config.http.port}`),
    ev('運用の待ち受け（health / metrics）', 'Operations listener (health / metrics)', `${ctx.config.metrics.host}:${ctx.config.metrics.port}`),
    ev('公開 URL', 'Public URL', ctx.config.http.publicUrl),
    ev('リクエストの上限（バイト）', 'Request body limit (bytes)', ctx.bodyLimit),
    ev('Content-Security-Policy', 'Content-Security-Policy', csp || null),
    ev('Strict-Transport-Security', 'Strict-Transport-Security', header(h, 'strict-transport-security') ?? null),
    ev('X-Content-Type-Options', 'X-Content-Type-Options', header(h, 'x-content-type-options') ?? null),
    ev('Referrer-Policy', 'Referrer-Policy', header(h, 'referrer-policy') ?? null),
    ev('X-Powered-By / Server', 'X-Powered-By / Server', header(h, 'x-powered-by') ?? header(h, 'server') ?? null),
  ];
  const failed = checks.filter((c) => !c.ok);
  if (!failed.length) return { status: 'met', evidence };
  return { status: worst(...failed.map((c) => c.status)), evidence, reason: loc(failed.map((c) => c.ja).join(' '), failed.map((c) => c.en).join(' ')) };
};

/** Regions in Japan: AWS Tokyo and Osaka (ap-northeast-2 is Seoul). */
const JAPAN_REGIONS = ['ap-northeast-1', 'ap-northeast-3'];

/** 6.1.3 / 18.1.1: where the stored files are; attention when the configured region is outside Japan. */
export const dataLocation: Check = async (ctx) => {
  const files = ctx.config.files;
  const evidence: Evidence[] = [ev('ファイル保管', 'File store', files.kind), ev('データベース', 'Database', ctx.config.database.kind)];
  if (files.kind === 's3') {
    evidence.push(ev('S3 リージョン', 'S3 region', files.region), ev('S3 エンドポイント', 'S3 endpoint', files.endpoint ?? 'AWS'));
    if (!JAPAN_REGIONS.includes(files.region)) {
      return { status: 'attention', evidence, reason: loc(`保管先のリージョン ${files.region} は日本国外です（東京 ap-northeast-1・大阪 ap-northeast-3 以外）。`, `The storage region ${files.region} is outside Japan (not Tokyo ap-northeast-1 or Osaka ap-northeast-3).`) };
    }
    return { status: 'met', evidence };
  }
  evidence.push(ev('保存場所', 'Location', files.dir));
  return {
    status: 'unknown',
    evidence,
    reason: loc(
      'ローカル保管ではデータの所在地はホストの所在地で、設定には記録されていません（所在地を記録する設定項目がありません）。',
      'With the local store the data lives where the host is, which the configuration does not record (there is no setting for the data location).',
    ),
  };
};

/** 10.1.1: TLS to users and to the database; per-tenant data keys present (and destroyed for purged tenants). */
export const cryptography: Check = async (ctx, reads) => {
  const https = Boolean(ctx.config.tls) || ctx.config.http.publicUrl.startsWith('https://');
  const db = ctx.config.database;
  const transport = db.kind === 'postgres' ? postgresTransport(db.appUrl) : 'embedded';
  const keys = await tenantKeyStatus(ctx.db);
  const tenants = await reads.tenants();
  const purgedWithKeys = keys.filter((k) => k.tenantStatus === 'purged' && k.dataKeyVersions.length > 0);
  const evidence: Evidence[] = [
    ev('利用者との通信', 'Users ↔ app', ctx.config.tls ? 'HTTPS (app)' : https ? 'HTTPS (terminated before the app)' : 'HTTP'),
    ev('データベースとの通信', 'App ↔ database', transport),
    ev('暗号方式', 'Algorithm', 'AES-256-GCM; per-tenant data keys wrapped by tenant KEKs under the master key'),
    ev('データ鍵を持つ契約者', 'Tenants holding a data key', `${keys.filter((k) => k.dataKeyVersions.length > 0).length}/${tenants.length}`),
    ...keys.map((k) => ev(`鍵 ${k.tenantCode}`, `Keys ${k.tenantCode}`, k.dataKeyVersions.length ? `v${k.dataKeyVersions.join(', v')} (${iso(k.since)})` : loc('なし（最初の暗号化で作成）', 'none (made at the first encryption)'))),
  ];
  const problems: { status: ControlStatus; ja: string; en: string }[] = [];
  if (purgedWithKeys.length) problems.push({ status: 'not_met', ja: `削除済みの契約者に鍵が残っています：${purgedWithKeys.map((k) => k.tenantCode).join('、')}`, en: `Purged tenants still hold keys: ${purgedWithKeys.map((k) => k.tenantCode).join(', ')}` });
  if (!https) problems.push({ status: ctx.config.env === 'production' ? 'not_met' : 'attention', ja: '利用者との通信が HTTPS ではありません。', en: 'Users do not reach the app over HTTPS.' });
  if (transport === 'none' || transport === 'unverified') {
    problems.push({ status: ctx.config.env === 'production' ? 'not_met' : 'attention', ja: 'データベース接続が検証付き TLS（sslmode=verify-full）ではありません。', en: 'The database connection is not verified TLS (sslmode=verify-full).' });
  }
  if (!problems.length) return { status: 'met', evidence };
  return { status: worst(...problems.map((p) => p.status)), evidence, reason: loc(problems.map((p) => p.ja).join(' '), problems.map((p) => p.en).join(' ')) };
};

/** Where the SBOM and the dependency audit result are looked for, from the project root. */
export const SBOM_FILES = ['sbom.cdx.json', 'dist/sbom.cdx.json'];
export const AUDIT_FILES = ['npm-audit.json', 'dist/npm-audit.json'];
const KEY_PACKAGES = ['fastify', 'zod', 'pg', '@electric-sql/pglite', '@node-rs/argon2', 'nodemailer', '@simplewebauthn/server'];

function firstExisting(root: string, names: readonly string[]): string | undefined {
  return names.map((n) => path.join(root, n)).find((p) => existsSync(p));
}

/** What `npm run audit:deps` (scripts/ci/audit.mjs) recorded, or a plain `npm audit --json`. */
type AuditResult =
  | { kind: 'counts'; high: number; critical: number; allowed: number }
  | { kind: 'unavailable'; detail: string }
  | { kind: 'error'; detail: string };

function readAudit(file: string): AuditResult | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
      status?: string;
      error?: { statusCode?: number; code?: string; message?: string };
      metadata?: { vulnerabilities?: Record<string, number> };
      policy?: { blockingCounts?: { high?: number; critical?: number }; allowed?: unknown[] };
    };
    if (parsed.status === 'unavailable') {
      const e = parsed.error ?? {};
      return { kind: 'unavailable', detail: e.statusCode ? `HTTP ${e.statusCode}` : (e.code ?? e.message ?? '?') };
    }
    if (parsed.status === 'error') return { kind: 'error', detail: parsed.error?.message ?? '?' };
    // Findings reviewed in the allow-list do not count; a plain npm audit result counts all.
    const blocking = parsed.policy?.blockingCounts;
    if (blocking) return { kind: 'counts', high: blocking.high ?? 0, critical: blocking.critical ?? 0, allowed: parsed.policy?.allowed?.length ?? 0 };
    const v = parsed.metadata?.vulnerabilities;
    return v ? { kind: 'counts', high: v.high ?? 0, critical: v.critical ?? 0, allowed: 0 } : undefined;
  } catch {
    return undefined;
  }
}

/** 12.6.1: component versions, the SBOM's date and the dependency audit result, when the files exist. */
export const vulnerabilities: Check = async (ctx) => {
  const server = await withoutTenant(ctx.db, async (tx) => (await tx.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? '?');
  let pkg: { version?: string; dependencies?: Record<string, string> } = {};
  try {
    pkg = JSON.parse(readFileSync(path.join(ctx.projectRoot, 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    pkg = {};
  }
  const evidence: Evidence[] = [
    ev('アプリケーション', 'Application', pkg.version ?? null),
    ev('Node.js', 'Node.js', process.version),
    ev(ctx.db.kind === 'pglite' ? 'PGlite（PostgreSQL）' : 'PostgreSQL', ctx.db.kind === 'pglite' ? 'PGlite (PostgreSQL)' : 'PostgreSQL', server),
    ...KEY_PACKAGES.filter((p) => pkg.dependencies?.[p]).map((p) => ev(p, p, pkg.dependencies?.[p] ?? null)),
  ];
  const sbom = firstExisting(ctx.projectRoot, SBOM_FILES);
  const auditFile = firstExisting(ctx.projectRoot, AUDIT_FILES);
  evidence.push(ev('SBOM（CycloneDX）', 'SBOM (CycloneDX)', sbom ? `${path.basename(sbom)} ${iso(statSync(sbom).mtime)}` : null));
  const audit = auditFile ? readAudit(auditFile) : undefined;
  const auditedAt = auditFile ? iso(statSync(auditFile).mtime) : '';
  evidence.push(
    ev(
      '依存関係の監査',
      'Dependency audit',
      !audit
        ? null
        : audit.kind === 'counts'
          ? `high ${audit.high}, critical ${audit.critical}${audit.allowed ? ` (+${audit.allowed} allow-listed)` : ''} (${auditedAt})`
          : `${audit.kind}: ${audit.detail} (${auditedAt})`,
    ),
  );
  if (audit?.kind === 'counts' && audit.high + audit.critical > 0) {
    return { status: 'not_met', evidence, reason: loc(`依存関係に既知の脆弱性があります（high ${audit.high}・critical ${audit.critical}）。`, `Dependencies have known vulnerabilities (high ${audit.high}, critical ${audit.critical}).`) };
  }
  if (audit && audit.kind !== 'counts') {
    return {
      status: 'unknown',
      evidence,
      reason: loc(
        `依存関係の監査ができませんでした（${audit.kind === 'unavailable' ? '脆弱性データベースに接続できません' : 'エラー'}: ${audit.detail}）。接続できる環境で npm run audit:deps を実行してください。`,
        `The dependency audit could not run (${audit.kind === 'unavailable' ? 'advisory database unreachable' : 'error'}: ${audit.detail}). Run npm run audit:deps where the database is reachable.`,
      ),
    };
  }
  if (!sbom || !audit) {
    const missing = [!sbom ? SBOM_FILES.join(' / ') : '', !audit ? AUDIT_FILES.join(' / ') : ''].filter(Boolean).join(', ');
    return {
      status: 'unknown',
      evidence,
      reason: loc(
        `SBOM または依存関係の監査結果のファイルがありません（${missing}）。ビルドで npm run sbom と npm run audit:deps を実行してください。`,
        `No SBOM or dependency-audit file (${missing}). Produce them in the build: npm run sbom and npm run audit:deps.`,
      ),
    };
  }
  return { status: 'met', evidence };
};
