import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { assertCodeFree, auditMaster, fieldError, notFound, num, pageOffset, visibleTo, type MasterWrite } from './masterContext.js';
import type { RoutingCreateInput, RoutingUpdateInput } from './masterSchemas.js';

/** 工程表 as the API returns it, steps in order. */
export const routingView = z.object({
  id: z.string(),
  itemId: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  code: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  version: z.number(),
  steps: z.array(
    z.object({
      seq: z.number(),
      name: z.string(),
      workstationId: z.string(),
      workstationCode: z.string(),
      workstationName: z.string(),
      timeBasis: z.enum(['per_unit', 'per_batch']),
      standardMinutes: z.number(),
      batchSize: z.number(),
      energyPerUnit: z.record(z.string(), z.number()),
    }),
  ),
});
export type RoutingView = z.infer<typeof routingView>;

interface RoutingRow {
  id: string;
  item_id: string;
  item_code: string;
  item_name: string;
  code: string;
  name: string;
  is_default: boolean;
  version: number;
}

const FROM = 'FROM process.routings r JOIN process.items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id';
const SELECT = `SELECT r.id, r.item_id, i.code AS item_code, i.name AS item_name, r.code, r.name, r.is_default, r.version ${FROM}`;

async function withSteps(tx: Tx, rows: RoutingRow[]): Promise<RoutingView[]> {
  if (rows.length === 0) return [];
  const { rows: steps } = await tx.query<{
    routing_id: string;
    seq: number;
    name: string;
    workstation_id: string;
    ws_code: string;
    ws_name: string;
    time_basis: 'per_unit' | 'per_batch';
    standard_minutes: number;
    batch_size: number;
    energy_per_unit: Record<string, number>;
  }>(
    `SELECT s.routing_id, s.seq, s.name, s.workstation_id, w.code AS ws_code, w.name AS ws_name, s.time_basis, s.standard_minutes::float8 AS standard_minutes,
            s.batch_size::float8 AS batch_size, s.energy_per_unit
       FROM process.routing_steps s JOIN process.workstations w ON w.tenant_id = s.tenant_id AND w.id = s.workstation_id
      WHERE s.routing_id = ANY ($1::uuid[]) ORDER BY s.routing_id, s.seq`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    itemCode: r.item_code,
    itemName: r.item_name,
    code: r.code,
    name: r.name,
    isDefault: r.is_default,
    version: r.version,
    steps: steps
      .filter((s) => s.routing_id === r.id)
      .map((s) => ({
        seq: s.seq,
        name: s.name,
        workstationId: s.workstation_id,
        workstationCode: s.ws_code,
        workstationName: s.ws_name,
        timeBasis: s.time_basis,
        standardMinutes: num(s.standard_minutes),
        batchSize: num(s.batch_size),
        energyPerUnit: s.energy_per_unit,
      })),
  }));
}

