import type { Localized } from '../../core/i18n.js';
import { notSoftware, shownByTests, type Check } from './checks/check.js';
import { mfa, passwordPolicy, registration, roles, sessions } from './checks/identity.js';
import { clockSync, eventLogs, evidenceExport, logIntegrity, monitoring, operatorLogs, retention } from './checks/logs.js';
import { backup, changeManagement, incidents, independentReview, removal, reporting } from './checks/operations.js';
import { cryptography, dataLocation, hardening, vulnerabilities } from './checks/platform.js';
import { assetInventory, networkSeparation, privilegedUtilities, staffSeparation, virtualSeparation } from './checks/separation.js';

export interface Control {
  id: string;
  clause: string;
  section: Localized;
  title: Localized;
  check: Check;
}

const TENANCY = { ja: 'テナント分離', en: 'Tenancy and separation' };
const IDENTITY = { ja: 'ID とアクセス', en: 'Identity and access' };
const LOGS = { ja: 'ログ・時刻・監視', en: 'Logs, clocks, monitoring' };
const OPERATIONS = { ja: '運用', en: 'Operations' };
const NOT_SOFTWARE = { ja: 'ソフトウェア外', en: 'Not software' };
const PROCESS = { ja: '提供者の業務手順で、ソフトウェアの機能ではありません。', en: 'A provider process, not a software feature.' };

