import { z } from 'zod';
import { messageKey, messages } from '../../../core/messages.js';
import { labelFields } from '../shared/labels.js';

/*
 * Request schemas of the master data (items, formulas, workstations, routings). The import
 * validates each row against the same schemas, so a row and a form fail alike.
 */

messages.add({
  'process.master.time_format': { ja: '時刻は 08:00 のように HH:MM（00:00〜24:00）で入力してください。', en: 'Enter times as HH:MM between 00:00 and 24:00, e.g. 08:00.' },
  'process.master.range_order': { ja: '時間帯の開始は終了より前にしてください。', en: 'A time range must start before it ends.' },
  'process.master.range_overlap': { ja: '時間帯が重なっています。重ならないように入力してください。', en: 'The time ranges overlap. Enter ranges that do not overlap.' },
  'process.master.energy_type': { ja: 'エネルギー種別は electricity（電力）、city_gas（都市ガス）のような英小文字の種別名で入力してください。', en: 'Use an energy type key in lower case, such as electricity or city_gas.' },
  'process.master.energy_duplicate': { ja: '同じエネルギー種別が重複しています。', en: 'The same energy type is listed twice.' },
  'process.master.day_duplicate': { ja: '同じ日の例外が重複しています。', en: 'The same day is listed twice.' },
  'process.master.day_format': { ja: '日付は 2026-11-27 の形式で入力してください。', en: 'Enter the date as YYYY-MM-DD, e.g. 2026-11-27.' },
  'process.master.item_unknown': { ja: 'この品目は登録されていません。', en: 'This item does not exist.' },
  'process.master.item_archived': { ja: 'この品目はアーカイブ済みのため使えません。', en: 'This item is archived and cannot be used.' },
  'process.master.component_self': { ja: '配合の品目自身は構成品目にできません。', en: 'The formula’s own item cannot be one of its components.' },
  'process.master.component_duplicate': { ja: '同じ構成品目が複数行にあります。1行にまとめてください。', en: 'The same component is on several lines. Combine them into one line.' },
  'process.master.workstation_unknown': { ja: 'この設備は登録されていません。', en: 'This workstation does not exist.' },
  'process.master.workstation_archived': { ja: 'この設備はアーカイブ済みのため使えません。', en: 'This workstation is archived and cannot be used.' },
  'process.master.code_taken': { ja: 'このコードは既に使われています。別のコードを入力してください。', en: 'This code is already in use. Enter another code.' },
});

const code = z.string().trim().min(1).max(40).meta({ description: 'Unique code within the tenant (upsert key of the import).' });
const name = z.string().trim().min(1).max(200);
const quantity = z.number().finite().positive();

/** Energy type key (electricity, city_gas, lpg, heavy_oil_a, steam, …). */
export const energyTypeKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, messageKey('process.master.energy_type'));

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** One working time range of a day, ['08:00', '17:00'], the end after the start, at most 24:00. */
export const timeRange = z
  .tuple([z.string().regex(TIME, messageKey('process.master.time_format')), z.string().regex(TIME, messageKey('process.master.time_format'))])
  .refine(([from, to]) => !TIME.test(from) || !TIME.test(to) || (from !== '24:00' && minutesOf(from) < minutesOf(to)), { message: messageKey('process.master.range_order') });

/** The working ranges of one day: non-overlapping (they are stored sorted). */
export const dayRanges = z
  .array(timeRange)
  .max(8)
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
    for (let i = 1; i < sorted.length; i += 1) {
      if (minutesOf(sorted[i]![0]) < minutesOf(sorted[i - 1]![1])) {
        ctx.addIssue({ code: 'custom', message: messageKey('process.master.range_overlap') });
        return;
      }
    }
  });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Weekly working pattern in JST; a missing day is closed. */
export const workHoursSchema = z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges.optional()])) as Record<Weekday, z.ZodOptional<typeof dayRanges>>);
export type WorkHours = Partial<Record<Weekday, [string, string][]>>;

const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, messageKey('process.master.day_format')).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
  message: messageKey('process.master.day_format'),
});

/** A day that differs from the weekly pattern: `hours` empty = closed that day. */
export const workstationDaySchema = z.strictObject({
  day: dayText,
  hours: dayRanges.default([]),
  note: z.string().trim().max(200).default(''),
});

export const itemCreateSchema = z.strictObject({
  code,
  name,
  kind: z.enum(['raw', 'intermediate', 'product']),
  unit: z.string().trim().min(1).max(20),
  ...labelFields,
});
export type ItemCreateInput = z.infer<typeof itemCreateSchema>;