/** Routings of items the actor may see, optionally of one item. */
export async function listRoutings(tx: Tx, actor: UserActor, filter: { itemId?: string | undefined; page: number; pageSize: number }): Promise<{ routings: RoutingView[]; total: number }> {
  const params: unknown[] = [actor.userId];
  const where = [visibleTo(actor, 'i')];
  if (filter.itemId) {
    params.push(filter.itemId);
    where.push(`r.item_id = $${params.length}`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<RoutingRow>(`${SELECT} WHERE ${condition} ORDER BY i.code, r.code LIMIT ${filter.pageSize} OFFSET ${pageOffset(filter.page, filter.pageSize)}`, params);
  return { routings: await withSteps(tx, rows), total };
}

/** One routing whose item the actor may see, or 404. */
export async function getRouting(tx: Tx, actor: UserActor, id: string, lock = false): Promise<RoutingView> {
  const { rows } = await tx.query<RoutingRow>(`${SELECT} WHERE r.id = $2 AND ${visibleTo(actor, 'i')}${lock ? ' FOR UPDATE OF r' : ''}`, [actor.userId, id]);
  if (!rows[0]) throw notFound();
  return (await withSteps(tx, rows))[0]!;
}

async function checkReferences(tx: Tx, input: RoutingCreateInput): Promise<void> {
  const fields: Record<string, string> = {};
  const item = (await tx.query<{ archived: boolean }>('SELECT archived FROM process.items WHERE id = $1', [input.itemId])).rows[0];
  if (!item) fields.itemId = 'process.master.item_unknown';
  else if (item.archived) fields.itemId = 'process.master.item_archived';
  const { rows } = await tx.query<{ id: string; archived: boolean }>('SELECT id, archived FROM process.workstations WHERE id = ANY ($1::uuid[])', [input.steps.map((s) => s.workstationId)]);
  const found = new Map(rows.map((r) => [r.id, r]));
  input.steps.forEach((s, i) => {
    const ws = found.get(s.workstationId);
    if (!ws) fields[`steps.${i}.workstationId`] = 'process.master.workstation_unknown';
    else if (ws.archived) fields[`steps.${i}.workstationId`] = 'process.master.workstation_archived';
  });
  if (Object.keys(fields).length > 0) throw fieldError(fields);
}

async function settleDefault(tx: Tx, routingId: string, itemId: string, isDefault: boolean): Promise<void> {
  if (isDefault) {
    await tx.query('UPDATE process.routings SET is_default = false WHERE item_id = $1 AND id <> $2 AND is_default', [itemId, routingId]);
    await tx.query('UPDATE process.routings SET is_default = true WHERE id = $1', [routingId]);
    return;
  }
  await tx.query(`UPDATE process.routings SET is_default = true WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM process.routings WHERE item_id = $2 AND is_default AND id <> $1)`, [routingId, itemId]);
}

async function writeSteps(tx: Tx, tenantId: string, routingId: string, input: RoutingCreateInput): Promise<void> {
  await tx.query('DELETE FROM process.routing_steps WHERE routing_id = $1', [routingId]);
  for (const [i, s] of input.steps.entries()) {
    await tx.query(
      `INSERT INTO process.routing_steps (tenant_id, routing_id, seq, name, workstation_id, time_basis, standard_minutes, batch_size, energy_per_unit)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [tenantId, routingId, i + 1, s.name, s.workstationId, s.timeBasis, s.standardMinutes, s.batchSize, JSON.stringify(s.energyPerUnit)],
    );
  }
}

const target = (id: string) => ({ type: 'process.routing', id });

/** Creates a routing with its steps (numbered in the order given) and records `process.routing.created`. */
export async function createRouting(w: MasterWrite, input: RoutingCreateInput): Promise<RoutingView> {
  await checkReferences(w.tx, input);
  await assertCodeFree(w.tx, 'process.routings', input.code);
  const now = w.clock.now();
  const { rows } = await w.tx.query<{ id: string }>(
    'INSERT INTO process.routings (tenant_id, item_id, code, name, is_default, created_at, updated_at) VALUES ($1, $2, $3, $4, false, $5, $5) RETURNING id',
    [w.actor.tenantId, input.itemId, input.code, input.name, now],
  );
  const id = rows[0]!.id;
  await writeSteps(w.tx, w.actor.tenantId, id, input);
  await settleDefault(w.tx, id, input.itemId, input.isDefault);
  const routing = await getRouting(w.tx, w.actor, id);
  await auditMaster(w, 'process.routing.created', target(id), { code: routing.code, itemCode: routing.itemCode, steps: routing.steps.length });
  return routing;
}

/** Replaces a routing and its steps at the version the caller read (409 `conflict` when stale). */
export async function updateRouting(w: MasterWrite, id: string, input: RoutingUpdateInput): Promise<RoutingView> {
  const before = await getRouting(w.tx, w.actor, id, true);
  if (before.version !== input.version) throw new AppError('conflict');
  await checkReferences(w.tx, input);
  if (input.code !== before.code) await assertCodeFree(w.tx, 'process.routings', input.code, id);
  await w.tx.query('UPDATE process.routings SET item_id = $2, code = $3, name = $4, is_default = false, version = version + 1, updated_at = $5 WHERE id = $1', [
    id,
    input.itemId,
    input.code,
    input.name,
    w.clock.now(),
  ]);
  await writeSteps(w.tx, w.actor.tenantId, id, input);
  await settleDefault(w.tx, id, input.itemId, input.isDefault);
  const routing = await getRouting(w.tx, w.actor, id);
  const summary = (r: RoutingView) => ({ code: r.code, name: r.name, itemCode: r.itemCode, isDefault: r.isDefault, steps: r.steps.map((s) => [s.seq, s.name, s.workstationCode, s.timeBasis, s.standardMinutes, s.batchSize, s.energyPerUnit]) });
  await auditMaster(w, 'process.routing.updated', target(id), { code: routing.code }, { before: summary(before), after: summary(routing) });
  return routing;
}

/** Deletes a routing no production order uses (409 `process.master_in_use` otherwise). */
export async function deleteRouting(w: MasterWrite, id: string): Promise<{ deleted: boolean }> {
  const before = await getRouting(w.tx, w.actor, id, true);
  const { rows } = await w.tx.query('SELECT 1 FROM process.orders WHERE routing_id = $1 LIMIT 1', [id]);
  if (rows.length > 0) throw new AppError('process.master_in_use', { params: { thing_ja: '工程表', thing_en: 'routing' } });
  await w.tx.query('DELETE FROM process.routings WHERE id = $1', [id]);
  if (before.isDefault) {
    await w.tx.query('UPDATE process.routings SET is_default = true WHERE id = (SELECT id FROM process.routings WHERE item_id = $1 ORDER BY code LIMIT 1)', [before.itemId]);
  }
  await auditMaster(w, 'process.routing.deleted', target(id), { code: before.code, itemCode: before.itemCode });
  return { deleted: true };
}