/** Every control of requirements.md, in its order, with the check that reads its evidence. */
export const CONTROLS: readonly Control[] = [
  { id: 'asset_inventory', clause: '8.1.1', section: TENANCY, title: { ja: '資産目録（顧客データと運用データの分離）', en: 'Asset inventory (customer and provider data apart)' }, check: assetInventory },
  { id: 'rls', clause: 'CLD.9.5.1', section: TENANCY, title: { ja: '仮想環境の分離（行レベルセキュリティ）', en: 'Virtual separation (row-level security)' }, check: virtualSeparation },
  { id: 'network_separation', clause: '13.1.3', section: TENANCY, title: { ja: 'ネットワークの分離（他の契約者のデータに届かない）', en: 'Network separation (no reach into another tenant)' }, check: networkSeparation },
  { id: 'staff_separation', clause: '28.2 (13.1.3)', section: TENANCY, title: { ja: 'スタッフの分離（ブレークグラス）', en: 'Staff separation (break-glass)' }, check: staffSeparation },
  { id: 'hardening', clause: 'CLD.9.5.2', section: TENANCY, title: { ja: '堅牢化（待ち受け・セキュリティヘッダー）', en: 'Hardening (listeners, security headers)' }, check: hardening },
  { id: 'privileged_utilities', clause: '9.4.4', section: TENANCY, title: { ja: '特権的なユーティリティの排除', en: 'No privileged utilities' }, check: privilegedUtilities },
  { id: 'login', clause: '9.2.3', section: IDENTITY, title: { ja: 'ログイン（企業コード＋メール＋パスワード）', en: 'Login (company code + e-mail + password)' }, check: shownByTests('test/e2e/login*.e2e.test.ts') },
  { id: 'password_policy', clause: '9.2.3', section: IDENTITY, title: { ja: 'パスワードポリシー', en: 'Password policy' }, check: passwordPolicy },
  { id: 'mfa', clause: '9.2.3', section: IDENTITY, title: { ja: '多要素認証', en: 'Multi-factor authentication' }, check: mfa },
  { id: 'first_login', clause: '9.2.4', section: IDENTITY, title: { ja: '初回ログインの手順', en: 'First login procedure' }, check: shownByTests('test/platform/membersOnboarding.test.ts') },
  { id: 'password_change', clause: '9.2.4', section: IDENTITY, title: { ja: 'パスワードの変更・再設定', en: 'Password change and reset' }, check: shownByTests('test/platform/accountPassword.test.ts, accountReset.test.ts') },
  { id: 'registration_process', clause: '9.2.1', section: IDENTITY, title: { ja: '利用者登録（工程管理）', en: 'Registration (process)' }, check: registration('process') },
  { id: 'registration_catalog', clause: '9.2.1', section: IDENTITY, title: { ja: '利用者登録（データベース）', en: 'Registration (catalog)' }, check: registration('catalog') },
  { id: 'registration_survey', clause: '9.2.1', section: IDENTITY, title: { ja: '利用者登録（化学調査）', en: 'Registration (survey)' }, check: registration('survey') },
  { id: 'roles', clause: '9.2.2', section: IDENTITY, title: { ja: '役割', en: 'Roles' }, check: roles },
  { id: 'access_restriction', clause: '9.4.1', section: IDENTITY, title: { ja: 'アクセス制限（役割の変更）', en: 'Access restriction (role changes)' }, check: shownByTests('test/platform/membersLastAdmin.test.ts, membersPolicy.test.ts') },
  { id: 'labelling', clause: '8.2.2', section: IDENTITY, title: { ja: '情報のラベル付け', en: 'Labelling' }, check: shownByTests('test/services/*/labels tests') },
  { id: 'sessions', clause: '—', section: IDENTITY, title: { ja: 'セッション管理', en: 'Session hygiene' }, check: sessions },
  { id: 'event_logs', clause: '12.4.1', section: LOGS, title: { ja: 'イベントログ', en: 'Event logs' }, check: eventLogs },
  { id: 'operator_logs', clause: '12.4.3', section: LOGS, title: { ja: '運用作業ログ', en: 'Operator logs' }, check: operatorLogs },
  { id: 'log_integrity', clause: '—', section: LOGS, title: { ja: 'ログの完全性（ハッシュチェーン・署名）', en: 'Log integrity (hash chains, signatures)' }, check: logIntegrity },
  { id: 'clock_sync', clause: '12.4.4', section: LOGS, title: { ja: '時刻同期', en: 'Clock synchronisation' }, check: clockSync },
  { id: 'evidence', clause: '16.1.7', section: LOGS, title: { ja: '証拠の収集（証跡パッケージ）', en: 'Collection of evidence (evidence packages)' }, check: evidenceExport },
  { id: 'retention', clause: '18.1.3', section: LOGS, title: { ja: '記録の保存期間', en: 'Record retention' }, check: retention },
  { id: 'monitoring', clause: '12.1.3, CLD.12.4.5', section: LOGS, title: { ja: '監視と容量', en: 'Monitoring and capacity' }, check: monitoring },
  { id: 'backup', clause: '12.3.1', section: OPERATIONS, title: { ja: 'バックアップ', en: 'Backup' }, check: backup },
  { id: 'removal', clause: 'CLD.8.1.5', section: OPERATIONS, title: { ja: '契約終了時のデータ削除', en: 'Removal at contract end' }, check: removal },
  { id: 'export', clause: 'CLD.8.1.5', section: OPERATIONS, title: { ja: 'データの出力', en: 'Data export' }, check: shownByTests('test/platform/export.test.ts, exportFormats.test.ts') },
  { id: 'change_management', clause: '12.1.2', section: OPERATIONS, title: { ja: '変更管理（メンテナンスの事前通知）', en: 'Change management (maintenance notices)' }, check: changeManagement },
  { id: 'incidents', clause: '16.1.1', section: OPERATIONS, title: { ja: 'インシデント対応（通知期限）', en: 'Incident response (notification deadlines)' }, check: incidents },
  { id: 'reporting', clause: '16.1.2', section: OPERATIONS, title: { ja: 'セキュリティ事象の報告', en: 'Reporting security events' }, check: reporting },
  { id: 'location', clause: '6.1.3, 18.1.1', section: OPERATIONS, title: { ja: 'データの所在地と準拠法', en: 'Data location and law' }, check: dataLocation },
  { id: 'cryptography', clause: '10.1.1', section: OPERATIONS, title: { ja: '暗号化', en: 'Cryptography' }, check: cryptography },
  { id: 'vulnerabilities', clause: '12.6.1', section: OPERATIONS, title: { ja: '技術的脆弱性の管理', en: 'Technical vulnerabilities' }, check: vulnerabilities },
  { id: 'secure_development', clause: '14.2.1', section: OPERATIONS, title: { ja: 'セキュリティに配慮した開発', en: 'Secure development' }, check: shownByTests('CI: test suite, lint, type check, PostgreSQL run') },
  { id: 'in_app_pages', clause: '5.1.1, 6.1.1, CLD.6.3.1, CLD.12.1.5, 14.1.1', section: OPERATIONS, title: { ja: 'アプリ内のポリシー・責任分界・規約・ヘルプ', en: 'In-app policy, responsibilities, terms and help' }, check: shownByTests('test/e2e (security pages)') },
  { id: 'independent_review', clause: '18.2.1', section: OPERATIONS, title: { ja: '独立したレビュー（この報告書と毎日の自己点検）', en: 'Independent review (this report and the daily self-check)' }, check: independentReview },
  { id: 'training', clause: '7.2.2', section: NOT_SOFTWARE, title: { ja: '従業員の教育', en: 'Staff training' }, check: notSoftware(PROCESS) },
  { id: 'media_disposal', clause: '11.2.7', section: NOT_SOFTWARE, title: { ja: '物理媒体の処分', en: 'Disposal of physical media' }, check: notSoftware(PROCESS) },
  { id: 'supplier_agreements', clause: '15.1.2, 15.1.3', section: NOT_SOFTWARE, title: { ja: '供給者との合意', en: 'Supplier agreements' }, check: notSoftware(PROCESS) },
  { id: 'network_design', clause: 'CLD.13.1.4', section: NOT_SOFTWARE, title: { ja: 'ネットワーク設計', en: 'Network design' }, check: notSoftware(PROCESS) },
  { id: 'ip_contact', clause: '18.1.2', section: NOT_SOFTWARE, title: { ja: '知的財産権に関する連絡', en: 'Intellectual property contact' }, check: notSoftware(PROCESS) },
];