export const itemUpdateSchema = itemCreateSchema.partial().extend({
  version: z.number().int().positive(),
  archived: z.boolean().optional().meta({ description: 'false restores an archived item.' }),
});
export type ItemUpdateInput = z.infer<typeof itemUpdateSchema>;

export const formulaLineSchema = z.strictObject({
  componentItemId: z.uuid(),
  quantity,
  scrapPct: z.number().finite().min(0).lt(100).default(0),
});

const formulaFields = {
  itemId: z.uuid(),
  code,
  name,
  baseQuantity: quantity,
  yieldPct: z.number().finite().positive().max(100).default(100),
  isDefault: z.boolean().default(false),
  lines: z
    .array(formulaLineSchema)
    .min(1)
    .max(200)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      lines.forEach((l, i) => {
        if (seen.has(l.componentItemId)) ctx.addIssue({ code: 'custom', path: [i, 'componentItemId'], message: messageKey('process.master.component_duplicate') });
        seen.add(l.componentItemId);
      });
    }),
};
export const formulaCreateSchema = z.strictObject(formulaFields);
export type FormulaCreateInput = z.infer<typeof formulaCreateSchema>;
export const formulaUpdateSchema = z.strictObject({ ...formulaFields, version: z.number().int().positive() });
export type FormulaUpdateInput = z.infer<typeof formulaUpdateSchema>;

const workstationFields = {
  code,
  name,
  capacity: quantity.default(1),
  capacityUnit: z.string().trim().max(20).default(''),
  setupMinutes: z.number().int().min(0).max(10_080).default(0),
  cleanupMinutes: z.number().int().min(0).max(10_080).default(0),
  powerKw: z.number().finite().min(0).max(1_000_000).default(0),
  energySources: z
    .array(energyTypeKey)
    .max(10)
    .default([])
    .refine((s) => new Set(s).size === s.length, { message: messageKey('process.master.energy_duplicate') }),
  workHours: workHoursSchema,
  observeHolidays: z.boolean().default(true),
  days: z
    .array(workstationDaySchema)
    .max(1000)
    .default([])
    .superRefine((days, ctx) => {
      const seen = new Set<string>();
      days.forEach((d, i) => {
        if (seen.has(d.day)) ctx.addIssue({ code: 'custom', path: [i, 'day'], message: messageKey('process.master.day_duplicate') });
        seen.add(d.day);
      });
    }),
};
export const workstationCreateSchema = z.strictObject(workstationFields);
export type WorkstationCreateInput = z.infer<typeof workstationCreateSchema>;
export const workstationUpdateSchema = z.strictObject({
  ...workstationFields,
  version: z.number().int().positive(),
  archived: z.boolean().optional().meta({ description: 'false restores an archived workstation; absent leaves it as is.' }),
});
export type WorkstationUpdateInput = z.infer<typeof workstationUpdateSchema>;

export const energyMapSchema = z.record(energyTypeKey, z.number().finite().min(0)).default({});

export const routingStepSchema = z.strictObject({
  seq: z.number().int().positive().optional().meta({ description: 'Ignored on input: steps are numbered in the order given.' }),
  name,
  workstationId: z.uuid(),
  timeBasis: z.enum(['per_unit', 'per_batch']),
  standardMinutes: z.number().finite().min(0).max(1_000_000),
  batchSize: quantity.default(1),
  energyPerUnit: energyMapSchema,
});

const routingFields = {
  itemId: z.uuid(),
  code,
  name,
  isDefault: z.boolean().default(false),
  steps: z.array(routingStepSchema).min(1).max(100),
};
export const routingCreateSchema = z.strictObject(routingFields);
export type RoutingCreateInput = z.infer<typeof routingCreateSchema>;
export const routingUpdateSchema = z.strictObject({ ...routingFields, version: z.number().int().positive() });
export type RoutingUpdateInput = z.infer<typeof routingUpdateSchema>;

/** Sorts each day's ranges by start, as they are stored. */
export function sortedHours(hours: WorkHours): WorkHours {
  return Object.fromEntries(
    WEEKDAYS.filter((d) => hours[d] !== undefined && hours[d].length > 0).map((d) => [d, [...hours[d]!].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]))]),
  );
}

/** Sorts one day's ranges by start. */
export function sortedRanges(ranges: readonly [string, string][]): [string, string][] {
  return [...ranges].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
}

export const listQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
