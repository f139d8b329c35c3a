import { z } from 'zod';
import { messageKey, messages } from '../../core/messages.js';
import { SERVICE_IDS } from '../services/index.js';
import { MESSAGE_KINDS, SEVERITIES } from './labels.js';

messages.add({
  'incidents.confirmed_before_occurred': { ja: '確認日時は発生日時と同じか、それより後にしてください。', en: 'The confirmation time must be the same as or after the time it occurred.' },
  'incidents.time_in_future': { ja: '未来の日時は指定できません。', en: 'This time cannot be in the future.' },
  'incidents.time_too_old': { ja: '2000年以降の日時を指定してください。', en: 'Enter a time in 2000 or later.' },
  'incidents.tenants_required': { ja: '影響を受ける契約者を1社以上選んでください。', en: 'Choose at least one affected tenant.' },
  'incidents.tenants_with_contracted': { ja: '「対象サービスの契約者すべて」を選んだ場合は、契約者を個別に指定できません。', en: 'Tenants cannot be picked one by one when “every tenant of the affected services” is chosen.' },
  'incidents.duplicates': { ja: '同じ項目が重複しています。', en: 'The same item appears more than once.' },
  'incidents.message_required': { ja: 'お知らせの本文を入力してください。', en: 'Enter the text of the message.' },
});

const instant = z.iso.datetime({ offset: true }).meta({ description: 'An instant with its offset, e.g. 2026-11-27T10:00:00+09:00.' });

/** Older times are typing mistakes; the holiday calendar starts in 1970 anyway. */
const EARLIEST = Date.parse('2000-01-01T00:00:00+09:00');

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** What staff record about an incident (16.1.1). */
export const recordIncidentSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).meta({ description: 'What happened, in one line.' }),
    description: z.string().trim().min(1).max(5000).meta({ description: 'What is known: symptoms, scope, what is being done.' }),
    severity: z.enum(SEVERITIES),
    occurredAt: instant.meta({ description: 'When the incident occurred (発生); the notification deadline counts from here.' }),
    confirmedAt: instant.meta({ description: 'When the provider confirmed it (確認); at or after the occurrence.' }),
    services: z.array(z.enum(SERVICE_IDS)).min(1).max(SERVICE_IDS.length).refine(unique, { message: messageKey('incidents.duplicates') }),
    tenantScope: z.enum(['contracted', 'selected']).meta({
      description: '`contracted`: every tenant with a contract for an affected service on the day it occurred; `selected`: the tenants in tenantIds.',
    }),
    tenantIds: z.array(z.uuid()).max(1000).refine(unique, { message: messageKey('incidents.duplicates') }).optional(),
  })
  .superRefine((input, ctx) => {
    for (const field of ['occurredAt', 'confirmedAt'] as const) {
      if (Date.parse(input[field]) < EARLIEST) ctx.addIssue({ code: 'custom', path: [field], message: messageKey('incidents.time_too_old') });
    }
    if (Date.parse(input.confirmedAt) < Date.parse(input.occurredAt)) {
      ctx.addIssue({ code: 'custom', path: ['confirmedAt'], message: messageKey('incidents.confirmed_before_occurred') });
    }
    if (input.tenantScope === 'selected' && !input.tenantIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['tenantIds'], message: messageKey('incidents.tenants_required') });
    }
    if (input.tenantScope === 'contracted' && input.tenantIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['tenantIds'], message: messageKey('incidents.tenants_with_contracted') });
    }
  });
export type RecordIncidentInput = z.infer<typeof recordIncidentSchema>;

const messageText = z
  .string()
  .trim()
  .min(1, { message: messageKey('incidents.message_required') })
  .max(4000)
  .meta({ description: 'The text the staff member wrote; the template adds the greeting and the incident facts.' });
const lang = z.enum(['ja', 'en']).meta({ description: 'The language of the mail.' });

/** The first notice to some of the affected tenants. */
export const notifyTenantsSchema = z.strictObject({
  tenantIds: z.array(z.uuid()).min(1).max(1000).refine(unique, { message: messageKey('incidents.duplicates') }),
  lang,
  message: messageText,
});
export type NotifyTenantsInput = z.infer<typeof notifyTenantsSchema>;

/** An update (to every notified tenant) or the closure (to every affected tenant). */
export const incidentMessageSchema = z.strictObject({ lang, message: messageText });
export type IncidentMessageInput = z.infer<typeof incidentMessageSchema>;

export const incidentParams = z.object({ incidentId: z.uuid() });

export const incidentListQuery = z.strictObject({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const previewQuery = z.strictObject({ kind: z.enum(MESSAGE_KINDS), lang });

export const deadlineQuery = z.strictObject({ occurredAt: instant });
