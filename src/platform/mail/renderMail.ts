import { interpolate, type Lang } from '../../core/i18n.js';
import { mailTemplates, type MailParamKind, type MailParams, type MailTemplate, type MailTemplateId } from './templates.js';

/** A mail ready to store and send. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER: Readonly<Record<Lang, string>> = {
  ja: '――\nこのメールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできませんので、ご了承ください。',
  en: '--\nThis message was sent from an address that does not accept replies.',
};

const WEEKDAYS: Readonly<Record<Lang, readonly string[]>> = {
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Japan has no daylight saving time, so JST is always UTC+9. */
const JST_OFFSET_MS = 9 * 3_600_000;

/**
 * A date and time in JST with the zone named, as deadlines in mails need:
 * `2026/11/27(金) 10:00 (日本時間)` / `Fri, 27 Nov 2026 10:00 JST`.
 */
export function formatMailDate(date: Date, lang: Lang): string {
  const jst = new Date(date.getTime() + JST_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
  const weekday = WEEKDAYS[lang][jst.getUTCDay()];
  if (lang === 'ja') {
    return `${jst.getUTCFullYear()}/${pad(jst.getUTCMonth() + 1)}/${pad(jst.getUTCDate())}(${weekday}) ${time} (日本時間)`;
  }
  return `${weekday}, ${jst.getUTCDate()} ${MONTHS_EN[jst.getUTCMonth()]} ${jst.getUTCFullYear()} ${time} JST`;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

function checkedParam(name: string, kind: MailParamKind, value: unknown): string | Date {
  if (kind === 'datetime') {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error(`renderMail: parameter "${name}" must be a valid Date`);
    return value;
  }
  if (typeof value !== 'string' || value === '') throw new Error(`renderMail: parameter "${name}" must be a non-empty string`);
  if (kind === 'url') {
    // Only web links: a `javascript:` or `data:` URL must never become a link in a mail.
    const protocol = URL.canParse(value) ? new URL(value).protocol : '';
    if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`renderMail: parameter "${name}" must be an absolute http(s) URL`);
  }
  return value;
}

function asText(value: string | Date, lang: Lang): string {
  return value instanceof Date ? formatMailDate(value, lang) : value;
}

function asHtml(kind: MailParamKind, value: string | Date, lang: Lang): string {
  if (value instanceof Date) return escapeHtml(formatMailDate(value, lang));
  if (kind === 'url') return `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`;
  return escapeHtml(value);
}

function htmlDocument(lang: Lang, subject: string, body: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 1em">${p.split('\n').join('<br>\n')}</p>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff;color:#1f2328;font-family:'Hiragino Sans','Yu Gothic','Meiryo',Arial,sans-serif;font-size:15px;line-height:1.8">
<div style="max-width:640px;margin:0 auto;padding:24px">
${paragraphs}
</div>
</body>
</html>`;
}

/**
 * Renders any template: checks that every declared parameter is present and of its
 * kind, fills the subject and text, and builds the HTML part from the text with the
 * parameters escaped and the URLs linked.
 */
export function renderTemplate(template: MailTemplate, lang: Lang, params: Readonly<Record<string, unknown>>): RenderedMail {
  const textParams: Record<string, string> = {};
  const subjectParams: Record<string, string> = {};
  const htmlParams: Record<string, string> = {};
  for (const [name, kind] of Object.entries(template.params)) {
    const value = checkedParam(name, kind, params[name]);
    textParams[name] = asText(value, lang);
    // A header is one line; a line break in a value would otherwise end it.
    subjectParams[name] = textParams[name].replace(/[\r\n]+/g, ' ');
    htmlParams[name] = asHtml(kind, value, lang);
  }
  const body = `${template.text[lang]}\n\n${FOOTER[lang]}`;
  const subject = interpolate(template.subject[lang], subjectParams);
  return {
    subject,
    text: interpolate(body, textParams),
    html: htmlDocument(lang, subject, interpolate(escapeHtml(body), htmlParams)),
  };
}

/** Renders a platform mail in `lang`; the parameters are checked by type and again at run time. */
export function renderMail<T extends MailTemplateId>(id: T, lang: Lang, params: MailParams<T>): RenderedMail {
  const template: MailTemplate | undefined = mailTemplates[id];
  if (!template) throw new Error(`renderMail: there is no mail template "${id}"; add it to src/platform/mail/templates.ts`);
  return renderTemplate(template, lang, params);
}
