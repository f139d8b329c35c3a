import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditFile,
  blockingAdvisories,
  classifyAuditOutput,
  decide,
  EXIT,
  validateAllowlist,
  type AllowEntry,
  type NpmAuditReport,
} from '../../scripts/ci/auditPolicy.mjs';

// Outputs of `npm audit --json` in the shapes npm 10/11 prints: a report (auditReportVersion 2),
// the advisory endpoint refusing the request (HTTP 405), the endpoint unreachable, and no lockfile.
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const raw = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

function report(name: string): NpmAuditReport {
  const c = classifyAuditOutput(raw(name));
  if (c.kind !== 'report') throw new Error(`${name} is not a report: ${c.kind}`);
  return c.report;
}

const TODAY = '2026-11-28';

function entry(over: Partial<Record<keyof AllowEntry, unknown>>): Record<string, unknown> {
  return {
    id: 'GHSA-8c9f-g2h3-j4m5',
    package: 'glob-matcher',
    reason: 'Only the build tool matches globs, on patterns written in this repository; no user input reaches it.',
    reviewed: '2026-11-20',
    reviewBy: '2027-02-20',
    ...over,
  };
}

function entries(...list: Record<string, unknown>[]): AllowEntry[] {
  const v = validateAllowlist({ advisories: list });
  expect(v.errors).toEqual([]);
  return v.entries;
}

describe('classifying npm audit output', () => {
  it('reads a report with its counts', () => {
    const c = classifyAuditOutput(raw('npm-audit-findings.json'));
    expect(c.kind).toBe('report');
    if (c.kind === 'report') expect(c.report.metadata.vulnerabilities).toMatchObject({ high: 1, critical: 2, low: 1 });
  });

  it('tells a refused advisory endpoint (HTTP 405) apart from a report', () => {
    const c = classifyAuditOutput(raw('npm-audit-http405.json'));
    expect(c).toMatchObject({ kind: 'unavailable', error: { statusCode: 405 } });
    if (c.kind === 'unavailable') expect(c.error.message).toMatch(/405 Method Not Allowed/);
  });

  it('tells an unreachable advisory endpoint apart from a report', () => {
    expect(classifyAuditOutput(raw('npm-audit-econnrefused.json'))).toMatchObject({ kind: 'unavailable', error: { statusCode: null, code: 'ECONNREFUSED' } });
    expect(classifyAuditOutput(JSON.stringify({ error: { code: 'E503', summary: 'Service Unavailable' } }))).toMatchObject({ kind: 'unavailable', error: { statusCode: 503 } });
  });

  it('treats a missing lockfile or unreadable output as an error of the project, not as an unreachable database', () => {
    expect(classifyAuditOutput(raw('npm-audit-enolock.json'))).toMatchObject({ kind: 'error', message: expect.stringMatching(/^ENOLOCK: .*lockfile/) });
    expect(classifyAuditOutput('')).toMatchObject({ kind: 'error', message: 'npm audit printed nothing' });
    expect(classifyAuditOutput('npm ERR! something')).toMatchObject({ kind: 'error' });
  });
});

