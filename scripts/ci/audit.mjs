#!/usr/bin/env node
// Dependency audit with a reviewed allow-list (docs/dependencies.md).
//
//   node scripts/ci/audit.mjs [--allowlist FILE] [--output FILE] [-- extra npm audit args]
//
// Runs `npm audit --json`, writes the result to npm-audit.json at the project root (read by the
// compliance report), and exits with:
//   0  no high/critical advisory outside the allow-list, and no expired allow-list entry
//   1  a high/critical advisory not on the allow-list, or an allow-list entry past its reviewBy date
//   2  the allow-list is malformed, or npm audit failed for a reason of this project
//   3  the advisory database could not be reached (HTTP error or network error): nothing is known
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditFile, classifyAuditOutput, decide, EXIT, utcDay, validateAllowlist } from './auditPolicy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const opts = { allowlist: path.join(root, 'audit-allowlist.json'), output: path.join(root, 'npm-audit.json'), npmArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      opts.npmArgs = argv.slice(i + 1);
      break;
    } else if (a === '--allowlist') opts.allowlist = path.resolve(argv[++i] ?? '');
    else if (a === '--output') opts.output = path.resolve(argv[++i] ?? '');
    else {
      console.error(`audit: unknown argument ${a}`);
      process.exit(EXIT.invalid);
    }
  }
  return opts;
}

function write(file, content) {
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

function describe(adv) {
  return `  ${adv.severity.toUpperCase().padEnd(8)} ${adv.package} ${adv.range ? `(${adv.range}) ` : ''}${adv.id} ${adv.title}${adv.url ? `\n           ${adv.url}` : ''}`;
}

const opts = parseArgs(process.argv.slice(2));
const checkedAt = new Date().toISOString();
const today = utcDay();
const allowlistFile = path.relative(root, opts.allowlist) || opts.allowlist;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npmVersion = spawnSync(npm, ['--version'], { encoding: 'utf8' }).stdout?.trim() || null;

let allow;
try {
  allow = validateAllowlist(JSON.parse(readFileSync(opts.allowlist, 'utf8')));
} catch (e) {
  allow = { entries: [], errors: [`cannot read ${allowlistFile}: ${e instanceof Error ? e.message : String(e)}`] };
}
if (allow.errors.length) {
  console.error(`audit: the allow-list ${allowlistFile} is not valid:`);
  for (const err of allow.errors) console.error(`  - ${err}`);
  write(opts.output, auditFile({ classified: { kind: 'error', message: `allow-list invalid: ${allow.errors.join('; ')}` }, checkedAt, allowlistFile, npmVersion }));
  process.exit(EXIT.invalid);
}

const run = spawnSync(npm, ['audit', '--json', ...opts.npmArgs], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (run.error) {
  console.error(`audit: could not run npm audit: ${run.error.message}`);
  write(opts.output, auditFile({ classified: { kind: 'error', message: run.error.message }, checkedAt, allowlistFile, npmVersion }));
  process.exit(EXIT.invalid);
}
const classified = classifyAuditOutput(run.stdout);

if (classified.kind === 'unavailable') {
  write(opts.output, auditFile({ classified, checkedAt, allowlistFile, npmVersion }));
  const status = classified.error.statusCode ? `HTTP ${classified.error.statusCode}` : (classified.error.code ?? 'no answer');
  console.error('audit: ======================================================================');
  console.error(`audit: UNAVAILABLE — the advisory database could not be reached (${status}).`);
  console.error(`audit: ${classified.error.message}`);
  console.error('audit: No finding is known either way: this is NOT a pass.');
  console.error(`audit: Recorded in ${path.relative(root, opts.output)} as status "unavailable"; exit code ${EXIT.unavailable}.`);
  console.error('audit: ======================================================================');
  process.exit(EXIT.unavailable);
}

if (classified.kind === 'error') {
  write(opts.output, auditFile({ classified, checkedAt, allowlistFile, npmVersion }));
  console.error(`audit: npm audit failed: ${classified.message}`);
  process.exit(EXIT.invalid);
}

const verdict = decide(classified.report, allow.entries, today);
write(opts.output, auditFile({ classified, verdict, checkedAt, allowlistFile, npmVersion }));
const c = verdict.counts;
console.log(`audit: npm ${npmVersion ?? '?'}; vulnerable packages: critical ${c.critical}, high ${c.high}, moderate ${c.moderate}, low ${c.low}, info ${c.info}`);
if (verdict.allowed.length) {
  console.log(`audit: ${verdict.allowed.length} high/critical advisory(ies) allowed by ${allowlistFile}:`);
  for (const a of verdict.allowed) console.log(`${describe(a)}\n           allowed until ${a.reviewBy}: ${a.reason}`);
}
for (const e of verdict.unused) console.log(`audit: note: allow-list entry ${e.id ?? e.url} (${e.package}) matches no current advisory; remove it`);
if (verdict.expired.length) {
  console.error(`audit: ${verdict.expired.length} allow-list entry(ies) past their reviewBy date (today ${today}); review them again or remove them:`);
  for (const e of verdict.expired) console.error(`  ${e.id ?? e.url} (${e.package}) reviewBy ${e.reviewBy}`);
}
if (verdict.blocking.length) {
  console.error(`audit: ${verdict.blocking.length} high/critical advisory(ies) not on the allow-list:`);
  for (const a of verdict.blocking) console.error(describe(a));
  console.error('audit: fix with `npm audit fix` / an upgrade, or add a reviewed entry to the allow-list (docs/dependencies.md).');
}
console.log(`audit: ${verdict.status === 'passed' ? 'passed' : 'FAILED'} (written to ${path.relative(root, opts.output)})`);
process.exit(verdict.status === 'passed' ? EXIT.passed : EXIT.failed);
