import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson, sha256Of } from './canonical.js';
import { entryFromObject, type ChainEntry, type Checkpoint } from './chainFormat.js';
import { EVIDENCE_FORMAT, type EvidenceManifest } from './evidence.js';
import { trustedKeyFromPem, verifySignature, type TrustedKey } from './signingKey.js';
import { verifyChain, type ChainBreak } from './verifyChain.js';

/** The outcome of checking an evidence package without the database. */
export interface EvidenceReport {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  chain?: string;
  tenant?: { id: string; code: string; name: string };
  period?: { from: string; to: string };
  /** The id of the key that signed the manifest: compare it with the provider's published key id. */
  keyId?: string;
  problems: string[];
  break?: ChainBreak;
}

function fail(report: EvidenceReport, problem: string): EvidenceReport {
  return { ...report, ok: false, problems: [...report.problems, problem] };
}

function isManifest(value: unknown): value is EvidenceManifest {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<EvidenceManifest>;
  return (
    m.format === EVIDENCE_FORMAT &&
    typeof m.chain === 'string' &&
    typeof m.eventsSha256 === 'string' &&
    !!m.tenant && typeof m.tenant.id === 'string' &&
    !!m.entries && typeof m.entries.count === 'number' &&
    Array.isArray(m.checkpoints) && Array.isArray(m.publicKeys) &&
    !!m.signature && typeof m.signature.value === 'string'
  );
}

/**
 * Checks a package given its manifest text and its events bytes: the manifest's signature
 * by the key it names, the events' digest, every entry's hash and link from the signed
 * start, the count, the first and last hash, and every checkpoint's signature.
 */
export async function verifyEvidenceContent(manifestText: string, events: Buffer): Promise<EvidenceReport> {
  let report: EvidenceReport = { ok: true, entries: 0, problems: [] };
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    return fail(report, 'the manifest is not valid JSON');
  }
  if (!isManifest(manifest)) return fail(report, `the manifest is not a ${EVIDENCE_FORMAT} manifest`);
  report = { ...report, chain: manifest.chain, tenant: manifest.tenant, period: manifest.period, keyId: manifest.signature.keyId };

  let keys: TrustedKey[];
  try {
    keys = manifest.publicKeys.map((k) => trustedKeyFromPem(k.publicKeyPem));
  } catch {
    return fail(report, 'a public key in the manifest cannot be read');
  }
  if (manifest.publicKeys.some((k, i) => k.keyId !== keys[i]!.keyId)) return fail(report, 'a public key in the manifest does not have the id it claims');
  const signer = keys.find((k) => k.keyId === manifest.signature.keyId);
  const { signature, ...unsigned } = manifest;
  if (!signer || !verifySignature(signer.publicKeyPem, canonicalJson(unsigned), signature.value)) {
    return fail(report, 'the manifest signature is not valid: the manifest was altered or not signed by the key it names');
  }
  if (sha256Of(events) !== manifest.eventsSha256) report = fail(report, 'the events file does not match the SHA-256 in the manifest: it was altered');
  if (manifest.chain !== `tenant:${manifest.tenant.id}`) report = fail(report, 'the manifest names a chain of another tenant');

  const entries: ChainEntry[] = [];
  const lines = events.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    let object: unknown;
    try {
      object = JSON.parse(line);
    } catch {
      return fail(report, `line ${i + 1} of the events is not valid JSON`);
    }
    const entry = object && typeof object === 'object' ? entryFromObject('tenant', object as Record<string, unknown>) : undefined;
    if (!entry) return fail(report, `line ${i + 1} of the events is not a chain entry`);
    if ((object as { tenant_id?: unknown }).tenant_id !== manifest.tenant.id) return fail(report, `line ${i + 1} belongs to another tenant`);
    entries.push(entry);
  }
  const { count, firstSeq, lastSeq, firstPrevHash, firstHash, lastHash } = manifest.entries;
  if (entries.length !== count) report = fail(report, `the manifest counts ${count} entries, the events file has ${entries.length}`);
  if (entries.length && (entries[0]!.hash !== firstHash || entries.at(-1)!.hash !== lastHash || entries[0]!.seq !== firstSeq || entries.at(-1)!.seq !== lastSeq)) {
    report = fail(report, 'the first or last entry differs from the manifest');
  }
  const chain = await verifyChain(
    {
      ref: { kind: 'tenant', tenantId: manifest.tenant.id },
      label: manifest.chain,
      checkpoints: manifest.checkpoints as Checkpoint[],
      ...(lastSeq !== null && lastHash !== null ? { head: { seq: lastSeq, hash: lastHash } } : {}),
      ...(firstSeq !== null && firstSeq > 1 && firstPrevHash ? { anchor: { seq: firstSeq - 1, hash: firstPrevHash } } : {}),
      async *entries() {
        yield entries;
      },
      findByPrevHash: async (hash) => entries.filter((e) => e.prevHash === hash).map((e) => ({ seq: e.seq, hash: e.hash })),
    },
    keys,
  );
  report.entries = chain.entries;
  if (!chain.ok && chain.break) report = { ...fail(report, `chain: ${chain.break.message}`), break: chain.break };
  return report;
}

/**
 * Checks a package on disk: a directory with `manifest.json` and `events.jsonl`, or the
 * single-file form (manifest on the first line, events after it) as downloaded.
 */
export async function verifyEvidencePath(target: string): Promise<EvidenceReport> {
  const info = await stat(target);
  if (info.isDirectory()) {
    const names = await readdir(target);
    if (!names.includes('manifest.json') || !names.includes('events.jsonl')) {
      return { ok: false, entries: 0, problems: [`${target} must hold manifest.json and events.jsonl`] };
    }
    return verifyEvidenceContent(await readFile(path.join(target, 'manifest.json'), 'utf8'), await readFile(path.join(target, 'events.jsonl')));
  }
  const bytes = await readFile(target);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return verifyEvidenceContent(bytes.toString('utf8'), Buffer.alloc(0));
  return verifyEvidenceContent(bytes.subarray(0, newline).toString('utf8'), bytes.subarray(newline + 1));
}
