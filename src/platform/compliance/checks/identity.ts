import { withTenant, withoutTenant } from '../../../core/db/index.js';
import { checkPassword, passwordLengths, PASSWORD_MIN_LENGTH, PASSWORD_SYMBOLS } from '../../identity/index.js';
import { PASSWORD_PATHS, passwordProbes } from '../passwordPaths.js';
import { ev, loc, type Evidence } from '../report.js';
import type { Check } from './check.js';

/** 9.2.3: the rule in force, probed live, and the password-setting paths bound to it. */
export const passwordPolicy: Check = async () => {
  const { min, max } = passwordLengths();
  const probes = passwordProbes(min, max);
  const wrong = probes.filter(([password, accepted]) => (checkPassword(password).length === 0) !== accepted);
  const evidence: Evidence[] = [
    ev('文字数', 'Length', min > PASSWORD_MIN_LENGTH ? loc(`${min}–${max}（白書の${PASSWORD_MIN_LENGTH}文字より厳しく設定）`, `${min}–${max} (stricter than the white paper's ${PASSWORD_MIN_LENGTH})`) : `${min}–${max}`),
    ev('使える記号', 'Allowed symbols', PASSWORD_SYMBOLS.split('').join(' ')),
    ev('必須', 'Required', loc('英大文字・英小文字・数字・記号を各1文字以上', 'one upper-case, lower-case, digit and symbol each')),
    ev('追加の拒否', 'Also refused', loc('メールアドレスの@より前を含むもの、よく使われるパスワード', 'containing the e-mail local part; common passwords')),
    ev('検証器の試験（実行時）', 'Validator probes (live)', `${probes.length - wrong.length}/${probes.length}`),
    ev('同じ検証器を使う設定経路', 'Password-setting paths on the one validator', PASSWORD_PATHS.map((p) => p.id).join(', ')),
  ];
  if (wrong.length) {
    return { status: 'not_met', evidence, reason: loc(`パスワード検証器が規則どおりに判定しない入力が ${wrong.length} 件あります。`, `The password validator answers ${wrong.length} probe(s) against the rule.`) };
  }
  return { status: 'met', evidence };
};

/** 9.2.3 MFA: which tenants require it and how many of their active users enrolled; every active staff member has TOTP. */
export const mfa: Check = async (ctx, reads) => {
  const tenants = (await reads.tenants()).filter((t) => t.status === 'active' || t.status === 'suspended');
  const evidence: Evidence[] = [];
  let requiring = 0;
  for (const t of tenants) {
    const row = await withTenant(ctx.db, t.id, async (tx) =>
      (
        await tx.query<{ required: boolean | null; users: number; enrolled: number }>(
          `SELECT (SELECT mfa_required FROM platform.tenant_settings) AS required,
                  (SELECT count(*)::int FROM platform.users u WHERE u.status = 'active') AS users,
                  (SELECT count(*)::int FROM platform.users u WHERE u.status = 'active'
                     AND (EXISTS (SELECT 1 FROM platform.mfa_totp m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL)
                          OR EXISTS (SELECT 1 FROM platform.passkeys p WHERE p.user_id = u.id))) AS enrolled`,
        )
      ).rows[0],
    );
    const required = row?.required === true;
    if (required) requiring++;
    const users = row?.users ?? 0;
    const enrolled = row?.enrolled ?? 0;
    const pct = users ? Math.round((enrolled / users) * 100) : 0;
    evidence.push(ev(`契約者 ${t.code}`, `Tenant ${t.code}`, loc(`${required ? '必須' : '任意'}・登録 ${enrolled}/${users} 人（${pct}%）`, `${required ? 'required' : 'optional'}, enrolled ${enrolled}/${users} (${pct}%)`)));
  }
  const staff = await withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<{ display_name: string; totp: boolean; signed_in: boolean }>(
        `SELECT s.display_name, EXISTS (SELECT 1 FROM ops.staff_totp t WHERE t.staff_id = s.id) AS totp, s.last_sign_in_at IS NOT NULL AS signed_in
           FROM ops.staff s WHERE s.status = 'active' ORDER BY s.display_name`,
      )
    ).rows,
  );
  const staffWithout = staff.filter((s) => !s.totp);
  evidence.unshift(
    ev('MFA 必須の契約者', 'Tenants requiring MFA', `${requiring}/${tenants.length}`),
    ev('スタッフ（有効）の MFA 登録', 'Active staff with MFA', `${staff.length - staffWithout.length}/${staff.length}`),
  );
  for (const s of staff) evidence.push(ev(`スタッフ ${s.display_name}`, `Staff ${s.display_name}`, s.totp ? 'TOTP' : loc('未登録', 'not enrolled')));
  const signedInWithout = staffWithout.filter((s) => s.signed_in);
  if (signedInWithout.length) {
    return {
      status: 'not_met',
      evidence,
      reason: loc(`MFA を登録せずにサインインしたスタッフがいます：${signedInWithout.map((s) => s.display_name).join('、')}`, `Staff signed in without MFA: ${signedInWithout.map((s) => s.display_name).join(', ')}`),
    };
  }
  if (staffWithout.length) {
    return { status: 'attention', evidence, reason: loc('MFA をまだ登録していない有効なスタッフがいます（初回サインインで登録されます）。', 'Active staff have not enrolled MFA yet (enrolment happens at their first sign-in).') };
  }
  return { status: 'met', evidence };
};

