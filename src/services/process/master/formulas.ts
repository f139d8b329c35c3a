import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { assertCodeFree, auditMaster, fieldError, notFound, num, pageOffset, visibleTo, type MasterWrite } from './masterContext.js';
import type { FormulaCreateInput, FormulaUpdateInput } from './masterSchemas.js';

/** 配合 / BOM as the API returns it. */
export const formulaView = z.object({
  id: z.string(),
  itemId: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  code: z.string(),
  name: z.string(),
  baseQuantity: z.number(),
  yieldPct: z.number(),
  isDefault: z.boolean(),
  version: z.number(),
  lines: z.array(
    z.object({
      lineNo: z.number(),
      componentItemId: z.string(),
      componentCode: z.string(),
      componentName: z.string(),
      unit: z.string(),
      quantity: z.number(),
      scrapPct: z.number(),
    }),
  ),
});
export type FormulaView = z.infer<typeof formulaView>;

interface FormulaRow {
  id: string;
  item_id: string;
  item_code: string;
  item_name: string;
  code: string;
  name: string;
  base_quantity: number;
  yield_pct: number;
  is_default: boolean;
  version: number;
}

const SELECT = `SELECT f.id, f.item_id, i.code AS item_code, i.name AS item_name, f.code, f.name, f.base_quantity::float8 AS base_quantity,
    f.yield_pct::float8 AS yield_pct, f.is_default, f.version
  FROM process.formulas f JOIN process.items i ON i.tenant_id = f.tenant_id AND i.id = f.item_id`;

async function withLines(tx: Tx, rows: FormulaRow[]): Promise<FormulaView[]> {
  if (rows.length === 0) return [];
  const { rows: lines } = await tx.query<{ formula_id: string; line_no: number; component_item_id: string; code: string; name: string; unit: string; quantity: number; scrap_pct: number }>(
    `SELECT l.formula_id, l.line_no, l.component_item_id, i.code, i.name, i.unit, l.quantity::float8 AS quantity, l.scrap_pct::float8 AS scrap_pct
       FROM process.formula_lines l JOIN process.items i ON i.tenant_id = l.tenant_id AND i.id = l.component_item_id
      WHERE l.formula_id = ANY ($1::uuid[]) ORDER BY l.formula_id, l.line_no`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    itemCode: r.item_code,
    itemName: r.item_name,
    code: r.code,
    name: r.name,
    baseQuantity: num(r.base_quantity),
    yieldPct: num(r.yield_pct),
    isDefault: r.is_default,
    version: r.version,
    lines: lines
      .filter((l) => l.formula_id === r.id)
      .map((l) => ({ lineNo: l.line_no, componentItemId: l.component_item_id, componentCode: l.code, componentName: l.name, unit: l.unit, quantity: num(l.quantity), scrapPct: num(l.scrap_pct) })),
  }));
}

