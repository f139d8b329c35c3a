import { z } from 'zod';
import { messageKey, messages } from '../../core/messages.js';
import { SERVICE_IDS } from '../services/index.js';

messages.add({
  'contracts.end_before_start': { ja: '終了日は開始日以降の日付にしてください。', en: 'The end date must not be before the start date.' },
  'contracts.control_characters': { ja: 'タブなどの制御文字は使えません（改行は理由欄でのみ使えます）。', en: 'Control characters such as tabs cannot be used (line breaks only in the reason).' },
  'contracts.catalog_plan_only': {
    ja: '掲載企業・購読プランはデータベース（Sotas DB）の契約でのみ指定できます。',
    en: 'Publisher and subscription plan apply to product database (Sotas DB) contracts only.',
  },
  'contracts.change_required': { ja: '終了日か掲載企業・購読プランのいずれかを指定してください。', en: 'Give an end date or a publisher / subscription plan to change.' },
  'contracts.contacts_required': {
    ja: '代表者メールアドレスか連絡先メールアドレスの少なくとも一方を入力してください。',
    en: 'Enter the representative’s or the contact e-mail address, or both.',
  },
});

export const END_BEFORE_START = messageKey('contracts.end_before_start');
export const CATALOG_PLAN_ONLY = messageKey('contracts.catalog_plan_only');

/** How a catalog contract subscribes: paid readers see properties, documents and contacts. */
export const CATALOG_SUBSCRIPTIONS = ['none', 'free', 'paid'] as const;
export type CatalogSubscription = (typeof CATALOG_SUBSCRIPTIONS)[number];

/** The catalog plan of a catalog contract; meaningless (and refused) on other services' contracts. */
const catalogPlanFields = {
  catalogPublisher: z.boolean().optional().meta({ description: 'Catalog contracts only: the tenant may publish products (掲載企業).' }),
  catalogSubscription: z.enum(CATALOG_SUBSCRIPTIONS).optional().meta({ description: 'Catalog contracts only: none, free or paid subscription (購読プラン).' }),
};

/** Whether the text holds a control character (C0 or DEL); line feeds pass when `lines` is set. */
function hasControlCharacter(text: string, lines: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !(lines && code === 0x0a)) return true;
  }
  return false;
}

/** Text within bounds, trimmed, without control characters (PostgreSQL refuses NUL in text); `lines` allows line breaks. */
export function lineText(min: number, max: number, options: { lines?: boolean } = {}) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !hasControlCharacter(v, options.lines === true), { message: messageKey('contracts.control_characters') });
}

/** The tenant's request (ticket number, mail subject…) a staff change answers; recorded in both logs. */
export const requestRefSchema = lineText(1, 200).meta({ description: 'The tenant’s request this change answers (ticket number, mail), recorded in the operator log and the tenant’s log.' });

export const tenantParams = z.object({ tenantId: z.uuid() });
export const contractParams = z.object({ tenantId: z.uuid(), contractId: z.uuid() });

/** Filters, sort and page of the tenant list; kept in the console's URL. */
export const tenantListQuery = z.object({
  /** Part of the company code, the name or a contact address; width and kana variants are folded. */
  q: lineText(0, 200).optional(),
  status: z.enum(['active', 'suspended', 'ended', 'purged']).optional(),
  sort: z.enum(['code', 'name', 'createdAt', 'purgeOn']).default('code'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TenantListQuery = z.output<typeof tenantListQuery>;

export const changeContactsSchema = z
  .strictObject({
    representativeEmail: z.email().max(254).optional().meta({ description: 'The representative’s address (provider record; the representative’s account is not changed).' }),
    contactEmail: z.email().max(254).optional().meta({ description: 'Maintenance and incident contact (システムメンテナンス等連絡先).' }),
    requestRef: requestRefSchema,
  })
  .superRefine((v, ctx) => {
    if (v.representativeEmail === undefined && v.contactEmail === undefined) {
      ctx.addIssue({ code: 'custom', message: messageKey('contracts.contacts_required'), path: ['contactEmail'] });
    }
  });
export type ChangeContactsInput = z.output<typeof changeContactsSchema>;

export const addContractSchema = z
  .strictObject({
    service: z.enum(SERVICE_IDS),
    startsOn: z.iso.date().meta({ description: 'First day of the contract (JST date).' }),
    endsOn: z.iso.date().optional().meta({ description: 'Last day of the contract (JST date); open-ended when absent.' }),
    ...catalogPlanFields,
    requestRef: requestRefSchema,
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: END_BEFORE_START, path: ['endsOn'] });
    if (v.service !== 'catalog') {
      for (const key of ['catalogPublisher', 'catalogSubscription'] as const) {
        if (v[key] !== undefined) ctx.addIssue({ code: 'custom', message: CATALOG_PLAN_ONLY, path: [key] });
      }
    }
  });
export type AddContractInput = z.output<typeof addContractSchema>;

export const changeContractEndSchema = z
  .strictObject({
    endsOn: z.iso.date().nullable().optional().meta({ description: 'The new last day (JST date), or null to make the contract open-ended (a renewal); unchanged when absent.' }),
    ...catalogPlanFields,
    requestRef: requestRefSchema,
  })
  .superRefine((v, ctx) => {
    if (v.endsOn === undefined && v.catalogPublisher === undefined && v.catalogSubscription === undefined) {
      ctx.addIssue({ code: 'custom', message: messageKey('contracts.change_required'), path: ['endsOn'] });
    }
  });
export type ChangeContractEndInput = z.output<typeof changeContractEndSchema>;

export const suspendTenantSchema = z.strictObject({
  reason: lineText(1, 500, { lines: true }).meta({ description: 'Why the tenant is suspended; shown to staff and in both logs, not mailed.' }),
  requestRef: requestRefSchema,
});
export type SuspendTenantInput = z.output<typeof suspendTenantSchema>;

export const resumeTenantSchema = z.strictObject({ requestRef: requestRefSchema });
export type ResumeTenantInput = z.output<typeof resumeTenantSchema>;
