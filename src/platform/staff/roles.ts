import type { Localized } from '../../core/i18n.js';

/** What staff may do in the operator console; staff never see registered data without break-glass. */
export const STAFF_PERMISSIONS = {
  'ops:tenants:read': { ja: '契約者・契約の閲覧', en: 'View tenants and contracts' },
  'ops:tenants:write': { ja: '契約者・契約の登録・変更', en: 'Create and change tenants and contracts' },
  'ops:survey_members:manage': { ja: '化学調査ユーザーの追加・削除・役割変更（依頼に基づく）', en: 'Add, delete and re-role chemical-survey users (on request)' },
  'ops:tenant_security:manage': { ja: '契約者のMFA必須設定の変更（依頼に基づく）', en: 'Switch a tenant’s MFA requirement (on request)' },
  'ops:audit:read': { ja: '運用作業ログの閲覧', en: 'View the operator work log' },
  'ops:staff:manage': { ja: 'スタッフアカウントの管理', en: 'Manage staff accounts' },
  'ops:staff:read': { ja: 'スタッフアカウントと教育記録の閲覧', en: 'View staff accounts and training records' },
  'ops:security_reports:read': { ja: 'セキュリティ報告の閲覧', en: 'View security reports' },
  'ops:security_reports:manage': { ja: 'セキュリティ報告の対応（状態・担当者・メモ）', en: 'Handle security reports (status, assignee, notes)' },
  'ops:alerts:read': { ja: '運用アラートの閲覧', en: 'View operations alerts' },
  'ops:breakglass:use': { ja: '特権アクセス（ブレークグラス）による契約者データの閲覧（理由と期限を記録）', en: 'Read a tenant’s data through a break-glass grant (reason and time limit recorded)' },
  'ops:evidence:export': { ja: '証跡パッケージの出力と法的開示請求の記録', en: 'Export evidence packages and record legal disclosure requests' },
  'ops:retention:manage': { ja: '保存期間とリーガルホールドの管理', en: 'Manage retention periods and legal holds' },
  'ops:backups:manage': { ja: 'バックアップの即時取得と復元訓練', en: 'Take a backup now and run restore drills' },
  'ops:incidents:manage': { ja: 'インシデントの記録と契約者への通知・終結', en: 'Record incidents, notify affected tenants and close incidents' },
} as const satisfies Record<string, Localized>;

export type StaffPermission = keyof typeof STAFF_PERMISSIONS;

/** Staff roles: operators run tenants, security officers also manage staff, auditors only read. */
export const STAFF_ROLES: Record<string, { name: Localized; permissions: readonly StaffPermission[] }> = {
  operator: {
    name: { ja: 'オペレーター', en: 'Operator' },
    permissions: ['ops:tenants:read', 'ops:tenants:write', 'ops:survey_members:manage', 'ops:tenant_security:manage', 'ops:audit:read', 'ops:breakglass:use', 'ops:evidence:export', 'ops:security_reports:read', 'ops:security_reports:manage', 'ops:alerts:read', 'ops:incidents:manage', 'ops:backups:manage'],
  },
  security_officer: {
    name: { ja: 'セキュリティ責任者', en: 'Security officer' },
    permissions: ['ops:tenants:read', 'ops:tenant_security:manage', 'ops:audit:read', 'ops:staff:manage', 'ops:breakglass:use', 'ops:evidence:export', 'ops:retention:manage', 'ops:staff:read', 'ops:security_reports:read', 'ops:security_reports:manage', 'ops:alerts:read', 'ops:incidents:manage', 'ops:backups:manage'],
  },
  auditor: {
    name: { ja: '監査担当（閲覧のみ）', en: 'Auditor (read-only)' },
    permissions: ['ops:tenants:read', 'ops:audit:read', 'ops:staff:read', 'ops:security_reports:read', 'ops:alerts:read'],
  },
};

export function isStaffPermission(value: string): value is StaffPermission {
  return value in STAFF_PERMISSIONS;
}

/** Every permission the staff member's roles grant; unknown roles grant nothing. */
export function staffPermissionsOf(roles: readonly string[]): Set<StaffPermission> {
  const granted = new Set<StaffPermission>();
  for (const role of roles) for (const p of STAFF_ROLES[role]?.permissions ?? []) granted.add(p);
  return granted;
}
