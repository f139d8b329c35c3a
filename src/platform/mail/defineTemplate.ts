import type { Localized } from '../../core/i18n.js';

/**
 * How a parameter is rendered: `text` as given (HTML-escaped in the HTML part), `url` as
 * a link (http or https only), `datetime` as a date and time in JST in the mail's language.
 */
export type MailParamKind = 'text' | 'url' | 'datetime';

/** The value a caller passes for a parameter of a kind. */
export type MailParamValue<K extends MailParamKind> = K extends 'datetime' ? Date : string;

/**
 * A mail in both languages. `{name}` placeholders in subject and text refer to `params`;
 * the HTML part is derived from the text, so the two never say different things.
 */
export interface MailTemplate<P extends Readonly<Record<string, MailParamKind>> = Readonly<Record<string, MailParamKind>>> {
  readonly params: P;
  readonly subject: Localized;
  readonly text: Localized;
}

/** Declares a template, keeping its parameter names and kinds as literal types. */
export function defineTemplate<const P extends Readonly<Record<string, MailParamKind>>>(template: MailTemplate<P>): MailTemplate<P> {
  return template;
}
