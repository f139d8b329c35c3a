import type { Answer } from './http.js';

/** What one answer must never contain, and whose data it must never show. */
export interface Forbidden {
  /** Strings of tenants other than the caller's (ids, codes, names, e-mails, markers). */
  foreign: Iterable<string>;
  /** Secrets: password hashes, session tokens, TOTP secrets, key material, database URLs. */
  secrets: Iterable<string>;
}

// A V8 stack frame ("    at fn (/path/file.ts:1:2)"), a source path, or node_modules.
const STACK = [/\n\s*at (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|\/)[^\n]*:\d+:\d+/, /\/(?:src|test)\/[\w./-]+\.[cm]?[tj]s\b/, /node_modules/, /\bat Object\.<anonymous>/];

/** Problems with one answer (empty when it is clean). The request itself is never a leak: a reflected value is not. */
export function inspect(answer: Answer, forbidden: Forbidden): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`${answer.status} server error`);
  const text = answer.text;
  const sent = `${answer.sent.url}\n${answer.sent.body ?? ''}`;
  for (const pattern of STACK) {
    const m = pattern.exec(text);
    if (m && !sent.includes(m[0])) problems.push(`stack trace or source path in the answer: ${JSON.stringify(m[0].slice(0, 80))}`);
  }
  for (const secret of forbidden.secrets) {
    if (secret && text.includes(secret) && !sent.includes(secret)) problems.push(`secret in the answer: ${JSON.stringify(secret.slice(0, 12))}…`);
  }
  for (const needle of forbidden.foreign) {
    if (needle && text.includes(needle) && !sent.includes(needle)) {
      problems.push(`another tenant's data in the answer: ${JSON.stringify(needle)}`);
      break;
    }
  }
  // Injected markup may be stored, but never served back as a page.
  if (/text\/html/i.test(answer.contentType) && /zq-xss/.test(text)) problems.push('injected markup served back as HTML');
  return problems;
}

interface Row {
  sent: number;
  passed: number;
  failed: number;
}

export interface Failure {
  category: string;
  what: string;
  status: number;
  problems: string[];
  body: string | undefined;
  answer: string;
}

/** Counts per category, and the failures with enough detail to reproduce them. */
export class Tally {
  readonly rows = new Map<string, Row>();
  readonly failures: Failure[] = [];
  /** Extra figures per category (e.g. how many IDOR probes got 404 and how many another 4xx). */
  readonly notes = new Map<string, Map<string, number>>();

  record(category: string, answer: Answer, problems: string[]): void {
    const row = this.rows.get(category) ?? { sent: 0, passed: 0, failed: 0 };
    row.sent++;
    if (problems.length === 0) row.passed++;
    else {
      row.failed++;
      this.failures.push({
        category,
        what: `${answer.sent.method} ${answer.sent.url}`,
        status: answer.status,
        problems,
        body: answer.sent.body?.slice(0, 300),
        answer: answer.text.slice(0, 300),
      });
    }
    this.rows.set(category, row);
  }

  note(category: string, label: string): void {
    const m = this.notes.get(category) ?? new Map<string, number>();
    m.set(label, (m.get(label) ?? 0) + 1);
    this.notes.set(category, m);
  }

  table(title: string): string {
    const lines = [title, `${'category'.padEnd(34)} ${'sent'.padStart(7)} ${'passed'.padStart(7)} ${'failed'.padStart(7)}`];
    let total: Row = { sent: 0, passed: 0, failed: 0 };
    for (const [category, row] of this.rows) {
      lines.push(`${category.padEnd(34)} ${String(row.sent).padStart(7)} ${String(row.passed).padStart(7)} ${String(row.failed).padStart(7)}`);
      total = { sent: total.sent + row.sent, passed: total.passed + row.passed, failed: total.failed + row.failed };
      const notes = this.notes.get(category);
      if (notes) lines.push(`${''.padEnd(4)}${[...notes].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    }
    lines.push(`${'total'.padEnd(34)} ${String(total.sent).padStart(7)} ${String(total.passed).padStart(7)} ${String(total.failed).padStart(7)}`);
    for (const f of this.failures.slice(0, 60)) {
      lines.push(`FAIL [${f.category}] ${f.what} → ${f.status}: ${f.problems.join('; ')}${f.body ? `\n    body: ${f.body}` : ''}\n    answer: ${f.answer}`);
    }
    if (this.failures.length > 60) lines.push(`… and ${this.failures.length - 60} more failures`);
    return lines.join('\n');
  }
}