const EXPECTED_ROLES: Record<string, string[]> = {
  process: ['admin', 'member'],
  catalog: ['admin', 'editor', 'viewer'],
  survey: ['org_admin', 'org_reviewer', 'org_member'],
};

/** 9.2.2: each service's roles as the white paper names them. */
export const roles: Check = async (ctx) => {
  const evidence: Evidence[] = [];
  const wrong: string[] = [];
  for (const service of ctx.registry.services) {
    const ids = service.roles.map((r) => r.id);
    evidence.push(ev(service.name.ja, service.name.en, loc(service.roles.map((r) => r.name.ja).join('、'), service.roles.map((r) => r.name.en).join(', '))));
    const expected = EXPECTED_ROLES[service.id];
    if (expected && (expected.length !== ids.length || expected.some((id) => !ids.includes(id)))) wrong.push(service.id);
  }
  if (wrong.length) return { status: 'not_met', evidence, reason: loc(`役割が白書と一致しないサービス：${wrong.join('、')}`, `Services whose roles differ from the white paper: ${wrong.join(', ')}`) };
  return { status: 'met', evidence };
};

const EXPECTED_MANAGEMENT: Record<string, string> = { process: 'set-by-admin', catalog: 'invitation-link', survey: 'temporary-by-email' };

/** 9.2.1: how each service registers members, as its definition declares it. */
export function registration(serviceId: 'process' | 'catalog' | 'survey'): Check {
  return async (ctx) => {
    const service = ctx.registry.get(serviceId);
    if (!service) return { status: 'unknown', evidence: [], reason: loc(`サービス ${serviceId} が登録されていません。`, `The ${serviceId} service is not registered.`) };
    const evidence = [ev('追加する人', 'Added by', service.memberManagement.by), ev('最初のパスワード', 'Initial password', service.memberManagement.initialPassword)];
    if (service.memberManagement.initialPassword !== EXPECTED_MANAGEMENT[serviceId]) {
      return { status: 'not_met', evidence, reason: loc('メンバー登録の方式が白書と異なります。', 'The member registration differs from the white paper.') };
    }
    return { status: 'met', evidence };
  };
}

/** Session hygiene: the configured lifetimes within the platform's bounds. */
export const sessions: Check = async (ctx) => {
  const { idleMinutes, absoluteHours } = ctx.config.session;
  const evidence = [
    ev('無操作タイムアウト（分）', 'Idle timeout (minutes)', idleMinutes),
    ev('最長有効期間（時間）', 'Absolute lifetime (hours)', absoluteHours),
    ev('Cookie', 'Cookie', 'HttpOnly; SameSite; Secure (HTTPS)'),
  ];
  if (idleMinutes > 480 || absoluteHours > 72) return { status: 'not_met', evidence, reason: loc('セッションの有効期間が上限を超えています。', 'A session lifetime exceeds its bound.') };
  return { status: 'met', evidence };
};
