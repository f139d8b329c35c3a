import { z } from 'zod';
import { messageKey, messages } from '../../core/messages.js';
import { SERVICE_IDS } from '../services/index.js';

messages.add({
  'maintenance.services_duplicate': { ja: '同じサービスが重複しています。', en: 'A service is listed twice.' },
  'maintenance.urgent_reason_required': {
    ja: '緊急の場合は、通常の告知期間より短くなる理由を入力してください。',
    en: 'For urgent maintenance, give the reason it is announced at short notice.',
  },
  'maintenance.lead_time_field': {
    ja: '開始日時が近すぎます。告知期間を確保できる日時にするか、緊急の場合は「緊急」を選んで理由を入力してください。',
    en: 'The start is too soon. Choose a later start, or mark it urgent and give the reason.',
  },
  'maintenance.start_past_field': { ja: 'これから先の日時を指定してください。', en: 'Choose a time in the future.' },
});

const instant = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 with offset, e.g. 2026-12-05T22:00:00+09:00' });
const description = z.string().trim().min(1).max(2000);

const noticeFields = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  services: z.array(z.enum(SERVICE_IDS)).min(1).max(SERVICE_IDS.length).meta({ description: 'Services that cannot be used during the work.' }),
  descriptionJa: description.meta({ description: 'What is done and what users notice, in Japanese.' }),
  descriptionEn: description.meta({ description: 'The same in English.' }),
  urgent: z.boolean().default(false).meta({ description: 'Urgent work may be announced later than the configured lead time.' }),
  urgentReason: z.string().trim().max(500).optional().meta({ description: 'Why the work cannot wait; required when urgent.' }),
});

function noticeRules(v: z.output<typeof noticeFields>, ctx: z.RefinementCtx): void {
  if (new Date(v.endsAt) <= new Date(v.startsAt)) ctx.addIssue({ code: 'custom', message: messageKey('audit.period_order'), path: ['endsAt'] });
  if (new Set(v.services).size !== v.services.length) ctx.addIssue({ code: 'custom', message: messageKey('maintenance.services_duplicate'), path: ['services'] });
  if (v.urgent && !v.urgentReason) ctx.addIssue({ code: 'custom', message: messageKey('maintenance.urgent_reason_required'), path: ['urgentReason'] });
}

/**
 * A maintenance as staff schedule it: the window, the services it stops and the description
 * in both languages. The lead-time rule needs the clock and is applied by the commands; the
 * shape rules are here, so the console form gets the same messages.
 */
export const noticeInputSchema = noticeFields.superRefine(noticeRules);
export type NoticeInput = z.output<typeof noticeInputSchema>;

/** A change: the same fields, and optionally the version the change was made from. */
export const noticeChangeSchema = noticeFields
  .extend({
    revision: z.number().int().min(1).optional().meta({ description: 'The version the change was made from; a newer one answers 409 instead of being overwritten.' }),
  })
  .superRefine(noticeRules);
export type NoticeChange = z.output<typeof noticeChangeSchema>;

/** Cancelling a maintenance says why, for the operator log. */
export const cancelInputSchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});

export const NOTICE_STATUSES = ['upcoming', 'in_progress', 'past', 'cancelled'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The console list: one status or all, newest first, a page at a time. */
export const listQuerySchema = z.strictObject({
  status: z.enum(NOTICE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** The tenants a window would concern, asked while the form is filled in. */
export const affectedQuerySchema = z
  .strictObject({
    startsAt: instant,
    endsAt: instant,
    services: z
      .string()
      .max(100)
      .transform((v) => v.split(',').filter((s) => s !== ''))
      .pipe(z.array(z.enum(SERVICE_IDS)).min(1).max(SERVICE_IDS.length))
      .meta({ description: 'Comma-separated service ids, e.g. process,catalog' }),
  })
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), { message: messageKey('audit.period_order'), path: ['endsAt'] });
export type AffectedQuery = z.output<typeof affectedQuerySchema>;

export const noticeParams = z.object({ noticeId: z.uuid() });
