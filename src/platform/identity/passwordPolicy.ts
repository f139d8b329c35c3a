import { z } from 'zod';
import { messageKey, messages } from '../../core/messages.js';
import { isCommonPassword } from './commonPasswords.js';

/**
 * The white paper's password rule (9.2.3), one validator for every path that sets a
 * password: 10–31 characters of half-width ASCII letters, digits and the symbols below,
 * with at least one upper-case letter, one lower-case letter, one digit and one symbol.
 * Passwords are checked exactly as typed: never trimmed or normalised. Beyond that floor, a
 * password may not contain the e-mail's local part nor be a common password.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 31;
export const PASSWORD_SYMBOLS = '!#$%&*+-=?@_';

/** The lengths in force: the white paper's, or a longer minimum the deployment configures. */
export interface PasswordLengths {
  min: number;
  max: number;
}

let lengthsInForce: PasswordLengths = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };

/**
 * Sets the minimum length in force from the configuration (PASSWORD_MIN_LENGTH). It can only
 * tighten the white paper's rule: 10 to 31. The rule is process-wide, like the configuration it
 * comes from; the app sets it when it starts.
 */
export function setPasswordMinLength(min: number): void {
  if (!Number.isInteger(min) || min < PASSWORD_MIN_LENGTH || min > PASSWORD_MAX_LENGTH) {
    throw new Error(`password minimum length ${min} is outside ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH}`);
  }
  lengthsInForce = { min, max: PASSWORD_MAX_LENGTH };
}

/** The password lengths in force. */
export function passwordLengths(): PasswordLengths {
  return lengthsInForce;
}

export type PasswordRule = 'length' | 'charset' | 'upper' | 'lower' | 'digit' | 'symbol' | 'contains_email' | 'common';

messages.add({
  'password.length': {
    ja: 'パスワードは{min}文字以上{max}文字以下にしてください（現在{n}文字）。',
    en: 'The password must be {min} to {max} characters long (it has {n}).',
  },
  'password.charset': {
    ja: 'パスワードに使用できない文字（{kinds_ja}）が含まれています。使えるのは半角英字・数字と記号 ! # $ % & * + - = ? @ _ だけです。',
    en: 'The password contains characters that are not allowed ({kinds_en}). Use only half-width letters, digits and the symbols ! # $ % & * + - = ? @ _.',
  },
  'password.upper': { ja: '英大文字（A–Z）を1文字以上含めてください。', en: 'Include at least one upper-case letter (A–Z).' },
  'password.lower': { ja: '英小文字（a–z）を1文字以上含めてください。', en: 'Include at least one lower-case letter (a–z).' },
  'password.digit': { ja: '数字（0–9）を1文字以上含めてください。', en: 'Include at least one digit (0–9).' },
  'password.symbol': {
    ja: '記号（! # $ % & * + - = ? @ _）を1文字以上含めてください。',
    en: 'Include at least one symbol (! # $ % & * + - = ? @ _).',
  },
  'password.contains_email': {
    ja: 'メールアドレスの@より前の部分をパスワードに含めないでください。',
    en: 'The password must not contain the part of your e-mail address before the @.',
  },
  'password.common': {
    ja: 'このパスワードはよく使われていて推測されやすいため使えません。ほかの人が思いつかない語句や文字の組み合わせにしてください。',
    en: 'This password is too common and easy to guess. Choose a combination others would not think of.',
  },
});

const KIND_NAMES: Record<string, { ja: string; en: string }> = {
  fullwidth: { ja: '全角文字など', en: 'full-width or non-ASCII characters' },
  space: { ja: '空白', en: 'spaces' },
  symbol: { ja: '使用できない記号', en: 'symbols outside the list' },
  control: { ja: '制御文字', en: 'control characters' },
};

const ALLOWED = /^[A-Za-z0-9!#$%&*+\-=?@_]$/;

export interface PasswordViolation {
  rule: PasswordRule;
  params?: Record<string, string | number>;
}

function disallowedKinds(password: string): string[] {
  const kinds = new Set<string>();
  for (const ch of password) {
    if (ALLOWED.test(ch)) continue;
    const code = ch.codePointAt(0) ?? 0;
    if (ch === ' ' || ch === '\u3000' || /\s/.test(ch)) kinds.add('space');
    else if (code < 0x20 || code === 0x7f) kinds.add('control');
    else if (code > 0x7f) kinds.add('fullwidth');
    else kinds.add('symbol');
  }
  return [...kinds];
}

/** Every rule the password breaks, in a stable order; empty when it is acceptable. */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...password].length;
  const { min, max } = lengthsInForce;
  if (length < min || length > max) violations.push({ rule: 'length', params: { min, max, n: length } });
  const kinds = disallowedKinds(password);
  if (kinds.length > 0) {
    violations.push({
      rule: 'charset',
      params: {
        kinds: kinds.join(','),
        kinds_ja: kinds.map((k) => KIND_NAMES[k]?.ja ?? k).join('、'),
        kinds_en: kinds.map((k) => KIND_NAMES[k]?.en ?? k).join(', '),
      },
    });
  }
  if (!/[A-Z]/.test(password)) violations.push({ rule: 'upper' });
  if (!/[a-z]/.test(password)) violations.push({ rule: 'lower' });
  if (!/[0-9]/.test(password)) violations.push({ rule: 'digit' });
  if (![...password].some((ch) => PASSWORD_SYMBOLS.includes(ch))) violations.push({ rule: 'symbol' });
  const local = context.email?.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) violations.push({ rule: 'contains_email' });
  if (isCommonPassword(password)) violations.push({ rule: 'common' });
  return violations;
}

/** Adds one zod issue per broken rule at `path`, each rendered from the message catalog. */
export function addPasswordIssues(
  ctx: z.RefinementCtx,
  password: string,
  context: { email?: string; path?: (string | number)[] } = {},
): void {
  for (const v of checkPassword(password, context)) {
    ctx.addIssue({
      code: 'custom',
      message: messageKey(`password.${v.rule}`),
      params: v.params ?? {},
      path: context.path ?? [],
    });
  }
}

/** A zod schema for a new password alone (rules that need the e-mail are checked at object level). */
export const newPasswordSchema = z
  .string()
  .max(1024)
  .superRefine((value, ctx) => addPasswordIssues(ctx, value))
  .meta({ description: 'A password meeting the policy: 10–31 half-width ASCII letters, digits and ! # $ % & * + - = ? @ _, with upper, lower, digit and symbol.' });
