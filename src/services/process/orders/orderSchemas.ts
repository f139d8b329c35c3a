import { z } from 'zod';
import { messageKey, messages } from '../../../core/messages.js';
import { labelFields } from '../shared/labels.js';

messages.add({
  'processOrders.time_too_old': { ja: '2000年以降の日時を指定してください。', en: 'Enter a time in 2000 or later.' },
  'processOrders.range_order': { ja: '終了は開始より後にしてください。', en: 'The end must be after the start.' },
  'processOrders.range_too_long': { ja: '表示期間は93日以内にしてください。', en: 'The period can be at most 93 days.' },
  'processOrders.duplicates': { ja: '同じ項目が重複しています。', en: 'The same item appears more than once.' },
});

/** Order statuses in their order of progress. */
export const ORDER_STATUSES = ['draft', 'planned', 'released', 'in_progress', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const instant = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) >= EARLIEST, { message: messageKey('processOrders.time_too_old') })
  .meta({ description: 'An instant with its offset, e.g. 2026-12-01T17:00:00+09:00.' });
const day = z.iso.date().meta({ description: 'A JST calendar day, YYYY-MM-DD.' });
const quantity = z.number().positive().max(1e12).meta({ description: 'Quantity in the item’s unit.' });
const orderNo = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_\-./]*$/u)
  .meta({ description: 'Order number, unique in the tenant; generated like MO-2026-00001 when absent.' });

export const orderParams = z.strictObject({ id: z.uuid() });
export const changeParams = z.strictObject({ id: z.uuid() });

export const createOrderSchema = z.strictObject({
  orderNo: orderNo.optional(),
  itemId: z.uuid(),
  quantity,
  dueAt: instant.meta({ description: 'Due date and time (latest finish).' }),
  lotNo: z.string().trim().max(60).optional(),
  routingId: z.uuid().nullable().optional().meta({ description: 'The routing; the item’s default one when absent.' }),
  formulaId: z.uuid().nullable().optional().meta({ description: 'The formula (BOM); the item’s default one when absent.' }),
  ...labelFields,
});
export type CreateOrderInput = z.infer<typeof createOrderSchema>;

export const updateOrderSchema = z.strictObject({
  version: z.number().int().min(1),
  quantity: quantity.optional(),
  dueAt: instant.optional(),
  lotNo: z.string().trim().max(60).optional(),
  routingId: z.uuid().nullable().optional(),
  formulaId: z.uuid().nullable().optional(),
  ...labelFields,
});
export type UpdateOrderInput = z.infer<typeof updateOrderSchema>;

export const transitionSchema = z.strictObject({ to: z.enum(ORDER_STATUSES) });

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const orderListQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  late: booleanText.optional(),
  from: instant.optional().meta({ description: 'Due at or after this instant.' }),
  to: instant.optional().meta({ description: 'Due before this instant.' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const scheduleSchema = z.strictObject({
  direction: z.enum(['forward', 'backward']).default('forward'),
  from: instant.optional().meta({ description: 'Release time: nothing starts before it (now when absent).' }),
});

export const scheduleRunSchema = z.strictObject({
  orderIds: z
    .array(z.uuid())
    .min(1)
    .max(5000)
    .refine((ids) => new Set(ids).size === ids.length, { message: messageKey('processOrders.duplicates') })
    .optional()
    .meta({ description: 'Orders to schedule; every draft order when absent.' }),
  direction: z.enum(['forward', 'backward']).default('forward'),
  from: instant.optional(),
});

export const rescheduleSchema = z.strictObject({
  operationId: z.uuid(),
  startAt: instant.meta({ description: 'The wanted start; moved to the next working time of the workstation.' }),
  workstationId: z.uuid().optional().meta({ description: 'Another workstation for the operation.' }),
});

export const ganttQuery = z
  .strictObject({ from: instant, to: instant })
  .superRefine((q, ctx) => {
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: messageKey('processOrders.range_order') });
    else if (span > 93 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: messageKey('processOrders.range_too_long') });
  });

export const dispatchQuery = z.strictObject({ workstationId: z.uuid(), day });

export const loadQuery = z.strictObject({
  from: day,
  weeks: z.coerce.number().int().min(1).max(26).default(8),
});
