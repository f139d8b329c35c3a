import { z } from 'zod';
import { messageKey, messages } from '../../../core/messages.js';
import { ENERGY_TYPES } from '../shared/energy.js';
import { labelFields } from '../shared/labels.js';

messages.add({
  'processRecords.finished_before_started': { ja: '終了日時は開始日時と同じか、それより後にしてください。', en: 'The finish time must be the same as or after the start time.' },
  'processRecords.duplicate_lots': { ja: '同じロットが2回指定されています。1行にまとめてください。', en: 'The same lot is listed twice. Combine it into one line.' },
  'processRecords.energy_type_required': { ja: 'エネルギーの種類を選んでください。', en: 'Choose the energy type.' },
  'processRecords.item_required': { ja: '品目を選んでください。', en: 'Choose the item.' },
  'processRecords.energy_kind_fields': { ja: 'エネルギーの係数には品目を指定できません。', en: 'An energy factor cannot name an item.' },
  'processRecords.material_kind_fields': { ja: '原材料の係数にはエネルギーの種類を指定できません。', en: 'A material factor cannot name an energy type.' },
});

const instant = z.iso.datetime({ offset: true }).meta({ description: 'An instant with its offset, e.g. 2026-11-27T10:00:00+09:00.' });
const quantity = z.number().min(0).max(1e12);
const positive = z.number().positive().max(1e12);

/** Energy used, by energy type (kWh, m3, kg, L, GJ): `{ "electricity": 120.5 }`. */
export const energyMap = z.partialRecord(z.enum(ENERGY_TYPES), z.number().min(0).max(1e12)).meta({ description: 'Energy used by energy type, in each type’s unit.' });

const consumedLots = z
  .array(z.strictObject({ lotId: z.uuid(), quantity: positive }))
  .max(100)
  .refine((lots) => new Set(lots.map((l) => l.lotId)).size === lots.length, { message: messageKey('processRecords.duplicate_lots') });

const recordFields = {
  startedAt: instant,
  finishedAt: instant.nullable().optional(),
  goodQuantity: quantity,
  scrapQuantity: quantity.default(0),
  lossReason: z.string().trim().max(500).optional(),
  operatorName: z.string().trim().max(200).optional().meta({ description: 'Who did the work, when it is not the signed-in user.' }),
  energy: energyMap.default({}),
  consumedLots: consumedLots.default([]),
  producedLotNo: z.string().trim().min(1).max(60).nullable().optional().meta({ description: 'The lot made; the order’s lot number on its last operation when absent.' }),
  ...labelFields,
};

function finishedAfterStarted(input: { startedAt: string; finishedAt?: string | null | undefined }, ctx: z.RefinementCtx): void {
  if (input.finishedAt && Date.parse(input.finishedAt) < Date.parse(input.startedAt)) {
    ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: messageKey('processRecords.finished_before_started') });
  }
}

export const createWorkRecordSchema = z.strictObject({ operationId: z.uuid(), ...recordFields }).superRefine(finishedAfterStarted);
export type CreateWorkRecordInput = z.infer<typeof createWorkRecordSchema>;

export const updateWorkRecordSchema = z.strictObject({ version: z.number().int().min(1), ...recordFields }).superRefine(finishedAfterStarted);
export type UpdateWorkRecordInput = z.infer<typeof updateWorkRecordSchema>;

export const idParams = z.strictObject({ id: z.uuid() });
export const itemIdParams = z.strictObject({ itemId: z.uuid() });

const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const workRecordListQuery = z.strictObject({ orderId: z.uuid().optional(), operationId: z.uuid().optional(), ...page });
export const workQueueQuery = z.strictObject({ workstationId: z.uuid().optional() });

export const lotListQuery = z.strictObject({ itemId: z.uuid().optional(), q: z.string().trim().max(60).optional(), ...page });
export const createLotSchema = z.strictObject({
  itemId: z.uuid(),
  lotNo: z.string().trim().min(1).max(60),
  quantity,
});
export type CreateLotInput = z.infer<typeof createLotSchema>;
export const genealogyQuery = z.strictObject({ direction: z.enum(['backward', 'forward']).default('backward') });

const factorFields = {
  name: z.string().trim().min(1).max(200).optional().meta({ description: 'Defaults to the energy type’s or item’s name.' }),
  unit: z.string().trim().min(1).max(20).optional().meta({ description: 'Energy factors always use the energy type’s unit; material factors default to the item’s unit.' }),
  kgCo2ePerUnit: z.number().min(0).max(1e9),
  source: z.string().trim().min(1).max(500),
  year: z.number().int().min(1990).max(2100),
};

export const createFactorSchema = z
  .strictObject({
    kind: z.enum(['energy', 'material']),
    energyType: z.enum(ENERGY_TYPES).optional(),
    itemId: z.uuid().optional(),
    ...factorFields,
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'energy') {
      if (!input.energyType) ctx.addIssue({ code: 'custom', path: ['energyType'], message: messageKey('processRecords.energy_type_required') });
      if (input.itemId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: messageKey('processRecords.energy_kind_fields') });
    } else {
      if (!input.itemId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: messageKey('processRecords.item_required') });
      if (input.energyType) ctx.addIssue({ code: 'custom', path: ['energyType'], message: messageKey('processRecords.material_kind_fields') });
    }
  });
export type CreateFactorInput = z.infer<typeof createFactorSchema>;

export const updateFactorSchema = z.strictObject({ version: z.number().int().min(1), ...factorFields });
export type UpdateFactorInput = z.infer<typeof updateFactorSchema>;

const day = z.iso.date().meta({ description: 'A JST date, YYYY-MM-DD.' });
export const productCfpQuery = z.strictObject({ from: day.optional(), to: day.optional() });
