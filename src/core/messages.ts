import { interpolate, type Lang, type Localized } from './i18n.js';

/**
 * User-facing messages that modules define by key (validation messages of custom rules,
 * mostly). A zod issue whose message is `i18n:<key>` is rendered through this catalog
 * in the user's language, with the issue's `params` filled in.
 */
export class MessageCatalog {
  private readonly entries = new Map<string, Localized>();

  add(entries: Readonly<Record<string, Localized>>): void {
    for (const [key, value] of Object.entries(entries)) {
      if (this.entries.has(key)) throw new Error(`Message "${key}" is defined twice; give one of them another key`);
      this.entries.set(key, value);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  format(key: string, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
    const entry = this.entries.get(key);
    if (!entry) throw new Error(`Message "${key}" is not defined; add it with messages.add()`);
    return interpolate(entry[lang], params);
  }
}

/** The process-wide catalog; modules add their messages when they are loaded. */
export const messages = new MessageCatalog();

/** Prefix that marks a zod issue message as a catalog key. */
export const MESSAGE_KEY_PREFIX = 'i18n:';

/** The message string to put in a zod refinement: `i18n:<key>`. */
export function messageKey(key: string): string {
  return `${MESSAGE_KEY_PREFIX}${key}`;
}
