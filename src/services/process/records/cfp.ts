import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { visibleTo } from './workRecordQueries.js';
import { add, dec, divRound, isZero, kg, mul, sum, toText, ZERO, type Dec } from './decimal.js';

/*
 * Carbon footprint (CFP) of production orders and products, cradle to gate:
 *   materials: quantity × the material's factor (kg-CO2e per unit of the item);
 *   process energy: energy per step × the energy type's factor (kg-CO2e per kWh, m3, …).
 * Planned = the order's material requirements and its operations' planned energy (or the
 * routing step's energy per unit × the operation's quantity when the operation has none).
 * Actual = the work records' energy, and the consumed lots' items × quantity (the order's
 * material requirements when no lot was recorded); lots the order itself produced in an earlier
 * step are intermediate, not materials, and are not counted again. All arithmetic is exact decimal; values
 * are rounded to the gram only in the output. A missing factor is listed, never taken as 0.
 */

export interface MaterialLine {
  itemId: string;
  itemCode: string;
  itemName: string;
  quantity: number;
  unit: string;
  /** kg-CO2e per unit, or null when the material has no factor. */
  factor: number | null;
  kg: number | null;
}

export interface StepLine {
  seq: number;
  name: string;
  workstationName: string;
  energy: Record<string, number>;
  /** kg-CO2e of the energy types that have a factor. */
  kg: number;
}

export interface Footprint {
  totalKg: number;
  perUnitKg: number;
  materialsKg: number;
  energyKg: number;
  /** Units the per-unit value is divided by (order quantity, or the good quantity made). */
  units: number;
  materials: MaterialLine[];
  steps: StepLine[];
}

export interface OrderCfp {
  orderId: string;
  orderNo: string;
  status: string;
  completedAt: string | null;
  item: { id: string; code: string; name: string; unit: string };
  quantity: number;
  unit: string;
  planned: Footprint;
  actual: Footprint | null;
  missingFactors: string[];
}

interface Factors {
  energy: Map<string, Dec>;
  material: Map<string, Dec>;
}

async function loadFactors(tx: Tx): Promise<Factors> {
  const { rows } = await tx.query<{ kind: string; energy_type: string | null; item_id: string | null; v: string }>(
    `SELECT kind, energy_type, item_id, kg_co2e_per_unit::text AS v FROM process.emission_factors`,
  );
  const energy = new Map<string, Dec>();
  const material = new Map<string, Dec>();
  for (const r of rows) {
    if (r.kind === 'energy' && r.energy_type) energy.set(r.energy_type, dec(r.v));
    if (r.kind === 'material' && r.item_id) material.set(r.item_id, dec(r.v));
  }
  return { energy, material };
}

interface RawMaterial {
  item_id: string;
  code: string;
  name: string;
  unit: string;
  q: string;
}

interface RawStep {
  seq: number;
  name: string;
  workstation_name: string;
  energy: Map<string, Dec>;
}

function footprint(materials: RawMaterial[], steps: RawStep[], units: Dec, factors: Factors, missing: Set<string>): Footprint {
  const byItem = new Map<string, { m: RawMaterial; q: Dec }>();
  for (const m of materials) {
    const prev = byItem.get(m.item_id);
    byItem.set(m.item_id, { m, q: prev ? add(prev.q, dec(m.q)) : dec(m.q) });
  }
  const materialKgs: Dec[] = [];
  const materialLines: MaterialLine[] = [...byItem.values()]
    .sort((a, b) => a.m.code.localeCompare(b.m.code))
    .map(({ m, q }) => {
      const f = factors.material.get(m.item_id);
      if (!f) missing.add(`material:${m.code}`);
      const k = f ? mul(q, f) : undefined;
      if (k) materialKgs.push(k);
      return { itemId: m.item_id, itemCode: m.code, itemName: m.name, quantity: Number(toText(q)), unit: m.unit, factor: f ? Number(toText(f)) : null, kg: k ? kg(k) : null };
    });
  const stepKgs: Dec[] = [];
  const stepLines: StepLine[] = steps
    .sort((a, b) => a.seq - b.seq)
    .map((s) => {
      let k = ZERO;
      const energy: Record<string, number> = {};
      for (const [type, amount] of s.energy) {
        energy[type] = Number(toText(amount));
        if (isZero(amount)) continue;
        const f = factors.energy.get(type);
        if (!f) missing.add(`energy:${type}`);
        else k = add(k, mul(amount, f));
      }
      stepKgs.push(k);
      return { seq: s.seq, name: s.name, workstationName: s.workstation_name, energy, kg: kg(k) };
    });
  const materialsKg = sum(materialKgs);
  const energyKg = sum(stepKgs);
  const total = add(materialsKg, energyKg);
  return {
    totalKg: kg(total),
    perUnitKg: isZero(units) ? 0 : Number(toText(divRound(total, units, 3))),
    materialsKg: kg(materialsKg),
    energyKg: kg(energyKg),
    units: Number(toText(units)),
    materials: materialLines,
    steps: stepLines,
  };
}