describe('the advisories that block', () => {
  it('lists each high or critical advisory once, on the package it is about, leaving out lower ones and dependents', () => {
    const advs = blockingAdvisories(report('npm-audit-findings.json'));
    expect(advs.map((a) => [a.package, a.id, a.severity])).toEqual([
      ['glob-matcher', 'GHSA-8C9F-G2H3-J4M5', 'high'],
      ['tar-stream-lite', 'GHSA-2C3F-4G5H-6J7M', 'critical'],
    ]);
    expect(advs[1]).toMatchObject({ source: 1101234, range: '<2.4.1', url: 'https://github.com/advisories/GHSA-2c3f-4g5h-6j7m' });
  });

  it('passes a clean report', () => {
    const v = decide(report('npm-audit-clean.json'), [], TODAY);
    expect(v).toMatchObject({ status: 'passed', blocking: [], allowed: [], expired: [], unused: [] });
  });

  it('fails on advisories not on the allow-list', () => {
    const v = decide(report('npm-audit-findings.json'), [], TODAY);
    expect(v.status).toBe('failed');
    expect(v.blocking.map((a) => a.package)).toEqual(['glob-matcher', 'tar-stream-lite']);
  });

  it('still fails when only some blocking advisories are allowed', () => {
    const v = decide(report('npm-audit-findings.json'), entries(entry({})), TODAY);
    expect(v.status).toBe('failed');
    expect(v.allowed.map((a) => a.package)).toEqual(['glob-matcher']);
    expect(v.blocking.map((a) => a.package)).toEqual(['tar-stream-lite']);
  });

  it('passes when every blocking advisory is allowed, matched by GHSA id, advisory number or URL', () => {
    const list = entries(
      entry({ id: 'ghsa-8c9f-g2h3-j4m5' }),
      entry({ id: 1101234, package: 'tar-stream-lite', reason: 'Archives are only unpacked from our own release bundles, never from uploads.' }),
    );
    const v = decide(report('npm-audit-findings.json'), list, TODAY);
    expect(v.status).toBe('passed');
    expect(v.allowed).toHaveLength(2);
    const byUrl = entries(
      entry({ id: undefined, url: 'https://github.com/advisories/GHSA-8c9f-g2h3-j4m5' }),
      entry({ id: 'GHSA-2c3f-4g5h-6j7m', package: 'tar-stream-lite' }),
    );
    expect(decide(report('npm-audit-findings.json'), byUrl, TODAY).status).toBe('passed');
  });

  it('does not let an entry for one package allow the same advisory id on another', () => {
    const v = decide(report('npm-audit-findings.json'), entries(entry({ package: 'archive-helper', id: 'GHSA-2c3f-4g5h-6j7m' })), TODAY);
    expect(v.blocking.map((a) => a.package)).toContain('tar-stream-lite');
    expect(v.unused).toHaveLength(1);
  });

  it('fails on an expired entry even when it matches nothing, and no longer allows its advisory', () => {
    const expired = entry({ reviewed: '2026-06-01', reviewBy: '2026-11-27' });
    const clean = decide(report('npm-audit-clean.json'), entries(expired), TODAY);
    expect(clean).toMatchObject({ status: 'failed', blocking: [] });
    expect(clean.expired.map((e) => e.id)).toEqual(['GHSA-8c9f-g2h3-j4m5']);
    const found = decide(report('npm-audit-findings.json'), entries(expired), TODAY);
    expect(found.blocking.find((a) => a.package === 'glob-matcher')).toMatchObject({ expiredEntry: true });
  });

  it('keeps an entry valid through its review-by day', () => {
    const v = decide(report('npm-audit-clean.json'), entries(entry({ reviewBy: TODAY })), TODAY);
    expect(v.status).toBe('passed');
    expect(v.unused).toHaveLength(1);
  });
});

describe('the allow-list file', () => {
  it('accepts the committed allow-list', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../audit-allowlist.json');
    expect(validateAllowlist(JSON.parse(readFileSync(file, 'utf8'))).errors).toEqual([]);
  });

  it('names every missing or wrong field', () => {
    const v = validateAllowlist({
      advisories: [
        { package: 'x', reason: 'short', reviewed: '2026-02-30', reviewBy: 'soon' },
        entry({ reviewed: '2026-11-20', reviewBy: '2026-11-01' }),
        entry({ reviewed: '2026-01-01', reviewBy: '2026-12-31' }),
        'GHSA-8c9f-g2h3-j4m5',
      ],
    });
    expect(v.entries).toEqual([]);
    expect(v.errors).toHaveLength(4);
    expect(v.errors[0]).toMatch(/advisories\[0\] \(x\): needs "id".*needs "reason".*needs "reviewed".*needs "reviewBy"/);
    expect(v.errors[1]).toMatch(/"reviewBy" is before "reviewed"/);
    expect(v.errors[2]).toMatch(/more than 180 days/);
    expect(v.errors[3]).toMatch(/advisories\[3\]: not an object/);
    expect(validateAllowlist([]).errors).toEqual(['the allow-list must be an object with an "advisories" array']);
  });
});

describe('npm-audit.json as the compliance report reads it', () => {
  const common = { checkedAt: '2026-11-28T00:00:00.000Z', allowlistFile: 'audit-allowlist.json', npmVersion: '11.0.0' };

  it('keeps npm’s counts and adds the verdict when the database answered', () => {
    const r = report('npm-audit-findings.json');
    const v = decide(r, entries(entry({})), TODAY);
    const file = auditFile({ classified: { kind: 'report', report: r }, verdict: v, ...common }) as {
      status: string;
      metadata: { vulnerabilities: Record<string, number> };
      policy: { status: string; blockingCounts: Record<string, number>; allowed: unknown[] };
    };
    expect(file.metadata.vulnerabilities).toMatchObject({ high: 1, critical: 2 });
    expect(file.status).toBe('failed');
    expect(file.policy).toMatchObject({ status: 'failed', blockingCounts: { high: 0, critical: 1 } });
    expect(file.policy.allowed).toHaveLength(1);
  });

  it('has no counts at all when the database could not be reached, so nothing reads as zero findings', () => {
    const file = auditFile({ classified: classifyAuditOutput(raw('npm-audit-http405.json')), ...common });
    expect(file).toMatchObject({ status: 'unavailable', error: { statusCode: 405 }, policy: { status: 'unavailable' } });
    expect(file).not.toHaveProperty('metadata');
  });

  it('uses distinct exit codes', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(4);
    expect(EXIT.unavailable).not.toBe(EXIT.failed);
  });
});

