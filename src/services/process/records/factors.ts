import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { ENERGY, type EnergyType } from '../shared/energy.js';
import type { CreateFactorInput, UpdateFactorInput } from './schemas.js';
import type { Clock } from '../../../core/clock.js';

const LIST = '環境省「算定・報告・公表制度における算定方法・排出係数一覧」';

/**
 * The starter set of energy emission factors a tenant gets on first use (when it has no
 * factors at all), from the Ministry of the Environment's published lists. Fuels: unit
 * calorific value × carbon emission factor × 44/12. Admins edit them to their own
 * supplier's values (e.g. their electricity retailer's adjusted factor).
 */
export const STARTER_FACTORS: readonly { energyType: EnergyType; kgCo2ePerUnit: string; source: string; year: number }[] = [
  {
    energyType: 'electricity',
    kgCo2ePerUnit: '0.434',
    source: '環境省・経済産業省「電気事業者別排出係数」代替値 0.000434 t-CO2/kWh（全国平均相当）。契約先の電気事業者の調整後排出係数に置き換えてください。',
    year: 2024,
  },
  {
    energyType: 'city_gas',
    kgCo2ePerUnit: '2.23',
    source: `${LIST} 都市ガス（13A）: 単位発熱量 44.8 GJ/千Nm3 × 排出係数 0.0136 tC/GJ × 44/12 ≒ 2.23 t-CO2/千Nm3。ガス事業者の公表値がある場合は置き換えてください。`,
    year: 2023,
  },
  {
    energyType: 'lpg',
    kgCo2ePerUnit: '3.00',
    source: `${LIST} 液化石油ガス(LPG): 50.8 GJ/t × 0.0161 tC/GJ × 44/12 ≒ 3.00 t-CO2/t`,
    year: 2023,
  },
  {
    energyType: 'heavy_oil_a',
    kgCo2ePerUnit: '2.71',
    source: `${LIST} A重油: 39.1 GJ/kL × 0.0189 tC/GJ × 44/12 ≒ 2.71 t-CO2/kL`,
    year: 2023,
  },
  {
    energyType: 'steam',
    kgCo2ePerUnit: '60',
    source: `${LIST} 他人から供給された熱（産業用蒸気）0.060 t-CO2/GJ`,
    year: 2023,
  },
];

/** Installs the starter set when the tenant has no emission factors yet; true when it did. */
export async function ensureStarterFactors(tx: Tx, clock: Clock, tenantId: string, origin: AuditOrigin, actor: UserActor): Promise<boolean> {
  const existing = await tx.query(`SELECT 1 FROM process.emission_factors LIMIT 1`);
  if (existing.rows.length > 0) return false;
  // Two first requests at once: the unique index makes the second one's rows no-ops.
  const now = clock.now();
  for (const f of STARTER_FACTORS) {
    await tx.query(
      `INSERT INTO process.emission_factors (tenant_id, kind, energy_type, name, unit, kg_co2e_per_unit, source, year, created_at, updated_at)
       VALUES ($1, 'energy', $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING`,
      [tenantId, f.energyType, ENERGY[f.energyType].label.ja, ENERGY[f.energyType].unit, f.kgCo2ePerUnit, f.source, f.year, now],
    );
  }
  await recordTenantEvent(tx, clock, tenantId, origin, {
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    action: 'process.emission_factor.starter_installed',
    target: { type: 'process.emission_factors', id: tenantId },
    result: 'success',
    details: { energyTypes: STARTER_FACTORS.map((f) => f.energyType) },
  });
  return true;
}