/** Exact per-unit value of a footprint's total (for product aggregates). */
export interface ExactTotals {
  total: Dec;
  units: Dec;
}

function energyMap(text: string): Map<string, Dec> {
  const parsed = JSON.parse(text) as Record<string, string>;
  return new Map(Object.entries(parsed).map(([k, v]) => [k, dec(v)]));
}

async function orderMaterials(tx: Tx, orderId: string): Promise<RawMaterial[]> {
  return (
    await tx.query<RawMaterial>(
      `SELECT m.item_id, i.code, i.name, i.unit, m.required_quantity::text AS q
         FROM process.order_materials m JOIN process.items i ON i.tenant_id = m.tenant_id AND i.id = m.item_id
        WHERE m.order_id = $1`,
      [orderId],
    )
  ).rows;
}

interface OrderRow {
  id: string;
  order_no: string;
  status: string;
  completed_at: Date | null;
  quantity: string;
  item_id: string;
  item_code: string;
  item_name: string;
  unit: string;
}

/** The order's CFP with exact totals; undefined when the order is not there or hidden. */
export async function computeOrderCfp(tx: Tx, actor: UserActor, orderId: string, factors?: Factors): Promise<{ cfp: OrderCfp; planned: ExactTotals; actual: ExactTotals | null } | undefined> {
  const found = await tx.query<OrderRow>(
    `SELECT d.id, d.order_no, d.status, d.completed_at, d.quantity::text AS quantity, i.id AS item_id, i.code AS item_code, i.name AS item_name, i.unit
       FROM process.orders d JOIN process.items i ON i.tenant_id = d.tenant_id AND i.id = d.item_id
      WHERE d.id = $2 AND ${visibleTo(actor, 'd')}`,
    [actor.userId, orderId],
  );
  const order = found.rows[0];
  if (!order) return undefined;
  const f = factors ?? (await loadFactors(tx));
  const missing = new Set<string>();

  const plannedMaterials = await orderMaterials(tx, orderId);
  const plannedSteps = (
    await tx.query<{ seq: number; name: string; workstation_name: string; quantity: string; planned: string; per_unit: string }>(
      `SELECT o.seq, o.name, w.name AS workstation_name, o.quantity::text AS quantity,
              (SELECT coalesce(json_object_agg(e.key, e.value), '{}')::text FROM jsonb_each_text(o.planned_energy) e) AS planned,
              (SELECT coalesce(json_object_agg(e.key, e.value), '{}')::text FROM jsonb_each_text(coalesce(rs.energy_per_unit, '{}'::jsonb)) e) AS per_unit
         FROM process.operations o
         JOIN process.orders d ON d.tenant_id = o.tenant_id AND d.id = o.order_id
         JOIN process.workstations w ON w.tenant_id = o.tenant_id AND w.id = o.workstation_id
         LEFT JOIN process.routing_steps rs ON rs.tenant_id = d.tenant_id AND rs.routing_id = d.routing_id AND rs.seq = o.seq
        WHERE o.order_id = $1`,
      [orderId],
    )
  ).rows.map((s) => {
    let energy = energyMap(s.planned);
    if (energy.size === 0) {
      const q = dec(s.quantity);
      energy = new Map([...energyMap(s.per_unit)].map(([k, v]) => [k, mul(v, q)]));
    }
    return { seq: s.seq, name: s.name, workstation_name: s.workstation_name, energy };
  });
  const orderQuantity = dec(order.quantity);
  const planned = footprint(plannedMaterials, plannedSteps, orderQuantity, f, missing);
  const plannedExact = exactTotal(plannedMaterials, plannedSteps, f);

  const records = await tx.query<{ n: number; good: string | null }>(
    `SELECT count(*)::int AS n,
            (SELECT sum(r2.good_quantity)::text FROM process.work_records r2 JOIN process.operations o2 ON o2.tenant_id = r2.tenant_id AND o2.id = r2.operation_id
              WHERE r2.order_id = $1 AND o2.seq = (SELECT max(o3.seq) FROM process.operations o3 WHERE o3.order_id = $1)) AS good
       FROM process.work_records r WHERE r.order_id = $1`,
    [orderId],
  );
  let actual: Footprint | null = null;
  let actualExact: ExactTotals | null = null;
  if ((records.rows[0]?.n ?? 0) > 0) {
    const consumed = (
      await tx.query<RawMaterial>(
        `SELECT l.item_id, i.code, i.name, i.unit, c.quantity::text AS q
           FROM process.lot_consumptions c
           JOIN process.work_records r ON r.tenant_id = c.tenant_id AND r.id = c.work_record_id
           JOIN process.lots l ON l.tenant_id = c.tenant_id AND l.id = c.lot_id
           JOIN process.items i ON i.tenant_id = l.tenant_id AND i.id = l.item_id
          WHERE r.order_id = $1
            -- A lot an earlier step of this same order produced is not a purchased material:
            -- its emissions are already counted in that step's energy and materials.
            AND NOT (l.origin = 'produced' AND l.order_id IS NOT DISTINCT FROM r.order_id)`,
        [orderId],
      )
    ).rows;
    const steps = new Map<number, RawStep>();
    const used = await tx.query<{ seq: number; name: string; workstation_name: string; key: string | null; value: string | null }>(
      `SELECT o.seq, o.name, w.name AS workstation_name, e.key, e.value
         FROM process.operations o
         JOIN process.workstations w ON w.tenant_id = o.tenant_id AND w.id = o.workstation_id
         LEFT JOIN process.work_records r ON r.tenant_id = o.tenant_id AND r.operation_id = o.id
         LEFT JOIN LATERAL jsonb_each_text(coalesce(r.energy, '{}'::jsonb)) e ON true
        WHERE o.order_id = $1`,
      [orderId],
    );
    for (const u of used.rows) {
      const step = steps.get(u.seq) ?? { seq: u.seq, name: u.name, workstation_name: u.workstation_name, energy: new Map<string, Dec>() };
      steps.set(u.seq, step);
      if (u.key !== null && u.value !== null) step.energy.set(u.key, add(step.energy.get(u.key) ?? ZERO, dec(u.value)));
    }
    const good = records.rows[0]?.good ? dec(records.rows[0].good) : ZERO;
    const units = isZero(good) ? orderQuantity : good;
    const materials = consumed.length ? consumed : plannedMaterials;
    actual = footprint(materials, [...steps.values()], units, f, missing);
    actualExact = { total: exactTotal(materials, [...steps.values()], f).total, units };
  }
  return {
    cfp: {
      orderId: order.id,
      orderNo: order.order_no,
      status: order.status,
      completedAt: order.completed_at ? new Date(order.completed_at).toISOString() : null,
      item: { id: order.item_id, code: order.item_code, name: order.item_name, unit: order.unit },
      quantity: Number(order.quantity),
      unit: order.unit,
      planned,
      actual,
      missingFactors: [...missing].sort(),
    },
    planned: { total: plannedExact.total, units: orderQuantity },
    actual: actualExact,
  };
}

