import type { Lang, Localized } from '../../core/i18n.js';
import type { ServiceId, ServiceRegistry } from '../services/index.js';

/** How severe an incident is, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The mails sent about an incident: the first notice, updates, and the closure. */
export const MESSAGE_KINDS = ['notification', 'update', 'closure'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

const SEVERITY_NAMES: Readonly<Record<Severity, Localized>> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

export function severityName(severity: Severity, lang: Lang): string {
  return SEVERITY_NAMES[severity][lang];
}

/** The affected services by name, as a mail lists them. */
export function serviceNames(registry: ServiceRegistry, services: readonly ServiceId[], lang: Lang): string {
  return services.map((id) => registry.get(id)?.name[lang] ?? id).join(lang === 'ja' ? '、' : ', ');
}

/**
 * The text a message starts from in the send dialog; the staff member edits it before
 * sending. A first notice starts from the incident's description; an update has no useful
 * default, so the staff member writes it.
 */
export function draftMessage(kind: MessageKind, lang: Lang, description: string): string {
  switch (kind) {
    case 'notification':
      return lang === 'ja'
        ? `${description}\n\n現在、原因の調査と復旧対応を進めております。`
        : 'We are investigating the cause and working to restore the service as soon as possible.';
    case 'update':
      return '';
    case 'closure':
      return lang === 'ja'
        ? '現在、サービスは通常どおりご利用いただけます。\n原因と再発防止策につきましては、別途ご報告いたします。'
        : 'The service is operating normally again.\nWe will report the cause and the measures against recurrence separately.';
  }
}
