import type { Tx } from '../../../../core/db/index.js';
import { WEEKDAYS, WorkCalendar, type CalendarSpec, type HoursRange, type Span, type Weekday } from './calendar.js';

/** The working calendars of workstations as stored (work_hours jsonb + day exceptions). */

function hoursList(value: unknown): HoursRange[] {
  if (!Array.isArray(value)) return [];
  const out: HoursRange[] = [];
  for (const pair of value) {
    if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') out.push([pair[0], pair[1]]);
  }
  return out;
}

export function calendarSpecOf(workHours: unknown, observeHolidays: boolean, days: Readonly<Record<string, unknown>>): CalendarSpec {
  const weekly: Partial<Record<Weekday, HoursRange[]>> = {};
  if (workHours && typeof workHours === 'object') {
    for (const d of WEEKDAYS) weekly[d] = hoursList((workHours as Record<string, unknown>)[d]);
  }
  const exceptions: Record<string, HoursRange[]> = {};
  for (const [day, hours] of Object.entries(days)) exceptions[day] = hoursList(hours);
  return { workHours: weekly, observeHolidays, days: exceptions };
}

export interface WorkstationInfo {
  id: string;
  code: string;
  name: string;
  archived: boolean;
  setupMinutes: number;
  cleanupMinutes: number;
  calendar: WorkCalendar;
}

/**
 * Loads workstations with their calendars. `lock` takes their row locks in id order, which
 * serialises concurrent bookings of the same workstations (no double booking).
 */
export async function loadWorkstations(tx: Tx, ids: readonly string[] | 'all', lock = false): Promise<Map<string, WorkstationInfo>> {
  const where = ids === 'all' ? 'NOT archived' : 'id = ANY ($1::uuid[])';
  const params = ids === 'all' ? [] : [[...ids]];
  const ws = await tx.query<{ id: string; code: string; name: string; archived: boolean; setup_minutes: number; cleanup_minutes: number; work_hours: unknown; observe_holidays: boolean }>(
    `SELECT id, code, name, archived, setup_minutes, cleanup_minutes, work_hours, observe_holidays FROM process.workstations WHERE ${where} ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    params,
  );
  const found = ws.rows.map((w) => w.id);
  const days = await tx.query<{ workstation_id: string; day: string; hours: unknown }>(
    `SELECT workstation_id, to_char(day, 'YYYY-MM-DD') AS day, hours FROM process.workstation_days WHERE workstation_id = ANY ($1::uuid[])`,
    [found],
  );
  const byWs = new Map<string, Record<string, unknown>>();
  for (const d of days.rows) {
    const m = byWs.get(d.workstation_id) ?? {};
    m[d.day] = d.hours;
    byWs.set(d.workstation_id, m);
  }
  const out = new Map<string, WorkstationInfo>();
  for (const w of ws.rows) {
    out.set(w.id, {
      id: w.id, code: w.code, name: w.name, archived: w.archived, setupMinutes: w.setup_minutes, cleanupMinutes: w.cleanup_minutes,
      calendar: new WorkCalendar(calendarSpecOf(w.work_hours, w.observe_holidays, byWs.get(w.id) ?? {})),
    });
  }
  return out;
}

/** Booked slots of the workstations ending after `after`, except operations of `excludeOrders` and of cancelled orders. */
export async function bookedSpans(tx: Tx, workstationIds: readonly string[], after: Date, excludeOrders: readonly string[] = []): Promise<Map<string, Span[]>> {
  const { rows } = await tx.query<{ workstation_id: string; s: string; e: string }>(
    `SELECT p.workstation_id, (extract(epoch FROM p.start_at) * 1000)::bigint::text AS s, (extract(epoch FROM p.end_at) * 1000)::bigint::text AS e
       FROM process.operations p JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      WHERE p.workstation_id = ANY ($1::uuid[]) AND p.start_at IS NOT NULL AND p.end_at > $2
        AND o.status <> 'cancelled' AND NOT (p.order_id = ANY ($3::uuid[]))`,
    [[...workstationIds], after, [...excludeOrders]],
  );
  const out = new Map<string, Span[]>();
  for (const r of rows) {
    const list = out.get(r.workstation_id) ?? [];
    list.push([Number(r.s), Number(r.e)]);
    out.set(r.workstation_id, list);
  }
  return out;
}
