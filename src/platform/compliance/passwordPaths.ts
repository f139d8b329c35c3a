/**
 * Every code path that sets a password, and the validator entry point it goes through
 * (all of them end in `checkPassword` of identity/passwordPolicy.ts). A test reads each file
 * and asserts the validator is called there, and that no other file hashes a new password.
 */
export interface PasswordPath {
  id: string;
  /** The file that sets the password, from the project root. */
  file: string;
  /** The validator the path calls (a name that must appear in `file`). */
  validator: 'checkPassword' | 'addPasswordIssues' | 'assertPasswordPolicy' | 'staffSetupSchema' | 'generateTemporaryPassword';
  label: { ja: string; en: string };
}

export const PASSWORD_PATHS: readonly PasswordPath[] = [
  { id: 'change', file: 'src/platform/identity/passwordChange.ts', validator: 'assertPasswordPolicy', label: { ja: '本人によるパスワード変更', en: 'Self-service change' } },
  { id: 'reset', file: 'src/platform/identity/passwordReset.ts', validator: 'assertPasswordPolicy', label: { ja: 'パスワード再設定（メール）', en: 'Reset by e-mail' } },
  { id: 'first_login', file: 'src/platform/members/commands/completeFirstLogin.ts', validator: 'assertPasswordPolicy', label: { ja: '代表者の初回ログイン', en: 'Representative first login' } },
  { id: 'invitation', file: 'src/platform/members/commands/acceptInvitation.ts', validator: 'assertPasswordPolicy', label: { ja: '招待からの設定（データベース）', en: 'Invitation (catalog)' } },
  { id: 'admin_initial', file: 'src/platform/members/commands/addMember.ts', validator: 'addPasswordIssues', label: { ja: '管理者が設定する初期パスワード（工程管理）', en: 'Admin-set initial password (process)' } },
  { id: 'temporary', file: 'src/platform/members/commands/addSurveyMember.ts', validator: 'generateTemporaryPassword', label: { ja: '生成される仮パスワード（化学調査）', en: 'Generated temporary password (survey)' } },
  { id: 'temporary_generator', file: 'src/platform/members/temporaryPassword.ts', validator: 'checkPassword', label: { ja: '仮パスワード生成器', en: 'Temporary password generator' } },
  { id: 'staff_bootstrap', file: 'src/platform/identity/staffBootstrap.ts', validator: 'addPasswordIssues', label: { ja: '最初のスタッフアカウント', en: 'First staff account' } },
  { id: 'staff_setup', file: 'src/platform/staff/accountRoutes.ts', validator: 'staffSetupSchema', label: { ja: 'スタッフ招待からの設定', en: 'Staff invitation set-up' } },
];

/** Probes the validator must answer as the rule in force (lengths min–max) says: [password, accepted]. */
export function passwordProbes(min: number, max: number): readonly (readonly [string, boolean])[] {
  const valid = 'Zq7#wv2Lpx' + 'k'.repeat(min - 10);
  return [
    [valid, true],
    [valid.slice(0, -1), false],
    [`${valid}${'a'.repeat(max - min)}`, true],
    [`${valid}${'a'.repeat(max - min + 1)}`, false],
    [`Ｚ${valid.slice(1)}`, false],
    [`Zq7 ${valid.slice(4)}k`, false],
    [`Zq7^${valid.slice(4)}k`, false],
    [`${valid.toLowerCase()}k`, false],
    [`Zq7A${valid.slice(4)}k`, false],
  ];
}
