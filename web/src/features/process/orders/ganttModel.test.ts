import { describe, expect, it } from 'vitest';
import type { GanttData } from './api';
import { layoutGantt, shiftWindow, snap, windowOf } from './ganttModel';
import { isoToJstLocal, jstDate, jstLocalToIso, jstWeekStart, parseJstDate } from './jst';

const iso = (s: string) => new Date(s).toISOString();

describe('JST helpers', () => {
  it('reads a datetime-local value as Japan time and back', () => {
    expect(jstLocalToIso('2026-12-01T09:30')).toBe('2026-12-01T00:30:00.000Z');
    expect(isoToJstLocal('2026-12-01T00:30:00.000Z')).toBe('2026-12-01T09:30');
    expect(jstLocalToIso('2026-12-01')).toBeNull();
  });

  it('finds the JST day and the Monday of its week, across the UTC date line', () => {
    // 2026-11-29 16:00 UTC is Monday 2026-11-30 01:00 in Japan.
    const ms = Date.parse('2026-11-29T16:00:00Z');
    expect(jstDate(ms)).toBe('2026-11-30');
    expect(jstWeekStart(ms)).toBe(parseJstDate('2026-11-30'));
    expect(jstWeekStart(Date.parse('2026-12-06T14:59:00Z'))).toBe(parseJstDate('2026-11-30')); // Sunday 23:59 JST
  });
});

describe('Gantt windows', () => {
  const anchor = Date.parse('2026-12-02T03:00:00Z'); // Wednesday 12:00 JST
  it('shows two days, a week from Monday or a calendar month, all in JST', () => {
    expect(windowOf('day', anchor)).toEqual({ from: Date.parse(iso('2026-12-01T15:00:00Z')), to: Date.parse(iso('2026-12-03T15:00:00Z')) });
    expect(windowOf('week', anchor)).toEqual({ from: parseJstDate('2026-11-30'), to: parseJstDate('2026-12-07') });
    expect(windowOf('month', anchor)).toEqual({ from: parseJstDate('2026-12-01'), to: parseJstDate('2027-01-01') });
  });

  it('steps to the neighbouring window', () => {
    expect(windowOf('week', shiftWindow('week', anchor, 1)).from).toBe(parseJstDate('2026-12-07'));
    expect(windowOf('week', shiftWindow('week', anchor, -1)).from).toBe(parseJstDate('2026-11-23'));
    expect(windowOf('month', shiftWindow('month', anchor, -1)).from).toBe(parseJstDate('2026-11-01'));
  });

  it('snaps a drag to the zoom grid', () => {
    expect(snap(22 * 60_000, 15 * 60_000)).toBe(15 * 60_000);
    expect(snap(-38 * 60_000, 15 * 60_000)).toBe(-45 * 60_000);
  });
});

describe('Gantt layout', () => {
  /** 20 workstations, 500 orders of 4 operations: 2,000 bars. */
  function bigPlan(): GanttData {
    const start = Date.parse('2026-12-01T00:00:00Z');
    const workstations = Array.from({ length: 20 }, (_, i) => ({ id: `w${i}`, code: `W-${String(i).padStart(2, '0')}`, name: `設備${i}`, nonWorking: [{ start: iso('2026-12-01T09:00:00Z'), end: iso('2026-12-01T23:00:00Z') }] }));
    const orders = Array.from({ length: 500 }, (_, i) => ({ id: `o${i}`, orderNo: `MO-2026-${String(i + 1).padStart(5, '0')}`, itemName: '品目', dueAt: iso('2026-12-20T00:00:00Z'), status: 'planned' as const, late: i % 50 === 0 }));
    const operations = orders.flatMap((o, i) =>
      [1, 2, 3, 4].map((seq) => ({
        id: `${o.id}-${seq}`,
        orderId: o.id,
        orderNo: o.orderNo,
        workstationId: `w${(i + seq) % 20}`,
        seq,
        name: `工程${seq}`,
        startAt: new Date(start + (i * 4 + seq) * 600_000).toISOString(),
        endAt: new Date(start + (i * 4 + seq + 1) * 600_000).toISOString(),
        status: 'pending' as const,
        late: false,
      })),
    );
    return { from: iso('2026-12-01T00:00:00Z'), to: iso('2026-12-08T00:00:00Z'), now: iso('2026-12-01T00:00:00Z'), workstations, orders, operations };
  }

  it('puts every operation in its workstation row or its order row', () => {
    const plan = bigPlan();
    const byWorkstation = layoutGantt(plan, 'workstation');
    expect(byWorkstation.rows).toHaveLength(20);
    expect(byWorkstation.bars).toHaveLength(2000);
    expect(byWorkstation.barsByRow.reduce((n, row) => n + row.length, 0)).toBe(2000);
    expect(byWorkstation.barsByRow[0]!.every((b) => b.op.workstationId === 'w0')).toBe(true);
    expect(byWorkstation.rows[0]!.nonWorking[0]!.end - byWorkstation.rows[0]!.nonWorking[0]!.start).toBe(14 * 3_600_000);

    const byOrder = layoutGantt(plan, 'order');
    expect(byOrder.rows).toHaveLength(500);
    expect(byOrder.barsByRow[3]!.map((b) => b.op.seq)).toEqual([1, 2, 3, 4]);
  });

  it('marks every operation of a late order late, so its bars carry the mark too', () => {
    const layout = layoutGantt(bigPlan(), 'workstation');
    const late = layout.bars.filter((b) => b.op.late);
    expect(late).toHaveLength(40); // orders 0, 50, …, 450: 10 orders × 4 operations
    expect(new Set(late.map((b) => b.op.orderId))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `o${i * 50}`)));
  });

  it('leaves out operations of rows it does not have', () => {
    const plan = bigPlan();
    plan.workstations = plan.workstations.slice(0, 1);
    expect(layoutGantt(plan, 'workstation').bars.every((b) => b.op.workstationId === 'w0')).toBe(true);
  });
});