/** Formulas of items the actor may see, optionally of one item. */
export async function listFormulas(tx: Tx, actor: UserActor, filter: { itemId?: string | undefined; page: number; pageSize: number }): Promise<{ formulas: FormulaView[]; total: number }> {
  const params: unknown[] = [actor.userId];
  const where = [visibleTo(actor, 'i')];
  if (filter.itemId) {
    params.push(filter.itemId);
    where.push(`f.item_id = $${params.length}`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM process.formulas f JOIN process.items i ON i.tenant_id = f.tenant_id AND i.id = f.item_id WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<FormulaRow>(`${SELECT} WHERE ${condition} ORDER BY i.code, f.code LIMIT ${filter.pageSize} OFFSET ${pageOffset(filter.page, filter.pageSize)}`, params);
  return { formulas: await withLines(tx, rows), total };
}

/** One formula whose item the actor may see, or 404. */
export async function getFormula(tx: Tx, actor: UserActor, id: string, lock = false): Promise<FormulaView> {
  const { rows } = await tx.query<FormulaRow>(`${SELECT} WHERE f.id = $2 AND ${visibleTo(actor, 'i')}${lock ? ' FOR UPDATE OF f' : ''}`, [actor.userId, id]);
  if (!rows[0]) throw notFound();
  return (await withLines(tx, rows))[0]!;
}

/** Checks the item and components exist, are not archived, and the item is not its own component. */
async function checkReferences(tx: Tx, input: FormulaCreateInput): Promise<void> {
  const ids = [input.itemId, ...input.lines.map((l) => l.componentItemId)];
  const { rows } = await tx.query<{ id: string; archived: boolean }>('SELECT id, archived FROM process.items WHERE id = ANY ($1::uuid[])', [ids]);
  const found = new Map(rows.map((r) => [r.id, r]));
  const fields: Record<string, string> = {};
  const item = found.get(input.itemId);
  if (!item) fields.itemId = 'process.master.item_unknown';
  else if (item.archived) fields.itemId = 'process.master.item_archived';
  input.lines.forEach((l, i) => {
    const c = found.get(l.componentItemId);
    if (l.componentItemId === input.itemId) fields[`lines.${i}.componentItemId`] = 'process.master.component_self';
    else if (!c) fields[`lines.${i}.componentItemId`] = 'process.master.item_unknown';
    else if (c.archived) fields[`lines.${i}.componentItemId`] = 'process.master.item_archived';
  });
  if (Object.keys(fields).length > 0) throw fieldError(fields);
}

/** The item's default formula moves to this one; an item's first formula becomes its default. */
async function settleDefault(tx: Tx, formulaId: string, itemId: string, isDefault: boolean): Promise<void> {
  if (isDefault) {
    await tx.query('UPDATE process.formulas SET is_default = false WHERE item_id = $1 AND id <> $2 AND is_default', [itemId, formulaId]);
    await tx.query('UPDATE process.formulas SET is_default = true WHERE id = $1', [formulaId]);
    return;
  }
  await tx.query(
    `UPDATE process.formulas SET is_default = true WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM process.formulas WHERE item_id = $2 AND is_default AND id <> $1)`,
    [formulaId, itemId],
  );
}

async function writeLines(tx: Tx, tenantId: string, formulaId: string, input: FormulaCreateInput): Promise<void> {
  await tx.query('DELETE FROM process.formula_lines WHERE formula_id = $1', [formulaId]);
  for (const [i, line] of input.lines.entries()) {
    await tx.query('INSERT INTO process.formula_lines (tenant_id, formula_id, line_no, component_item_id, quantity, scrap_pct) VALUES ($1, $2, $3, $4, $5, $6)', [
      tenantId,
      formulaId,
      i + 1,
      line.componentItemId,
      line.quantity,
      line.scrapPct,
    ]);
  }
}

const target = (id: string) => ({ type: 'process.formula', id });

/** Creates a formula with its lines and records `process.formula.created`. */
export async function createFormula(w: MasterWrite, input: FormulaCreateInput): Promise<FormulaView> {
  await checkReferences(w.tx, input);
  await assertCodeFree(w.tx, 'process.formulas', input.code);
  const now = w.clock.now();
  const { rows } = await w.tx.query<{ id: string }>(
    `INSERT INTO process.formulas (tenant_id, item_id, code, name, base_quantity, yield_pct, is_default, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, false, $7, $7) RETURNING id`,
    [w.actor.tenantId, input.itemId, input.code, input.name, input.baseQuantity, input.yieldPct, now],
  );
  const id = rows[0]!.id;
  await writeLines(w.tx, w.actor.tenantId, id, input);
  await settleDefault(w.tx, id, input.itemId, input.isDefault);
  const formula = await getFormula(w.tx, w.actor, id);
  await auditMaster(w, 'process.formula.created', target(id), { code: formula.code, itemCode: formula.itemCode, lines: formula.lines.length });
  return formula;
}

/** Replaces a formula and its lines at the version the caller read (409 `conflict` when stale). */
export async function updateFormula(w: MasterWrite, id: string, input: FormulaUpdateInput): Promise<FormulaView> {
  const before = await getFormula(w.tx, w.actor, id, true);
  if (before.version !== input.version) throw new AppError('conflict');
  await checkReferences(w.tx, input);
  if (input.code !== before.code) await assertCodeFree(w.tx, 'process.formulas', input.code, id);
  // Clear the flag first so moving the default between items never meets the one-default index.
  await w.tx.query(
    `UPDATE process.formulas SET item_id = $2, code = $3, name = $4, base_quantity = $5, yield_pct = $6, is_default = false, version = version + 1, updated_at = $7 WHERE id = $1`,
    [id, input.itemId, input.code, input.name, input.baseQuantity, input.yieldPct, w.clock.now()],
  );
  await writeLines(w.tx, w.actor.tenantId, id, input);
  await settleDefault(w.tx, id, input.itemId, input.isDefault || (before.isDefault && before.itemId === input.itemId));
  const formula = await getFormula(w.tx, w.actor, id);
  const summary = (f: FormulaView) => ({ code: f.code, name: f.name, itemCode: f.itemCode, baseQuantity: f.baseQuantity, yieldPct: f.yieldPct, isDefault: f.isDefault, lines: f.lines.map((l) => [l.componentCode, l.quantity, l.scrapPct]) });
  await auditMaster(w, 'process.formula.updated', target(id), { code: formula.code }, { before: summary(before), after: summary(formula) });
  return formula;
}

/** Deletes a formula no production order uses (409 `process.master_in_use` otherwise). */
export async function deleteFormula(w: MasterWrite, id: string): Promise<{ deleted: boolean }> {
  const before = await getFormula(w.tx, w.actor, id, true);
  const { rows } = await w.tx.query('SELECT 1 FROM process.orders WHERE formula_id = $1 LIMIT 1', [id]);
  if (rows.length > 0) throw new AppError('process.master_in_use', { params: { thing_ja: '配合', thing_en: 'formula' } });
  await w.tx.query('DELETE FROM process.formulas WHERE id = $1', [id]);
  if (before.isDefault) {
    // Another formula of the item, if any, becomes its default.
    await w.tx.query(
      `UPDATE process.formulas SET is_default = true WHERE id = (SELECT id FROM process.formulas WHERE item_id = $1 ORDER BY code LIMIT 1)`,
      [before.itemId],
    );
  }
  await auditMaster(w, 'process.formula.deleted', target(id), { code: before.code, itemCode: before.itemCode });
  return { deleted: true };
}