function exactTotal(materials: RawMaterial[], steps: RawStep[], f: Factors): { total: Dec } {
  let total = ZERO;
  for (const m of materials) {
    const factor = f.material.get(m.item_id);
    if (factor) total = add(total, mul(dec(m.q), factor));
  }
  for (const s of steps) {
    for (const [type, amount] of s.energy) {
      const factor = f.energy.get(type);
      if (factor) total = add(total, mul(amount, factor));
    }
  }
  return { total };
}

export async function orderCfp(tx: Tx, actor: UserActor, orderId: string): Promise<OrderCfp> {
  const result = await computeOrderCfp(tx, actor, orderId);
  if (!result) throw new AppError('not_found');
  return result.cfp;
}

export interface ProductCfp {
  item: { id: string; code: string; name: string; unit: string; remarks: string };
  declaredUnit: string;
  from: string;
  to: string;
  orders: { orderId: string; orderNo: string; completedAt: string; quantity: number; basis: 'actual' | 'planned'; totalKg: number; perUnitKg: number }[];
  trend: { month: string; perUnitKg: number }[];
  perUnitKg: number | null;
  missingFactors: string[];
}

const JST_MS = 9 * 3600 * 1000;
const jstDay = (d: Date) => new Date(d.getTime() + JST_MS).toISOString().slice(0, 10);

