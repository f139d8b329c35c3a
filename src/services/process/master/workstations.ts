import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { assertCodeFree, auditMaster, notFound, num, pageOffset, type MasterWrite } from './masterContext.js';
import { sortedHours, sortedRanges, type WorkHours, type WorkstationCreateInput, type WorkstationUpdateInput } from './masterSchemas.js';

const range = z.tuple([z.string(), z.string()]);

/** 設備 as the API returns it (hours in JST). */
export const workstationView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  capacity: z.number(),
  capacityUnit: z.string(),
  setupMinutes: z.number(),
  cleanupMinutes: z.number(),
  powerKw: z.number(),
  energySources: z.array(z.string()),
  workHours: z.record(z.string(), z.array(range)),
  observeHolidays: z.boolean(),
  days: z.array(z.object({ day: z.string(), hours: z.array(range), note: z.string() })),
  archived: z.boolean(),
  version: z.number(),
});
export type WorkstationView = z.infer<typeof workstationView>;

interface WorkstationRow {
  id: string;
  code: string;
  name: string;
  capacity: number;
  capacity_unit: string;
  setup_minutes: number;
  cleanup_minutes: number;
  power_kw: number;
  energy_sources: string[];
  work_hours: WorkHours;
  observe_holidays: boolean;
  archived: boolean;
  version: number;
}

const SELECT = `SELECT w.id, w.code, w.name, w.capacity::float8 AS capacity, w.capacity_unit, w.setup_minutes, w.cleanup_minutes,
    w.power_kw::float8 AS power_kw, w.energy_sources, w.work_hours, w.observe_holidays, w.archived, w.version FROM process.workstations w`;

async function present(tx: Tx, rows: WorkstationRow[]): Promise<WorkstationView[]> {
  if (rows.length === 0) return [];
  const { rows: days } = await tx.query<{ workstation_id: string; day: string; hours: [string, string][]; note: string }>(
    'SELECT workstation_id, day::text AS day, hours, note FROM process.workstation_days WHERE workstation_id = ANY ($1::uuid[]) ORDER BY day',
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    capacity: num(r.capacity),
    capacityUnit: r.capacity_unit,
    setupMinutes: r.setup_minutes,
    cleanupMinutes: r.cleanup_minutes,
    powerKw: num(r.power_kw),
    energySources: r.energy_sources,
    workHours: r.work_hours as Record<string, [string, string][]>,
    observeHolidays: r.observe_holidays,
    days: days.filter((d) => d.workstation_id === r.id).map((d) => ({ day: d.day, hours: d.hours, note: d.note })),
    archived: r.archived,
    version: r.version,
  }));
}

