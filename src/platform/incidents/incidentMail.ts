import type { Lang } from '../../core/i18n.js';
import { renderMail, type MailParams } from '../mail/index.js';
import type { ServiceRegistry } from '../services/index.js';
import type { IncidentRow } from './incidentRepository.js';
import { serviceNames, severityName, type MessageKind } from './labels.js';

/** The template of each kind of message. */
export const TEMPLATE_OF = {
  notification: 'incident.notification',
  update: 'incident.update',
  closure: 'incident.closed',
} as const satisfies Record<MessageKind, string>;

export type IncidentMail =
  | { template: 'incident.notification'; params: MailParams<'incident.notification'> }
  | { template: 'incident.update'; params: MailParams<'incident.update'> }
  | { template: 'incident.closed'; params: MailParams<'incident.closed'> };

/** The template and parameters of one message to one tenant. */
export function incidentMail(
  kind: MessageKind,
  lang: Lang,
  incident: IncidentRow,
  tenantName: string,
  message: string,
  context: { registry: ServiceRegistry; now: Date },
): IncidentMail {
  const common = { tenantName, title: incident.title, message };
  switch (kind) {
    case 'notification':
      return {
        template: 'incident.notification',
        params: {
          ...common,
          severity: severityName(incident.severity, lang),
          services: serviceNames(context.registry, incident.services, lang),
          occurredAt: incident.occurredAt,
          confirmedAt: incident.confirmedAt,
        },
      };
    case 'update':
      return { template: 'incident.update', params: common };
    case 'closure':
      return { template: 'incident.closed', params: { ...common, closedAt: incident.closedAt ?? context.now } };
  }
}

// Stands in for the staff member's text, so the preview can show the template around it.
const SLOT = '\u2063MESSAGE\u2063';

/** The mail as a tenant will read it, split around the text the staff member writes. */
export interface MailPreview {
  subject: string;
  before: string;
  after: string;
}

export function previewIncidentMail(kind: MessageKind, lang: Lang, incident: IncidentRow, tenantName: string, context: { registry: ServiceRegistry; now: Date }): MailPreview {
  const mail = incidentMail(kind, lang, incident, tenantName, SLOT, context);
  // The three branches render the same way; the union only keeps each template's parameters exact.
  const rendered =
    mail.template === 'incident.notification'
      ? renderMail(mail.template, lang, mail.params)
      : mail.template === 'incident.update'
        ? renderMail(mail.template, lang, mail.params)
        : renderMail(mail.template, lang, mail.params);
  const at = rendered.text.indexOf(SLOT);
  if (at < 0) throw new Error(`previewIncidentMail: the ${mail.template} template has no {message}`);
  return { subject: rendered.subject, before: rendered.text.slice(0, at), after: rendered.text.slice(at + SLOT.length) };
}
