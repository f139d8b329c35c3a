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
  /** Equal for workstations with the same calendar, so a view computes shared time spans once. */
  calendarKey: string;
}

/**
 * Loads workstations with their calendars. `lock` takes their row locks in id order, which
 * serialises concurrent bookings of the same workstations (no double booking).
 */
export async function loadWorkstations(tx: Tx, ids: readonly string[] | 'all', lock = false): Promise<Map<string, WorkstationInfo>> {
  const where = ids === 'all' ? 'NOT w.archived' : 'w.id = ANY ($1::uuid[])';
  const params = ids === 'all' ? [] : [[...ids]];
  // The day exceptions come along in the same query: one round trip less on every schedule and Gantt request.
  const ws = await tx.query<{
    id: string; code: string; name: string; archived: boolean; setup_minutes: number; cleanup_minutes: number; work_hours: unknown; observe_holidays: boolean;
    days: Record<string, unknown> | null;
  }>(
    `SELECT w.id, w.code, w.name, w.archived, w.setup_minutes, w.cleanup_minutes, w.work_hours, w.observe_holidays,
            (SELECT jsonb_object_agg(to_char(d.day, 'YYYY-MM-DD'), d.hours) FROM process.workstation_days d
              WHERE d.tenant_id = w.tenant_id AND d.workstation_id = w.id) AS days
       FROM process.workstations w WHERE ${where} ORDER BY w.id${lock ? ' FOR UPDATE OF w' : ''}`,
    params,
  );
  const out = new Map<string, WorkstationInfo>();
  for (const w of ws.rows) {
    const spec = calendarSpecOf(w.work_hours, w.observe_holidays, w.days ?? {});
    out.set(w.id, {
      id: w.id, code: w.code, name: w.name, archived: w.archived, setupMinutes: w.setup_minutes, cleanupMinutes: w.cleanup_minutes,
      calendar: new WorkCalendar(spec),
      calendarKey: JSON.stringify(spec),
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
