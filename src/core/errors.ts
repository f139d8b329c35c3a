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
  'auth.password_change_required': { status: 403, ja: 'パスワードの変更が必要です。新しいパスワードを設定してください。', en: 'You must change your password before continuing.' },
  // identity.account codes (sessions, lockout, password change and reset)
  // identity.mfa codes (TOTP, recovery codes, passkeys, MFA policy)
  // members codes (adding, inviting, deleting members; roles)
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