/** The default period: the last twelve JST months up to today. */
export function defaultPeriod(now: Date, from?: string, to?: string): { from: string; to: string } {
  const end = to ?? jstDay(now);
  if (from) return { from, to: end };
  const [y, m] = end.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 - 11, 1));
  return { from: start.toISOString().slice(0, 10), to: end };
}

/** The instant a JST day starts. */
export const jstStart = (day: string): Date => new Date(`${day}T00:00:00+09:00`);

/** The product's CFP per declared unit (1 item unit) over orders completed in [from, to] (JST days). */
export async function productCfp(tx: Tx, actor: UserActor, itemId: string, period: { from: string; to: string }): Promise<ProductCfp> {
  const item = await tx.query<{ id: string; code: string; name: string; unit: string; remarks: string }>(
    `SELECT i.id, i.code, i.name, i.unit, i.remarks FROM process.items i WHERE i.id = $2 AND ${visibleTo(actor, 'i')}`,
    [actor.userId, itemId],
  );
  const product = item.rows[0];
  if (!product) throw new AppError('not_found');
  const start = jstStart(period.from);
  const end = new Date(jstStart(period.to).getTime() + 24 * 3600 * 1000);
  const orders = await tx.query<{ id: string; done_at: Date }>(
    `SELECT d.id, coalesce(d.completed_at, d.updated_at) AS done_at FROM process.orders d
      WHERE d.item_id = $2 AND d.status = 'done' AND coalesce(d.completed_at, d.updated_at) >= $3 AND coalesce(d.completed_at, d.updated_at) < $4
        AND ${visibleTo(actor, 'd')}
      ORDER BY done_at, d.order_no LIMIT 1000`,
    [actor.userId, itemId, start, end],
  );
  const factors = await loadFactors(tx);
  const missing = new Set<string>();
  const lines: ProductCfp['orders'] = [];
  const months = new Map<string, ExactTotals>();
  let all: ExactTotals = { total: ZERO, units: ZERO };
  for (const o of orders.rows) {
    const result = await computeOrderCfp(tx, actor, o.id, factors);
    if (!result) continue;
    for (const m of result.cfp.missingFactors) missing.add(m);
    const basis = result.actual ? 'actual' : 'planned';
    const exact = result.actual ?? result.planned;
    if (isZero(exact.units)) continue;
    const doneAt = new Date(o.done_at);
    lines.push({
      orderId: o.id,
      orderNo: result.cfp.orderNo,
      completedAt: doneAt.toISOString(),
      quantity: Number(toText(exact.units)),
      basis,
      totalKg: kg(exact.total),
      perUnitKg: Number(toText(divRound(exact.total, exact.units, 3))),
    });
    const month = jstDay(doneAt).slice(0, 7);
    const prev = months.get(month) ?? { total: ZERO, units: ZERO };
    months.set(month, { total: add(prev.total, exact.total), units: add(prev.units, exact.units) });
    all = { total: add(all.total, exact.total), units: add(all.units, exact.units) };
  }
  return {
    item: product,
    declaredUnit: product.unit,
    from: period.from,
    to: period.to,
    orders: lines,
    trend: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, t]) => ({ month, perUnitKg: Number(toText(divRound(t.total, t.units, 3))) })),
    perUnitKg: isZero(all.units) ? null : Number(toText(divRound(all.total, all.units, 3))),
    missingFactors: [...missing].sort(),
  };
}

/** The exact per-unit text of a product CFP (for PACT, decimals as strings). */
export function perUnitText(value: number): string {
  return toText(dec(value.toFixed(3)));
}
