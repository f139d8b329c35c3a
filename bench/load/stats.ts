/** Per-kind request figures, percentiles and the memory trend of a load run. */

/** Percentile of sorted values (nearest rank). */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export interface KindFigures {
  kind: string;
  count: number;
  errors: number;
  /** Unexpected answers by status (0 = network failure or time-out, -1 = not sent: too many in flight). */
  errorsByStatus: Map<number, number>;
  /** Answers with the 4xx the run sends on purpose (bad input), by status. */
  expected: Map<number, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What went wrong, for the report: the first few unexpected answers with their route. */
export interface Failure {
  kind: string;
  route: string;
  status: number;
  code: string | undefined;
  message: string | undefined;
}

/** Kinds that time something other than one request (an export from start to ready). */
export const NOT_REQUESTS = new Set(['export.job', 'drain']);

/** Collects latencies (from the scheduled time) and outcomes per request kind. */
export class Recorder {
  private latencies = new Map<string, number[]>();
  private errorCounts = new Map<string, Map<number, number>>();
  private expectedCounts = new Map<string, Map<number, number>>();
  /** Unexpected answers grouped by kind, route, status and code, with a count. */
  readonly failures = new Map<string, { failure: Failure; count: number }>();

  record(kind: string, ms: number, outcome: { ok: boolean; expected4xx?: boolean; status: number; route: string; code?: string | undefined; message?: string | undefined }): void {
    let list = this.latencies.get(kind);
    if (!list) this.latencies.set(kind, (list = []));
    list.push(ms);
    if (outcome.ok && outcome.expected4xx) bump(this.expectedCounts, kind, outcome.status);
    if (outcome.ok) return;
    bump(this.errorCounts, kind, outcome.status);
    const key = `${kind} ${outcome.route} ${outcome.status} ${outcome.code ?? ''}`;
    const known = this.failures.get(key);
    if (known) known.count++;
    else this.failures.set(key, { failure: { kind, route: outcome.route, status: outcome.status, code: outcome.code, message: outcome.message }, count: 1 });
  }

  /** A failure that is not a request (an export that ended failed, one not done in time). */
  fail(kind: string, route: string, code: string, message: string): void {
    this.record(kind, 0, { ok: false, status: -2, route, code, message });
  }

  totalErrors(): number {
    let n = 0;
    for (const m of this.errorCounts.values()) for (const c of m.values()) n += c;
    return n;
  }

  totalCount(): number {
    let n = 0;
    for (const l of this.latencies.values()) n += l.length;
    return n;
  }

  figures(): KindFigures[] {
    return [...this.latencies.keys()].sort().map((kind) => this.figuresOf(kind, this.latencies.get(kind) ?? []));
  }

  /** All requests together (the run's overall percentiles; job durations left out). */
  overall(): KindFigures {
    const all: number[] = [];
    for (const [kind, l] of this.latencies) if (!NOT_REQUESTS.has(kind)) for (const v of l) all.push(v);
    const f = this.figuresOf('all', all);
    const merged = new Map<number, number>();
    const expected = new Map<number, number>();
    for (const m of this.errorCounts.values()) for (const [s, c] of m) merged.set(s, (merged.get(s) ?? 0) + c);
    for (const m of this.expectedCounts.values()) for (const [s, c] of m) expected.set(s, (expected.get(s) ?? 0) + c);
    return { ...f, errors: this.totalErrors(), errorsByStatus: merged, expected };
  }

  private figuresOf(kind: string, values: number[]): KindFigures {
    const sorted = [...values].sort((a, b) => a - b);
    const errorsByStatus = this.errorCounts.get(kind) ?? new Map<number, number>();
    return {
      kind,
      count: values.length,
      errors: [...errorsByStatus.values()].reduce((s, c) => s + c, 0),
      errorsByStatus,
      expected: this.expectedCounts.get(kind) ?? new Map<number, number>(),
      p50: percentileOf(sorted, 50),
      p95: percentileOf(sorted, 95),
      p99: percentileOf(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  }
}

function bump(map: Map<string, Map<number, number>>, kind: string, status: number): void {
  let m = map.get(kind);
  if (!m) map.set(kind, (m = new Map()));
  m.set(status, (m.get(status) ?? 0) + 1);
}

/** `503×2, 0×1` (status × count), or `–` when empty. */
export function statusList(m: Map<number, number>): string {
  if (m.size === 0) return '–';
  return [...m].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${statusLabel(s)}×${c}`).join(', ');
}

function statusLabel(status: number): string {
  if (status === 0) return 'net';
  if (status === -1) return 'unsent';
  if (status === -2) return 'job';
  return String(status);
}

export const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));

/** The markdown table of per-kind figures with a total row. */
export function kindTable(figures: KindFigures[], overall: KindFigures, seconds: number): string[] {
  const lines = ['| request kind | count | per s | errors (status×n) | expected 4xx | p50 ms | p95 ms | p99 ms | max ms |', '| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |'];
  for (const f of [...figures, overall]) {
    const name = f.kind === 'all' ? '**all**' : f.kind;
    lines.push(`| ${name} | ${f.count} | ${(f.count / seconds).toFixed(2)} | ${f.errors ? statusList(f.errorsByStatus) : '0'} | ${statusList(f.expected)} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${ms(f.max)} |`);
  }
  return lines;
}
