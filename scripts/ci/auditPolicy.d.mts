// Types of auditPolicy.mjs (plain JavaScript so that `node scripts/ci/audit.mjs` needs no build).

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

export interface NpmAuditReport {
  auditReportVersion?: number;
  vulnerabilities: Record<string, unknown>;
  metadata: { vulnerabilities: Partial<Record<Severity | 'total', number>>; [key: string]: unknown };
  [key: string]: unknown;
}

export type Classified =
  | { kind: 'report'; report: NpmAuditReport }
  | { kind: 'unavailable'; error: { statusCode: number | null; code: string | null; message: string } }
  | { kind: 'error'; message: string };

export interface Advisory {
  id: string;
  source: number | string | null;
  url: string | null;
  package: string;
  severity: Severity;
  title: string;
  range: string;
}

export interface AllowEntry {
  id: string | null;
  url: string | null;
  package: string;
  reason: string;
  reviewed: string;
  reviewBy: string;
}

export interface Counts {
  info: number;
  low: number;
  moderate: number;
  high: number;
  critical: number;
  total: number;
}

export interface Verdict {
  status: 'passed' | 'failed';
  blocking: (Advisory & { expiredEntry: boolean })[];
  allowed: (Advisory & { reason: string; reviewBy: string })[];
  expired: AllowEntry[];
  unused: AllowEntry[];
  counts: Counts;
}

export const BLOCKING_SEVERITIES: readonly Severity[];
export const MAX_REVIEW_DAYS: number;
export const EXIT: { readonly passed: 0; readonly failed: 1; readonly invalid: 2; readonly unavailable: 3 };

export function classifyAuditOutput(stdout: string): Classified;
export function blockingAdvisories(report: NpmAuditReport): Advisory[];
export function utcDay(date?: Date): string;
export function validateAllowlist(content: unknown): { entries: AllowEntry[]; errors: string[] };
export function decide(report: NpmAuditReport, entries: AllowEntry[], today: string): Verdict;
export function countsOf(report: NpmAuditReport): Counts;
export function auditFile(args: {
  classified: Classified;
  verdict?: Verdict;
  checkedAt: string;
  allowlistFile: string;
  npmVersion?: string | null;
}): Record<string, unknown>;
