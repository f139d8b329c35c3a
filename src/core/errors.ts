import { interpolate, type Lang, type Localized } from './i18n.js';

/**
 * Stable error codes, their HTTP status and their user-facing messages (ja/en).
 * The internal detail of an error never reaches the user; 500s say nothing internal.
 */
const catalog = {
  'validation.failed': { status: 400, ja: '入力内容に誤りがあります。各項目のメッセージを確認してください。', en: 'Some fields are not valid. Check the message beside each field.' },
  'request.malformed': { status: 400, ja: 'リクエストの形式が正しくありません。', en: 'The request is malformed.' },
  'request.too_large': { status: 413, ja: 'リクエストが大きすぎます。', en: 'The request is too large.' },
  'request.unsupported_media_type': { status: 415, ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' },
  'auth.required': { status: 401, ja: 'ログインしてください。', en: 'Please sign in.' },
  'auth.invalid_credentials': { status: 401, ja: '企業コード、メールアドレスまたはパスワードが正しくありません。', en: 'The company code, e-mail or password is incorrect.' },
  'auth.forbidden': { status: 403, ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' },
  'csrf.invalid': { status: 403, ja: 'ページの有効期限が切れました。再読み込みしてからもう一度お試しください。', en: 'This page has expired. Reload it and try again.' },
  'not_found': { status: 404, ja: '見つかりません。', en: 'Not found.' },
  'route.not_found': { status: 404, ja: 'このアドレスは存在しません。', en: 'There is nothing at this address.' },
  'method.not_allowed': { status: 405, ja: 'この操作はこのアドレスでは使えません。', en: 'This method is not allowed here.' },
  'conflict': { status: 409, ja: '他の操作と競合しました。再読み込みしてからもう一度お試しください。', en: 'This conflicts with another change. Reload and try again.' },
  'setup.link_invalid': { status: 404, ja: 'このセットアップリンクは無効か、期限切れです。サーバーの管理者に新しいリンクを依頼してください。', en: 'This setup link is invalid or has expired. Ask the server operator for a new link.' },
  'setup.already_done': { status: 409, ja: '運用スタッフのアカウントは既に作成されています。既存のスタッフにアカウント作成を依頼してください。', en: 'A staff account already exists. Ask an existing staff member to create your account.' },
  'auth.temporary_password_expired': { status: 401, ja: '仮パスワードの有効期限が切れています。運営事業者の窓口に再発行をご依頼ください。', en: 'Your temporary password has expired. Ask the provider to issue a new one.' },
  'auth.password_change_required': { status: 403, ja: 'パスワードの変更が必要です。新しいパスワードを設定してください。', en: 'You must change your password before continuing.' },
  // identity.account codes (sessions, lockout, password change and reset)
  'account.current_password_invalid': { status: 400, ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' },
  'account.password_unchanged': { status: 400, ja: '新しいパスワードには、現在のパスワードと異なるものを指定してください。', en: 'Choose a new password that differs from the current one.' },
  'account.reset_link_invalid': { status: 404, ja: 'このパスワード再設定用のリンクは無効か、有効期限が切れているか、すでに使用されています。お手数ですが、もう一度再設定をお申し込みください。', en: 'This password reset link is invalid, has expired or has already been used. Please request a new one.' },
  // identity.mfa codes (TOTP, recovery codes, passkeys, MFA policy)
  'mfa.challenge_invalid': { status: 401, ja: '本人確認の有効期限が切れたか、試行回数の上限に達しました。もう一度ログインしてください。', en: 'This verification has expired or had too many attempts. Sign in again.' },
  'mfa.code_invalid': { status: 400, ja: '確認コードが正しくありません。認証アプリに表示されている最新の6桁のコードを入力してください。', en: 'The code is not correct. Enter the current 6-digit code from your authenticator app.' },
  'mfa.recovery_code_invalid': { status: 400, ja: 'リカバリーコードが正しくないか、すでに使用されています。未使用のコードを入力してください。', en: 'This recovery code is wrong or has already been used. Enter an unused code.' },
  'mfa.passkey_failed': { status: 400, ja: 'パスキーを確認できませんでした。もう一度お試しいただくか、別の方法を選んでください。', en: 'The passkey could not be verified. Try again or choose another method.' },
  'mfa.passkey_duplicate': { status: 409, ja: 'このパスキーはすでに登録されています。', en: 'This passkey is already registered.' },
  'mfa.method_unavailable': { status: 400, ja: 'この方法はお使いのアカウントでは利用できません。別の方法を選んでください。', en: 'This method is not set up for your account. Choose another method.' },
  'mfa.totp_already_enrolled': { status: 409, ja: '認証アプリはすでに登録されています。登録し直すには、いったん解除してください。', en: 'An authenticator app is already set up. Remove it first to set up a new one.' },
  'mfa.totp_not_enrolled': { status: 409, ja: '認証アプリは登録されていません。', en: 'No authenticator app is set up.' },
  'mfa.enrolment_not_started': { status: 409, ja: '登録手続きが見つかりません。最初からやり直してください。', en: 'No setup is in progress. Start again.' },
  'mfa.reauth_failed': { status: 400, ja: 'パスワードまたは確認コードが正しくありません。', en: 'The password or code is not correct.' },
  'mfa.last_factor_required': { status: 409, ja: '組織の設定で多要素認証が必須のため、最後の認証方法は削除できません。先に別の方法を登録してください。', en: 'Your organisation requires multi-factor authentication, so your last method cannot be removed. Add another method first.' },
  'mfa.no_factor': { status: 409, ja: 'リカバリーコードを発行するには、先に認証アプリかパスキーを登録してください。', en: 'Set up an authenticator app or a passkey before creating recovery codes.' },
  'auth.staff_invalid_credentials': { status: 401, ja: 'メールアドレスまたはパスワードが正しくありません。', en: 'The e-mail or password is incorrect.' },
  'auth.staff_mfa_invalid': { status: 401, ja: '確認コードが正しくないか、サインインの有効期限が切れました。もう一度サインインしてください。', en: 'The code is wrong or the sign-in has expired. Sign in again.' },
  // members codes (adding, inviting, deleting members; roles)
  'members.staff_managed': { status: 403, ja: 'このサービスのメンバーの追加・削除・役割の変更は、貴社からのご依頼に基づき運営事業者が行います。ご依頼は運営事業者の窓口へお寄せください。', en: 'Members of this service are added, removed and re-roled by the provider at your request. Please send your request to the provider.' },
  'members.invitation_only': { status: 403, ja: 'このサービスでは、メンバーはメールでの招待により追加します。「招待する」から招待を送ってください。', en: 'Members of this service are added by e-mail invitation. Use “Invite” to send one.' },
  'members.direct_add_only': { status: 403, ja: 'このサービスでは招待は使いません。管理者がメンバーを追加し、初期パスワードを設定します。', en: 'This service does not use invitations. An admin adds members and sets their initial password.' },
  'members.not_all_services': { status: 403, ja: 'このユーザーは、あなたが管理していないサービス（運営事業者が管理する化学調査を含む）のメンバーでもあるため、この操作はできません。', en: 'This user is also a member of a service you do not manage (including the chemical survey, which the provider manages), so you cannot do this.' },
  'members.last_admin': { status: 409, ja: '{service_ja}の管理者はこのユーザーだけのため、削除・役割の変更・無効化はできません。先に別のメンバーを管理者にしてください。', en: 'This user is the only admin of {service_en}, so they cannot be removed, demoted or disabled. Make another member an admin first.' },
  'members.cannot_disable_self': { status: 409, ja: '自分自身を無効化することはできません。別の管理者に依頼してください。', en: 'You cannot disable yourself. Ask another admin.' },
  'members.email_taken': { status: 409, ja: 'このメールアドレスのユーザーは既に登録されています。一覧から、そのユーザーをこのサービスに追加してください。', en: 'A user with this e-mail address already exists. Add that user to this service from the list.' },
  'members.already_member': { status: 409, ja: 'このユーザーは既にこのサービスのメンバーです。役割を変えるには「役割を変更」を使ってください。', en: 'This user is already a member of this service. Use “Change role” to change their role.' },
  'members.service_not_contracted': { status: 409, ja: 'このサービスはご契約に含まれていないため、メンバーを追加できません。', en: 'Your contract does not include this service, so members cannot be added to it.' },
  'members.invitation_pending': { status: 409, ja: 'このメールアドレスには既に招待を送っています。招待中の一覧から再送してください。', en: 'An invitation to this address is already pending. Resend it from the list of pending invitations.' },
  'members.invitation_closed': { status: 409, ja: 'この招待は既に受け入れられたか、取り消されています。', en: 'This invitation has already been accepted or revoked.' },
  'members.invitation_invalid': { status: 404, ja: 'この招待リンクは無効か、有効期限が切れているか、既に使われています。招待した方に再送を依頼してください。', en: 'This invitation link is invalid, has expired or has already been used. Ask the person who invited you to send it again.' },
  'members.invitation_sign_in_required': { status: 409, ja: 'このメールアドレスのアカウントは既にあります。そのアカウントでログインしてから、もう一度招待のリンクを開いてください。', en: 'An account with this e-mail address already exists. Sign in with it, then open the invitation link again.' },
  'members.invitation_wrong_account': { status: 403, ja: 'この招待は、ログイン中のアカウントとは別のメールアドレス宛てです。招待されたメールアドレスのアカウントでログインし直してください。', en: 'This invitation is for a different e-mail address than the account you are signed in with. Sign in with the invited address.' },
  'members.first_login_invalid': { status: 404, ja: 'この初回ログイン用のリンクは無効か、有効期限が切れているか、既に使われています。弊社サポート窓口に新しいリンクをご依頼ください。', en: 'This first sign-in link is invalid, has expired or has already been used. Ask our support desk for a new link.' },
  'members.company_code_taken': { status: 409, ja: 'この企業コードは既に使われています。別の企業コードを指定してください。', en: 'This company code is already in use. Choose another one.' },
  // audit codes (event logs, evidence, retention, break-glass)
  'audit.evidence_gone': { status: 409, ja: 'この証跡パッケージの対象期間のログの一部が保存期間の経過により削除されたため、パッケージを作成し直せません。新しく証跡を出力してください。', en: 'Part of the log this evidence package covers has been removed under the retention policy, so the package cannot be rebuilt. Export the evidence again.' },
  'breakglass.grant_required': { status: 403, ja: 'この契約者の登録データを閲覧するには、理由と期限を指定した特権アクセス（ブレークグラス）の申請が必要です。', en: 'Viewing this tenant’s data needs a break-glass grant naming the reason and a time limit.' },
  'breakglass.grant_closed': { status: 409, ja: 'この特権アクセスは既に終了しているか、期限が切れています。', en: 'This break-glass grant has already ended or expired.' },
  'retention.hold_released': { status: 409, ja: 'このリーガルホールドは既に解除されています。', en: 'This legal hold has already been released.' },
  'disclosure.reference_invalid': { status: 400, ja: '指定された契約者または証跡パッケージが見つかりません。', en: 'The tenant or evidence export given does not exist.' },
  // staff accounts codes (staff management, training records)
  // contracts codes (tenants, contracts, suspension)
  // maintenance codes (maintenance notices)
  // incidents codes (incidents, notifications)
  // reports codes (security reports, capacity)
  // files codes (stored files, uploads, downloads, keys)
  // backup codes (backups, restore)
  // lifecycle codes (exports, purge)
  'rate_limited': { status: 429, ja: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。', en: 'Too many requests. Wait a moment and try again.' },
  'service.unavailable': { status: 503, ja: '一時的にサービスを利用できません。しばらくしてからもう一度お試しください。', en: 'The service is temporarily unavailable. Try again shortly.' },
  'internal': { status: 500, ja: 'サーバーで問題が発生しました。しばらくしてからもう一度お試しください。', en: 'Something went wrong on the server. Try again shortly.' },
} as const satisfies Record<string, Localized & { status: number }>;

export type ErrorCode = keyof typeof catalog;

export interface AppErrorOptions {
  /** Values for `{placeholders}` in the user message. */
  params?: Record<string, string | number>;
  /** Field → message key or text, for validation errors shown beside fields. */
  fields?: Record<string, string>;
  /** Detail for the logs only; never sent to the user. */
  internal?: string;
  cause?: unknown;
}

/** The one error type commands throw; the HTTP layer maps `code` to status and message. */
export class AppError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, readonly options: AppErrorOptions = {}) {
    super(options.internal ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = catalog[code].status;
  }

  /** The user-facing message in `lang`. */
  messageIn(lang: Lang): string {
    return interpolate(catalog[this.code][lang], this.options.params);
  }
}

export function errorStatus(code: ErrorCode): number {
  return catalog[code].status;
}

export function errorMessage(code: ErrorCode, lang: Lang, params?: Record<string, string | number>): string {
  return interpolate(catalog[code][lang], params);
}