// The script itself, with the real npm: `npm audit` is pointed at an advisory endpoint on the
// loopback that answers like the registry's (bulk advisories, then the package's metadata), so
// npm builds its own report from this project's lockfile.
describe('scripts/ci/audit.mjs with npm', () => {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const yauzl = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules/yauzl/package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const advisory = { id: 1109999, url: 'https://github.com/advisories/GHSA-2c3f-4g5h-6j7m', title: 'Path traversal in entry names', severity: 'high', vulnerable_versions: '<99.0.0', cwe: ['CWE-22'], cvss: { score: 7.5, vectorString: null } };
  let answer: 'advisory' | 'none' | 'refuse' = 'none';
  let server: http.Server;
  let dir: string;
  let registry: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-audit-'));
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST' && req.url?.endsWith('/-/npm/v1/security/advisories/bulk')) {
          if (answer === 'refuse') {
            res.statusCode = 405;
            res.setHeader('allow', 'GET,HEAD');
            res.end();
          } else res.end(JSON.stringify(answer === 'advisory' ? { yauzl: [advisory] } : {}));
        } else if (req.method === 'GET' && req.url === '/yauzl') {
          res.end(JSON.stringify({ name: 'yauzl', 'dist-tags': { latest: yauzl.version }, versions: { [yauzl.version]: { name: 'yauzl', version: yauzl.version, dependencies: yauzl.dependencies ?? {} } } }));
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function runAudit(allowlist: Record<string, unknown>[]): Promise<{ code: number; stdout: string; stderr: string; file: Record<string, unknown> }> {
    const list = path.join(dir, 'allowlist.json');
    const out = path.join(dir, 'npm-audit.json');
    writeFileSync(list, JSON.stringify({ advisories: allowlist }));
    rmSync(out, { force: true });
    const args = ['scripts/ci/audit.mjs', '--allowlist', list, '--output', out, '--', '--registry', registry, '--cache', path.join(dir, 'cache')];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: projectRoot, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr, file: JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> });
      });
    });
  }

  it('passes when the database knows no advisory, and records zero findings', async () => {
    answer = 'none';
    const r = await runAudit([]);
    expect(r.code, r.stderr).toBe(EXIT.passed);
    expect(r.file).toMatchObject({ status: 'passed', metadata: { vulnerabilities: { high: 0, critical: 0 } } });
  });

  it('fails on a high advisory that is not allowed, and passes once a reviewed entry covers it', async () => {
    answer = 'advisory';
    const failed = await runAudit([]);
    expect(failed.code).toBe(EXIT.failed);
    expect(failed.stderr).toMatch(/HIGH\s+yauzl .*GHSA-2C3F-4G5H-6J7M/);
    expect(failed.file).toMatchObject({ status: 'failed', metadata: { vulnerabilities: { high: 1 } }, policy: { blockingCounts: { high: 1 } } });
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const allowed = await runAudit([entry({ id: 'GHSA-2c3f-4g5h-6j7m', package: 'yauzl', reviewed: today, reviewBy: later })]);
    expect(allowed.code, allowed.stderr).toBe(EXIT.passed);
    expect(allowed.stdout).toMatch(/allowed until/);
    expect(allowed.file).toMatchObject({ status: 'passed', policy: { blockingCounts: { high: 0 }, allowed: [{ package: 'yauzl' }] } });
  });

  it('says the database could not be reached when the endpoint refuses, with its own exit code', async () => {
    answer = 'refuse';
    const r = await runAudit([]);
    expect(r.code).toBe(EXIT.unavailable);
    expect(r.stderr).toMatch(/UNAVAILABLE .*HTTP 405/);
    expect(r.file).toMatchObject({ status: 'unavailable', error: { statusCode: 405 } });
    expect(r.file).not.toHaveProperty('metadata');
  });
});