/** Workstations by code (archived ones only when asked). */
export async function listWorkstations(tx: Tx, filter: { q?: string | undefined; includeArchived: boolean; page: number; pageSize: number }): Promise<{ workstations: WorkstationView[]; total: number }> {
  const params: unknown[] = [];
  const where = ['true'];
  if (!filter.includeArchived) where.push('NOT w.archived');
  const q = filter.q?.normalize('NFKC').trim();
  if (q) {
    params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(w.code ILIKE $${params.length} OR w.name ILIKE $${params.length})`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM process.workstations w WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<WorkstationRow>(`${SELECT} WHERE ${condition} ORDER BY w.code LIMIT ${filter.pageSize} OFFSET ${pageOffset(filter.page, filter.pageSize)}`, params);
  return { workstations: await present(tx, rows), total };
}

/** One workstation of the tenant, or 404. */
export async function getWorkstation(tx: Tx, id: string, lock = false): Promise<WorkstationView> {
  const { rows } = await tx.query<WorkstationRow>(`${SELECT} WHERE w.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound();
  return (await present(tx, rows))[0]!;
}

async function writeDays(tx: Tx, tenantId: string, id: string, days: WorkstationCreateInput['days']): Promise<void> {
  await tx.query('DELETE FROM process.workstation_days WHERE workstation_id = $1', [id]);
  for (const d of days) {
    await tx.query('INSERT INTO process.workstation_days (tenant_id, workstation_id, day, hours, note) VALUES ($1, $2, $3::date, $4::jsonb, $5)', [
      tenantId,
      id,
      d.day,
      JSON.stringify(sortedRanges(d.hours)),
      d.note,
    ]);
  }
}

const target = (id: string) => ({ type: 'process.workstation', id });

/** Creates a workstation with its calendar and records `process.workstation.created`. */
export async function createWorkstation(w: MasterWrite, input: WorkstationCreateInput): Promise<WorkstationView> {
  await assertCodeFree(w.tx, 'process.workstations', input.code);
  const now = w.clock.now();
  const { rows } = await w.tx.query<{ id: string }>(
    `INSERT INTO process.workstations (tenant_id, code, name, capacity, capacity_unit, setup_minutes, cleanup_minutes, power_kw, energy_sources,
       work_hours, observe_holidays, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::jsonb, $11, $12, $12) RETURNING id`,
    [w.actor.tenantId, input.code, input.name, input.capacity, input.capacityUnit, input.setupMinutes, input.cleanupMinutes, input.powerKw, input.energySources, JSON.stringify(sortedHours(input.workHours)), input.observeHolidays, now],
  );
  const id = rows[0]!.id;
  await writeDays(w.tx, w.actor.tenantId, id, input.days);
  const ws = await getWorkstation(w.tx, id);
  await auditMaster(w, 'process.workstation.created', target(id), { code: ws.code, name: ws.name });
  return ws;
}

/** Replaces a workstation and its day exceptions at the version the caller read. */
export async function updateWorkstation(w: MasterWrite, id: string, input: WorkstationUpdateInput): Promise<WorkstationView> {
  const before = await getWorkstation(w.tx, id, true);
  if (before.version !== input.version) throw new AppError('conflict');
  if (input.code !== before.code) await assertCodeFree(w.tx, 'process.workstations', input.code, id);
  await w.tx.query(
    `UPDATE process.workstations SET code = $2, name = $3, capacity = $4, capacity_unit = $5, setup_minutes = $6, cleanup_minutes = $7, power_kw = $8,
       energy_sources = $9::text[], work_hours = $10::jsonb, observe_holidays = $11, archived = coalesce($13, archived), version = version + 1, updated_at = $12 WHERE id = $1`,
    [id, input.code, input.name, input.capacity, input.capacityUnit, input.setupMinutes, input.cleanupMinutes, input.powerKw, input.energySources, JSON.stringify(sortedHours(input.workHours)), input.observeHolidays, w.clock.now(), input.archived ?? null],
  );
  await writeDays(w.tx, w.actor.tenantId, id, input.days);
  const ws = await getWorkstation(w.tx, id);
  const summary = ({ id: _id, version: _v, ...rest }: WorkstationView) => rest;
  await auditMaster(w, 'process.workstation.updated', target(id), { code: ws.code }, { before: summary(before), after: summary(ws) });
  return ws;
}

/** Deletes an unused workstation; archives one that routings or operations refer to. */
export async function deleteWorkstation(w: MasterWrite, id: string): Promise<{ workstation?: WorkstationView; deleted: boolean }> {
  const before = await getWorkstation(w.tx, id, true);
  const { rows } = await w.tx.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM process.routing_steps WHERE workstation_id = $1) OR EXISTS (SELECT 1 FROM process.operations WHERE workstation_id = $1) AS used`,
    [id],
  );
  if (rows[0]?.used === true) {
    await w.tx.query('UPDATE process.workstations SET archived = true, version = version + 1, updated_at = $2 WHERE id = $1', [id, w.clock.now()]);
    const workstation = await getWorkstation(w.tx, id);
    await auditMaster(w, 'process.workstation.deleted', target(id), { code: before.code, archived: true });
    return { workstation, deleted: false };
  }
  await w.tx.query('DELETE FROM process.workstations WHERE id = $1', [id]);
  await auditMaster(w, 'process.workstation.deleted', target(id), { code: before.code, name: before.name, archived: false });
  return { deleted: true };
}

/** Workstation ids by code, for the import. */
export async function workstationIdsByCode(tx: Tx, codes: readonly string[]): Promise<Map<string, { id: string; archived: boolean; version: number }>> {
  const { rows } = await tx.query<{ id: string; code: string; archived: boolean; version: number }>(
    'SELECT id, code, archived, version FROM process.workstations WHERE code = ANY ($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { id: r.id, archived: r.archived, version: r.version }]));
}
