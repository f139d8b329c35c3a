import type { Config } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import { verifyEvidencePath } from './evidenceVerify.js';
import { auditKeysDir, readTrustedKeys } from './signingKey.js';
import { verifyAllChains } from './verifyDatabase.js';

/**
 * `sotas verify-audit`: walks the operator log and every tenant's log, prints each broken
 * chain with its first break, and returns the exit code (1 when anything is broken).
 */
export async function runVerifyAudit(db: Database, config: Config, tell: (text: string) => void): Promise<number> {
  const keys = readTrustedKeys(auditKeysDir(config));
  if (!keys.length) tell(`No audit signing key in ${auditKeysDir(config)}: checkpoints cannot be checked (the key is created when the first checkpoint is sealed).`);
  const started = Date.now();
  const summary = await verifyAllChains(db, keys, (report) => {
    if (report.ok) return;
    const b = report.break!;
    tell(`BROKEN ${report.chain}: ${b.kind} at ${b.seq === null ? 'an entry outside the chain' : `entry ${b.seq}`} — ${b.message}`);
  });
  const seconds = (Date.now() - started) / 1000;
  tell(`${summary.ok ? 'OK' : 'FAILED'}: ${summary.chains} chains, ${summary.entries} entries verified in ${seconds.toFixed(1)} s${summary.broken.length ? `, ${summary.broken.length} broken` : ''}.`);
  if (summary.preChain) tell(`${summary.preChain} entries were written before the hash chains existed (migration 0009) and are not covered by them.`);
  return summary.ok ? 0 : 1;
}

/** `sotas verify-evidence <dir|file>`: checks an evidence package offline; returns the exit code. */
export async function runVerifyEvidence(target: string | undefined, tell: (text: string) => void): Promise<number> {
  if (!target) {
    tell('Usage: sotas verify-evidence <directory with manifest.json and events.jsonl | downloaded .evidence.jsonl file>');
    return 1;
  }
  const report = await verifyEvidencePath(target);
  if (report.tenant) tell(`Tenant ${report.tenant.name} (${report.tenant.code}), ${report.period?.from} to ${report.period?.to}`);
  if (report.keyId) tell(`Signed by key ${report.keyId}: compare it with the key id the provider publishes.`);
  for (const problem of report.problems) tell(`PROBLEM: ${problem}`);
  tell(report.ok ? `OK: ${report.entries} entries verified; the package is intact.` : 'FAILED: the package does not verify.');
  return report.ok ? 0 : 1;
}
