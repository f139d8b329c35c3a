import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { recordVisibility } from './workRecordQueries.js';
import type { CreateLotInput } from './schemas.js';

/** A lot as the API returns it. */
export interface LotView {
  id: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  unit: string;
  lotNo: string;
  origin: 'purchased' | 'produced';
  quantity: number;
  orderId: string | null;
  orderNo: string | null;
  createdAt: string;
}

interface LotRow {
  id: string;
  item_id: string;
  item_code: string;
  item_name: string;
  unit: string;
  lot_no: string;
  origin: 'purchased' | 'produced';
  quantity: string;
  order_id: string | null;
  order_no: string | null;
  created_at: Date;
}

const SELECT = `
  SELECT l.id, l.item_id, i.code AS item_code, i.name AS item_name, i.unit, l.lot_no, l.origin, l.quantity::text AS quantity,
         l.order_id, d.order_no, l.created_at
    FROM process.lots l
    JOIN process.items i ON i.tenant_id = l.tenant_id AND i.id = l.item_id
    LEFT JOIN process.orders d ON d.tenant_id = l.tenant_id AND d.id = l.order_id`;

function view(row: LotRow): LotView {
  return {
    id: row.id,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    unit: row.unit,
    lotNo: row.lot_no,
    origin: row.origin,
    quantity: Number(row.quantity),
    orderId: row.order_id,
    orderNo: row.order_no,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function findLot(tx: Tx, id: string): Promise<LotView | undefined> {
  const { rows } = await tx.query<LotRow>(`${SELECT} WHERE l.id = $1`, [id]);
  return rows[0] ? view(rows[0]) : undefined;
}

/** Lots, newest first; `q` matches the lot number or the item's code or name. */
export async function listLots(tx: Tx, filter: { itemId?: string | undefined; q?: string | undefined; limit: number; offset: number }): Promise<{ lots: LotView[]; total: number }> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `($1::uuid IS NULL OR l.item_id = $1) AND ($2::text IS NULL OR l.lot_no ILIKE $2 OR i.code ILIKE $2 OR i.name ILIKE $2)`;
  const params = [filter.itemId ?? null, like];
  const { rows } = await tx.query<LotRow>(`${SELECT} WHERE ${where} ORDER BY l.created_at DESC, l.id LIMIT ${filter.limit} OFFSET ${filter.offset}`, params);
  const count = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM process.lots l JOIN process.items i ON i.tenant_id = l.tenant_id AND i.id = l.item_id WHERE ${where}`, params);
  return { lots: rows.map(view), total: count.rows[0]?.n ?? 0 };
}

/** Registers a purchased lot (受入) of an item. */
export async function createPurchasedLot(deps: ProcessDeps, actor: UserActor, input: CreateLotInput, origin: AuditOrigin): Promise<LotView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const now = deps.clock.now();
    const item = await tx.query(`SELECT 1 FROM process.items WHERE id = $1`, [input.itemId]);
    if (item.rows.length === 0) throw new AppError('not_found');
    const taken = await tx.query(`SELECT 1 FROM process.lots WHERE item_id = $1 AND lot_no = $2`, [input.itemId, input.lotNo]);
    if (taken.rows.length > 0) throw new AppError('process.lot_exists');
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, created_at) VALUES ($1, $2, $3, 'purchased', $4, $5) RETURNING id`,
      [actor.tenantId, input.itemId, input.lotNo, String(input.quantity), now],
    );
    const id = rows[0]!.id;
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: { type: 'user', id: actor.userId, name: actor.displayName },
      action: 'process.lot.created',
      target: { type: 'process.lot', id },
      result: 'success',
      details: { itemId: input.itemId, lotNo: input.lotNo, quantity: input.quantity, origin: 'purchased' },
    });
    const lot = await findLot(tx, id);
    if (!lot) throw new Error('createPurchasedLot: the lot is not readable in its own transaction');
    return lot;
  });
}

export interface GenealogyNode {
  lot: LotView;
  depth: number;
  via: { workRecordId: string; orderNo: string };
}

/** How deep genealogy goes; real chains are a handful of steps. */
const MAX_DEPTH = 30;

/**
 * Lot genealogy by a recursive query over work records: backward = the lots that went into
 * this lot (and into those, …); forward = the lots made from it. Each path remembers the lots
 * it passed, so a cycle in the data ends the path instead of looping. A lot reached along
 * several paths is listed once per work record, at its smallest depth. Work records the
 * actor may not see (confidential) are not followed.
 */
export async function genealogy(tx: Tx, actor: UserActor, lotId: string, direction: 'backward' | 'forward'): Promise<{ lot: LotView; nodes: GenealogyNode[] }> {
  const lot = await findLot(tx, lotId);
  if (!lot) throw new AppError('not_found');
  const visible = recordVisibility(actor, 'r', 'd');
  // One step: from lot `g.lot_id` to the next lots through a visible work record.
  const [next, joins] =
    direction === 'backward'
      ? ['c.lot_id', `JOIN process.work_records r ON r.tenant_id = platform.current_tenant() AND r.produced_lot_id = g.lot_id
           JOIN process.lot_consumptions c ON c.tenant_id = r.tenant_id AND c.work_record_id = r.id`]
      : ['r.produced_lot_id', `JOIN process.lot_consumptions c ON c.tenant_id = platform.current_tenant() AND c.lot_id = g.lot_id
           JOIN process.work_records r ON r.tenant_id = c.tenant_id AND r.id = c.work_record_id AND r.produced_lot_id IS NOT NULL`];
  const { rows } = await tx.query<{ lot_id: string; depth: number; record_id: string; order_no: string }>(
    `WITH RECURSIVE g (lot_id, depth, record_id, order_no, path) AS (
       SELECT $2::uuid, 0, NULL::uuid, NULL::text, ARRAY[$2::uuid]
       UNION ALL
       SELECT ${next}, g.depth + 1, r.id, d.order_no, g.path || ${next}
         FROM g
         ${joins}
         JOIN process.orders d ON d.tenant_id = r.tenant_id AND d.id = r.order_id
        WHERE g.depth < ${MAX_DEPTH} AND NOT ${next} = ANY (g.path) AND ${visible}
     )
     SELECT DISTINCT ON (lot_id, record_id) lot_id, depth, record_id, order_no
       FROM g WHERE depth > 0
      ORDER BY lot_id, record_id, depth`,
    [actor.userId, lotId],
  );
  const lots = new Map<string, LotView>();
  const ids = [...new Set(rows.map((r) => r.lot_id))];
  if (ids.length) {
    const found = await tx.query<LotRow>(`${SELECT} WHERE l.id = ANY ($1::uuid[])`, [ids]);
    for (const row of found.rows) lots.set(row.id, view(row));
  }
  const nodes = rows
    .filter((r) => lots.has(r.lot_id))
    .map((r) => ({ lot: lots.get(r.lot_id)!, depth: r.depth, via: { workRecordId: r.record_id, orderNo: r.order_no } }))
    .sort((a, b) => a.depth - b.depth || a.lot.lotNo.localeCompare(b.lot.lotNo));
  return { lot, nodes };
}
