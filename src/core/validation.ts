import type { z } from 'zod';
import type { Lang } from './i18n.js';
import { MESSAGE_KEY_PREFIX, messages } from './messages.js';

messages.add({
  'validation.required': { ja: '入力してください。', en: 'This field is required.' },
  'validation.type': { ja: '値の種類が正しくありません。', en: 'This value has the wrong type.' },
  'validation.string.min': { ja: '{n}文字以上で入力してください。', en: 'Enter at least {n} characters.' },
  'validation.string.max': { ja: '{n}文字以内で入力してください。', en: 'Enter at most {n} characters.' },
  'validation.number.min': { ja: '{n}以上の値を入力してください。', en: 'Enter a value of at least {n}.' },
  'validation.number.max': { ja: '{n}以下の値を入力してください。', en: 'Enter a value of at most {n}.' },
  'validation.array.min': { ja: '{n}件以上指定してください。', en: 'Choose at least {n}.' },
  'validation.array.max': { ja: '{n}件以内で指定してください。', en: 'Choose at most {n}.' },
  'validation.format.email': { ja: 'メールアドレスの形式が正しくありません。', en: 'Enter a valid e-mail address.' },
  'validation.format.uuid': { ja: 'IDの形式が正しくありません。', en: 'This id is not valid.' },
  'validation.format.url': { ja: 'URLの形式が正しくありません。', en: 'Enter a valid URL.' },
  'validation.format.date': { ja: '日付の形式が正しくありません（例: 2026-11-27）。', en: 'Enter a valid date (e.g. 2026-11-27).' },
  'validation.format.other': { ja: '形式が正しくありません。', en: 'This value is not in the expected format.' },
  'validation.enum': { ja: '選択肢から選んでください。', en: 'Choose one of the allowed values.' },
  'validation.unknown_keys': { ja: '不明な項目が含まれています: {keys}', en: 'Unknown fields: {keys}' },
  'validation.invalid': { ja: '値が正しくありません。', en: 'This value is not valid.' },
});

/** Reads the value at `path` in `data`, to tell a missing field from a wrong one. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function bound(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value);
}

/**
 * The message for one zod issue in `lang`: catalog keys (`i18n:…`) for custom rules,
 * and plain, field-level sentences for zod's own checks. Never echoes the input.
 */
export function issueMessage(issue: z.core.$ZodIssue, data: unknown, lang: Lang): string {
  if (issue.message.startsWith(MESSAGE_KEY_PREFIX)) {
    const key = issue.message.slice(MESSAGE_KEY_PREFIX.length);
    const params = issue.code === 'custom' ? (issue.params as Record<string, string | number> | undefined) : undefined;
    return messages.format(key, lang, params);
  }
  const f = (key: string, params?: Record<string, string | number>) => messages.format(key, lang, params);
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(data, issue.path) === undefined ? f('validation.required') : f('validation.type');
    case 'too_small': {
      const n = bound(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? f('validation.required') : f('validation.string.min', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return f('validation.array.min', { n });
      return f('validation.number.min', { n });
    }
    case 'too_big': {
      const n = bound(issue.maximum);
      if (issue.origin === 'string') return f('validation.string.max', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return f('validation.array.max', { n });
      return f('validation.number.max', { n });
    }
    case 'invalid_format':
      if (issue.format === 'email') return f('validation.format.email');
      if (issue.format === 'uuid' || issue.format === 'guid') return f('validation.format.uuid');
      if (issue.format === 'url') return f('validation.format.url');
      if (issue.format === 'date' || issue.format === 'datetime') return f('validation.format.date');
      return f('validation.format.other');
    case 'invalid_value':
      return f('validation.enum');
    case 'unrecognized_keys':
      return f('validation.unknown_keys', { keys: issue.keys.join(', ') });
    default:
      return f('validation.invalid');
  }
}

/**
 * Field path → message; several broken rules of one field (a password's, say) are all
 * named, one sentence each. The root is keyed `_`.
 */
export function fieldMessages(issues: readonly z.core.$ZodIssue[], data: unknown, lang: Lang): Record<string, string> {
  const collected = new Map<string, string[]>();
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    const message = issueMessage(issue, data, lang);
    const list = collected.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    collected.set(key, list);
  }
  return Object.fromEntries([...collected].map(([k, v]) => [k, v.join(lang === 'ja' ? '' : ' ')]));
}