export interface FactorView {
  id: string;
  kind: 'energy' | 'material';
  energyType: string | null;
  itemId: string | null;
  itemCode: string | null;
  itemName: string | null;
  name: string;
  unit: string;
  kgCo2ePerUnit: number;
  source: string;
  year: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface FactorRow {
  id: string;
  kind: 'energy' | 'material';
  energy_type: string | null;
  item_id: string | null;
  item_code: string | null;
  item_name: string | null;
  name: string;
  unit: string;
  kg: string;
  source: string;
  year: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `
  SELECT f.id, f.kind, f.energy_type, f.item_id, i.code AS item_code, i.name AS item_name, f.name, f.unit, f.kg_co2e_per_unit::text AS kg,
         f.source, f.year, f.version, f.created_at, f.updated_at
    FROM process.emission_factors f
    LEFT JOIN process.items i ON i.tenant_id = f.tenant_id AND i.id = f.item_id`;

const ENERGY_ORDER = `array_position(ARRAY['electricity','city_gas','lpg','heavy_oil_a','steam'], f.energy_type)`;

function view(row: FactorRow): FactorView {
  return {
    id: row.id,
    kind: row.kind,
    energyType: row.energy_type,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    name: row.name,
    unit: row.unit,
    kgCo2ePerUnit: Number(row.kg),
    source: row.source,
    year: row.year,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listFactors(tx: Tx): Promise<FactorView[]> {
  const { rows } = await tx.query<FactorRow>(`${SELECT} ORDER BY f.kind, ${ENERGY_ORDER} NULLS LAST, i.code, f.id`);
  return rows.map(view);
}

async function findFactor(tx: Tx, id: string): Promise<FactorView | undefined> {
  const { rows } = await tx.query<FactorRow>(`${SELECT} WHERE f.id = $1`, [id]);
  return rows[0] ? view(rows[0]) : undefined;
}

const auditActor = (actor: UserActor) => ({ type: 'user' as const, id: actor.userId, name: actor.displayName });
const snapshot = (f: FactorView) => ({ name: f.name, unit: f.unit, kgCo2ePerUnit: f.kgCo2ePerUnit, source: f.source, year: f.year });

/** An admin adds an emission factor for an energy type or a purchased material (an item). */
export async function createFactor(deps: ProcessDeps, actor: UserActor, input: CreateFactorInput, origin: AuditOrigin): Promise<FactorView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const now = deps.clock.now();
    await ensureStarterFactors(tx, deps.clock, actor.tenantId, origin, actor);
    let name: string;
    let unit: string;
    if (input.kind === 'energy') {
      const energy = ENERGY[input.energyType!];
      name = input.name ?? energy.label.ja;
      unit = energy.unit;
      const taken = await tx.query(`SELECT 1 FROM process.emission_factors WHERE kind = 'energy' AND energy_type = $1`, [input.energyType]);
      if (taken.rows.length) throw new AppError('process.factor_exists');
    } else {
      const item = await tx.query<{ name: string; unit: string }>(`SELECT name, unit FROM process.items WHERE id = $1`, [input.itemId]);
      if (!item.rows[0]) throw new AppError('not_found');
      name = input.name ?? item.rows[0].name;
      unit = input.unit ?? item.rows[0].unit;
      const taken = await tx.query(`SELECT 1 FROM process.emission_factors WHERE kind = 'material' AND item_id = $1`, [input.itemId]);
      if (taken.rows.length) throw new AppError('process.factor_exists');
    }
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO process.emission_factors (tenant_id, kind, energy_type, item_id, name, unit, kg_co2e_per_unit, source, year, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [actor.tenantId, input.kind, input.energyType ?? null, input.itemId ?? null, name, unit, String(input.kgCo2ePerUnit), input.source, input.year, now],
    );
    const factor = (await findFactor(tx, rows[0]!.id))!;
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: auditActor(actor),
      action: 'process.emission_factor.created',
      target: { type: 'process.emission_factor', id: factor.id },
      result: 'success',
      details: { kind: factor.kind, energyType: factor.energyType, itemId: factor.itemId },
      changes: { after: snapshot(factor) },
    });
    return factor;
  });
}

export async function updateFactor(deps: ProcessDeps, actor: UserActor, id: string, input: UpdateFactorInput, origin: AuditOrigin): Promise<FactorView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const before = await findFactor(tx, id);
    if (!before) throw new AppError('not_found');
    const { rowCount } = await tx.query(
      `UPDATE process.emission_factors SET name = $3, unit = $4, kg_co2e_per_unit = $5, source = $6, year = $7, version = version + 1, updated_at = $8
        WHERE id = $1 AND version = $2`,
      [
        id, input.version, input.name ?? before.name, before.kind === 'energy' ? before.unit : (input.unit ?? before.unit),
        String(input.kgCo2ePerUnit), input.source, input.year, deps.clock.now(),
      ],
    );
    if (rowCount !== 1) throw new AppError('conflict');
    const after = (await findFactor(tx, id))!;
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: auditActor(actor),
      action: 'process.emission_factor.updated',
      target: { type: 'process.emission_factor', id },
      result: 'success',
      details: { kind: after.kind, energyType: after.energyType, itemId: after.itemId },
      changes: { before: snapshot(before), after: snapshot(after) },
    });
    return after;
  });
}

export async function deleteFactor(deps: ProcessDeps, actor: UserActor, id: string, origin: AuditOrigin): Promise<void> {
  await withTenant(deps.db, actor.tenantId, async (tx) => {
    const before = await findFactor(tx, id);
    if (!before) throw new AppError('not_found');
    await tx.query(`DELETE FROM process.emission_factors WHERE id = $1`, [id]);
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: auditActor(actor),
      action: 'process.emission_factor.deleted',
      target: { type: 'process.emission_factor', id },
      result: 'success',
      details: { kind: before.kind, energyType: before.energyType, itemId: before.itemId },
      changes: { before: snapshot(before) },
    });
  });
}
