import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { messageKey } from '../../../core/messages.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { canSee, labelView } from '../shared/labels.js';
import { assertNamedUsers } from '../shared/namedUsers.js';
import { assertCodeFree, auditMaster, iso, notFound, pageOffset, visibleTo, type MasterWrite } from './masterContext.js';
import type { ItemCreateInput, ItemUpdateInput } from './masterSchemas.js';

/** 品目 as the API returns it. */
export const itemView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['raw', 'intermediate', 'product']),
  unit: z.string(),
  ...labelView,
  archived: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof itemView>;

interface ItemRow {
  id: string;
  code: string;
  name: string;
  kind: 'raw' | 'intermediate' | 'product';
  unit: string;
  remarks: string;
  labels: string[];
  classification: 'general' | 'internal' | 'confidential';
  named_users: string[];
  archived: boolean;
  version: number;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS = `i.id, i.code, i.name, i.kind, i.unit, i.remarks, i.labels, i.classification, i.named_users::text[] AS named_users,
  i.archived, i.version, i.created_at, i.updated_at`;

function present(row: ItemRow): ItemView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    unit: row.unit,
    remarks: row.remarks,
    labels: row.labels,
    classification: row.classification,
    namedUsers: row.named_users,
    archived: row.archived,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export interface ItemFilter {
  q?: string | undefined;
  kind?: 'raw' | 'intermediate' | 'product' | undefined;
  includeArchived: boolean;
  page: number;
  pageSize: number;
}

/** Items the actor may see, by code; confidential ones only for admins and named users. */
export async function listItems(tx: Tx, actor: UserActor, filter: ItemFilter): Promise<{ items: ItemView[]; total: number }> {
  const params: unknown[] = [actor.userId];
  const where = [visibleTo(actor, 'i')];
  if (!filter.includeArchived) where.push('NOT i.archived');
  if (filter.kind) {
    params.push(filter.kind);
    where.push(`i.kind = $${params.length}`);
  }
  const q = filter.q?.normalize('NFKC').trim();
  if (q) {
    params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(i.code ILIKE $${params.length} OR i.name ILIKE $${params.length})`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM process.items i WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<ItemRow>(
    `SELECT ${COLUMNS} FROM process.items i WHERE ${condition} ORDER BY i.code LIMIT ${filter.pageSize} OFFSET ${pageOffset(filter.page, filter.pageSize)}`,
    params,
  );
  return { items: rows.map(present), total };
}

async function loadItem(tx: Tx, actor: UserActor, id: string, lock = false): Promise<ItemRow> {
  const { rows } = await tx.query<ItemRow>(`SELECT ${COLUMNS} FROM process.items i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const row = rows[0];
  if (!row || !canSee(actor, row)) throw notFound();
  return row;
}

/** One item the actor may see, or 404. */
export async function getItem(tx: Tx, actor: UserActor, id: string): Promise<ItemView> {
  return present(await loadItem(tx, actor, id));
}

/** Item id by code (for the import), or undefined. */
export async function itemIdsByCode(tx: Tx, codes: readonly string[]): Promise<Map<string, { id: string; archived: boolean; version: number }>> {
  const { rows } = await tx.query<{ id: string; code: string; archived: boolean; version: number }>(
    'SELECT id, code, archived, version FROM process.items WHERE code = ANY ($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { id: r.id, archived: r.archived, version: r.version }]));
}

function targetOf(row: { id: string; classification: string }) {
  return { type: 'process.item', id: row.id, labels: [row.classification] };
}

/**
 * Creates an item and records `process.item.created`. The code is unique in the tenant: the
 * unique key (tenant_id, code) decides, also between two concurrent creates, and a taken code
 * answers `process.code_taken` (409) without aborting the transaction. The row comes back from
 * the insert itself.
 */
export async function createItem(w: MasterWrite, input: ItemCreateInput): Promise<ItemView> {
  const now = w.clock.now();
  const { rows } = await w.tx.query<ItemRow>(
    `INSERT INTO process.items AS i (tenant_id, code, name, kind, unit, remarks, labels, classification, named_users, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::uuid[], $10, $11, $11)
     ON CONFLICT (tenant_id, code) DO NOTHING
     RETURNING ${COLUMNS}`,
    [w.actor.tenantId, input.code, input.name, input.kind, input.unit, input.remarks ?? '', input.labels ?? [], input.classification ?? 'general', input.namedUsers ?? [], w.actor.userId, now],
  );
  const row = rows[0];
  if (!row) throw new AppError('process.code_taken', { fields: { code: messageKey('process.master.code_taken') } });
  // Checked after the insert so that a taken code answers first, as a separate check did; a
  // refusal here rolls the insert back with the transaction.
  await assertNamedUsers(w.tx, input.namedUsers);
  if (!canSee(w.actor, row)) throw notFound();
  const item = present(row);
  await auditMaster(w, 'process.item.created', targetOf(item), { code: item.code, name: item.name, kind: item.kind });
  return item;
}

/** Updates an item at the version the caller read (409 `conflict` when stale); absent fields stay. */
export async function updateItem(w: MasterWrite, id: string, input: ItemUpdateInput): Promise<ItemView> {
  const before = await loadItem(w.tx, w.actor, id, true);
  if (before.version !== input.version) throw new AppError('conflict');
  if (input.code !== undefined && input.code !== before.code) await assertCodeFree(w.tx, 'process.items', input.code, id);
  await assertNamedUsers(w.tx, input.namedUsers, before.named_users);
  const next = {
    code: input.code ?? before.code,
    name: input.name ?? before.name,
    kind: input.kind ?? before.kind,
    unit: input.unit ?? before.unit,
    remarks: input.remarks ?? before.remarks,
    labels: input.labels ?? before.labels,
    classification: input.classification ?? before.classification,
    namedUsers: input.namedUsers ?? before.named_users,
    archived: input.archived ?? before.archived,
  };
  await w.tx.query(
    `UPDATE process.items SET code = $2, name = $3, kind = $4, unit = $5, remarks = $6, labels = $7::text[], classification = $8,
       named_users = $9::uuid[], archived = $11, version = version + 1, updated_at = $10 WHERE id = $1`,
    [id, next.code, next.name, next.kind, next.unit, next.remarks, next.labels, next.classification, next.namedUsers, w.clock.now(), next.archived],
  );
  const item = present(await loadItem(w.tx, w.actor, id));
  const old = present(before);
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(old[k]));
  await auditMaster(w, 'process.item.updated', targetOf(item), { code: item.code, fields: changed }, {
    before: Object.fromEntries(changed.map((k) => [k, old[k]])),
    after: Object.fromEntries(changed.map((k) => [k, item[k]])),
  });
  return item;
}

/** Whether anything (formula, routing, order, lot, emission factor) refers to the item. */
async function itemReferenced(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM process.formulas WHERE item_id = $1)
         OR EXISTS (SELECT 1 FROM process.formula_lines WHERE component_item_id = $1)
         OR EXISTS (SELECT 1 FROM process.routings WHERE item_id = $1)
         OR EXISTS (SELECT 1 FROM process.orders WHERE item_id = $1)
         OR EXISTS (SELECT 1 FROM process.order_materials WHERE item_id = $1)
         OR EXISTS (SELECT 1 FROM process.lots WHERE item_id = $1)
         OR EXISTS (SELECT 1 FROM process.emission_factors WHERE item_id = $1) AS used`,
    [id],
  );
  return rows[0]?.used === true;
}

/** Deletes an unused item; archives one that something refers to (its history stays readable). */
export async function deleteItem(w: MasterWrite, id: string): Promise<{ item?: ItemView; deleted: boolean }> {
  const before = await loadItem(w.tx, w.actor, id, true);
  if (await itemReferenced(w.tx, id)) {
    await w.tx.query('UPDATE process.items SET archived = true, version = version + 1, updated_at = $2 WHERE id = $1', [id, w.clock.now()]);
    const item = present(await loadItem(w.tx, w.actor, id));
    await auditMaster(w, 'process.item.deleted', targetOf(item), { code: item.code, archived: true });
    return { item, deleted: false };
  }
  await w.tx.query('DELETE FROM process.items WHERE id = $1', [id]);
  await auditMaster(w, 'process.item.deleted', targetOf(before), { code: before.code, name: before.name, archived: false });
  return { deleted: true };
}
